//! The widget's element as its components see it: the events dispatched on it, for analytics
//! and host apps, and the custom states (`:state(shown)`) that tell the page's CSS about it.
//! Provided as context by `host::article_element`; components only call [`Host::emit`] and
//! [`Host::mark`].
//!
//! Every event bubbles and is `composed` (it leaves the shadow root), and its `detail` carries no
//! personal data: no names, emails or comment text.

use leptos::prelude::*;
use serde::Serialize;
use wasm_bindgen::JsCast;
use web_sys::{CustomEvent, CustomEventInit, HtmlElement};

/// What happened, with the (data-free) facts a listener gets.
#[derive(Clone, Debug, PartialEq)]
pub enum WidgetEvent<'a> {
    /// The article is on screen.
    Ready { headline: &'a str, url: &'a str },
    /// The first page of comments is on screen; `total` counts the whole thread.
    CommentsLoaded { total: usize },
    /// The reader's comment was accepted: published, or held for moderation.
    CommentPosted { id: &'a str, held: bool },
    /// A region could not load.
    Error { part: Part, kind: &'static str },
}

/// Which part of the widget an error is about (`detail.region` of `maqal:error`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Article,
    Comments,
}

impl WidgetEvent<'_> {
    pub fn name(&self) -> &'static str {
        match self {
            WidgetEvent::Ready { .. } => "maqal:ready",
            WidgetEvent::CommentsLoaded { .. } => "maqal:comments-loaded",
            WidgetEvent::CommentPosted { .. } => "maqal:comment-posted",
            WidgetEvent::Error { .. } => "maqal:error",
        }
    }

    pub fn detail(&self) -> Detail<'_> {
        match *self {
            WidgetEvent::Ready { headline, url } => Detail::Ready { headline, url },
            WidgetEvent::CommentsLoaded { total } => Detail::CommentsLoaded { total },
            WidgetEvent::CommentPosted { id, held } => Detail::CommentPosted {
                id,
                status: if held { "held" } else { "published" },
            },
            WidgetEvent::Error { part, kind } => Detail::Error {
                region: match part {
                    Part::Article => "article",
                    Part::Comments => "comments",
                },
                kind,
            },
        }
    }
}

/// An event's `detail`, as a listener reads it (an object of these members).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Detail<'a> {
    Ready { headline: &'a str, url: &'a str },
    CommentsLoaded { total: usize },
    CommentPosted { id: &'a str, status: &'static str },
    Error { region: &'static str, kind: &'static str },
}

/// The element a widget renders into.
#[derive(Clone, Copy)]
pub struct Host(StoredValue<HtmlElement, LocalStorage>);

impl Host {
    /// Makes `element` the host for the components below the current owner.
    pub fn provide(element: HtmlElement) {
        provide_context(Host(StoredValue::new_local(element)));
    }

    /// The current widget's host, if there is one (there is none in isolated component tests).
    pub fn current() -> Option<Host> {
        use_context::<Host>()
    }

    pub fn element(self) -> Option<HtmlElement> {
        self.0.try_get_value()
    }

    /// Sets or clears a custom state of the element (see [`State`]).
    pub fn mark(self, state: State, on: bool) {
        if let Some(host) = self.element() {
            set_state(&host, state, on);
        }
    }

    /// Dispatches `event` on the host. Nothing happens once the widget is gone.
    pub fn emit(self, event: WidgetEvent<'_>) {
        if let Some(host) = self.element() {
            dispatch(&host, &event);
        }
    }
}

/// What the element says about itself to the page's CSS, as custom states.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// The widget shows its article (or why it cannot): until then the loader's stylesheet
    /// holds the element's space (`:state(shown)`, see `embed/maqal.js`).
    Shown,
    /// The page's own article HTML is what the element shows (`:state(own-html)`): the element
    /// then lays it out as the page did before the widget ran.
    OwnHtml,
}

/// Adds or removes a custom state (`:state(name)` in CSS) of a widget element, through the
/// `ElementInternals` its class keeps (`maqalInternals`); nothing where the browser has none.
pub fn set_state(element: &HtmlElement, state: State, on: bool) {
    let name = match state {
        State::Shown => "shown",
        State::OwnHtml => "own-html",
    };
    let states = js_sys::Reflect::get(element, &"maqalInternals".into())
        .and_then(|internals| js_sys::Reflect::get(&internals, &"states".into()));
    let Ok(states) = states else { return };
    let method = if on { "add" } else { "delete" };
    if let Ok(call) = js_sys::Reflect::get(&states, &method.into()).and_then(|f| f.dyn_into::<js_sys::Function>()) {
        let _ = call.call1(&states, &name.into());
    }
}

/// Dispatches `event` on `host`: bubbling, and out of any shadow root the host sits in.
pub fn dispatch(host: &web_sys::EventTarget, event: &WidgetEvent<'_>) {
    let Ok(detail) = super::json::to_js(&event.detail()) else {
        return;
    };
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(dispatched) = CustomEvent::new_with_event_init_dict(event.name(), &init) {
        let _ = host.dispatch_event(dispatched.unchecked_ref());
    }
}

/// Emits `event` on the current widget's host, if any.
pub fn emit(event: WidgetEvent<'_>) {
    if let Some(host) = Host::current() {
        host.emit(event);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::json;

    #[test]
    fn names_and_details_carry_no_personal_data() {
        let ready = WidgetEvent::Ready {
            headline: "عنوان",
            url: "https://example.com/a",
        };
        assert_eq!(ready.name(), "maqal:ready");
        assert_eq!(
            json::to_string(&ready.detail()),
            r#"{"headline":"عنوان","url":"https://example.com/a"}"#
        );
        assert_eq!(
            json::to_string(&WidgetEvent::CommentsLoaded { total: 3 }.detail()),
            r#"{"total":3}"#
        );
        let posted = WidgetEvent::CommentPosted { id: "42", held: true };
        assert_eq!(
            (posted.name(), json::to_string(&posted.detail()).as_str()),
            ("maqal:comment-posted", r#"{"id":"42","status":"held"}"#)
        );
        let published = WidgetEvent::CommentPosted { id: "7", held: false };
        assert_eq!(
            json::to_string(&published.detail()),
            r#"{"id":"7","status":"published"}"#
        );
        let error = WidgetEvent::Error {
            part: Part::Comments,
            kind: "timeout",
        };
        assert_eq!(
            (error.name(), json::to_string(&error.detail()).as_str()),
            ("maqal:error", r#"{"region":"comments","kind":"timeout"}"#)
        );
    }
}
