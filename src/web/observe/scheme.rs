//! `watch_scheme`: when the page around a widget may have changed between light and dark.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_render::{AnimationFrame, request_animation_frame};
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement, MutationObserver, MutationObserverInit};

use crate::web::dom::container;

/// The reader's system setting, `prefers-color-scheme: dark`.
pub fn system_dark() -> Option<web_sys::MediaQueryList> {
    window().match_media("(prefers-color-scheme: dark)").ok().flatten()
}

/// Calls `decide` whenever the page may have changed its look around `host`, for as long as the
/// current reactive owner lives: the element's own attributes (`theme`), any attribute of any
/// element it sits in (up to `<html>`, and `<body>`), the page's color-scheme meta tag or a
/// stylesheet in `<head>`, a stylesheet that finishes loading, a colour transition that ends,
/// and the system's scheme. A MutationObserver's callback runs before the next frame is drawn,
/// so a change shows in the same frame as the page's.
pub fn watch_scheme(host: HtmlElement, decide: impl Fn() + Clone + 'static) {
    let gate = Rc::new(FrameGate::default());
    let apply = gate.clone().wrap(decide);
    let on_mutation = Closure::<dyn Fn()>::new(apply.clone());
    let observer = MutationObserver::new(on_mutation.as_ref().unchecked_ref()).ok();
    if let Some(observer) = &observer {
        // Any attribute: theme toggles use their own (`data-mantine-color-scheme`,
        // `data-color-mode`, …); a page that writes one on every scroll costs at most two
        // decisions a frame (`FrameGate`).
        let options = MutationObserverInit::new();
        options.set_attributes(true);
        let document = document();
        // Every element the widget sits in, up to <html> (a wrapper such as `#app` toggling
        // `.dark` is often the one that paints), across shadow roots and slots.
        let mut el: Option<Element> = Some(host.into());
        while let Some(current) = el {
            let _ = observer.observe_with_options(&current, &options);
            el = container(&current);
        }
        if let Some(body) = document.body() {
            let _ = observer.observe_with_options(&body, &options);
        }
        // A `<meta name="color-scheme">` or a stylesheet added, removed or changed.
        if let Some(head) = document.head() {
            let metas = MutationObserverInit::new();
            metas.set_child_list(true);
            metas.set_subtree(true);
            let watched = ["content", "media", "disabled", "href"].map(JsValue::from);
            metas.set_attribute_filter(&js_sys::Array::from_iter(watched));
            let _ = observer.observe_with_options(&head, &metas);
        }
    }
    // Events of the page's own that may repaint it; neither bubbles, so they are captured.
    let on_document = |name: &'static str, repaints: fn(&web_sys::Event) -> bool| {
        let apply = apply.clone();
        EventListener::new_with_options(
            &document(),
            name,
            gloo_events::EventListenerOptions::run_in_capture_phase(),
            move |event| {
                if repaints(event) {
                    apply();
                }
            },
        )
    };
    let on_page = [
        // A stylesheet that finishes loading.
        on_document("load", |event| {
            event.target().is_some_and(|t| t.has_type::<web_sys::HtmlLinkElement>())
        }),
        // A page that animates its background between themes has the old colour when the
        // mutation is observed: decided again once a colour transition ends.
        on_document("transitionend", |event| {
            let property = js_sys::Reflect::get(event, &JsValue::from("propertyName"))
                .ok()
                .and_then(|p| p.as_string())
                .unwrap_or_default();
            property.contains("color") || property.starts_with("background")
        }),
    ];
    let on_system = system_dark().map(|query| EventListener::new(&query, "change", move |_| apply()));
    // Ends with the widget: the observer stops and the closure and listeners are released.
    let parts = send_wrapper::SendWrapper::new((observer, on_mutation, on_system, on_page, gate));
    on_cleanup(move || {
        let (observer, _closure, _listener, _listeners, gate) = parts.take();
        if let Some(observer) = observer {
            observer.disconnect();
        }
        // A decision still due at the next frame is not made.
        gate.frame.borrow_mut().take();
    });
}

/// Makes the page's changes cost at most two decisions a frame: the first change of a frame is
/// decided at once (a toggle shows in the frame it happens in), and any later ones once more at
/// the next frame.
#[derive(Default)]
struct FrameGate {
    waiting: Cell<bool>,
    again: Cell<bool>,
    frame: RefCell<Option<AnimationFrame>>,
}

impl FrameGate {
    fn wrap(self: Rc<Self>, decide: impl Fn() + Clone + 'static) -> impl Fn() + Clone + 'static {
        move || {
            if self.waiting.get() {
                self.again.set(true);
                return;
            }
            decide();
            self.waiting.set(true);
            let (gate, decide) = (self.clone(), decide.clone());
            // Replaces the handle of a frame that has already run.
            *self.frame.borrow_mut() = Some(request_animation_frame(move |_| {
                gate.waiting.set(false);
                if gate.again.replace(false) {
                    decide();
                }
            }));
        }
    }
}
