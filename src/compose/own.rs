//! The hand-over from the page's own comments to the widget's (see `comments::view::own`), made
//! by the reader's part of the widget: it knows the form, so what the reader typed in the page's
//! form goes into the widget's.

use gloo_events::EventListener;
use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use crate::comments::model::CommentId;
use crate::comments::region::Region;
use crate::web::events::Host;

/// The region's first page is all on screen (in its hidden section) and this part is here: the
/// section takes the page's comments' place now, or, while the reader is in them, once the focus
/// leaves them ([`Acts::hand_over`]).
///
/// [`Acts::hand_over`]: crate::comments::region::Acts::hand_over
pub fn hand_over(region: Region) {
    // (Also from a timer: the region may be gone.)
    let Some(host) = region.host.and_then(Host::element) else {
        return;
    };
    let Some(section) = region.focus.root.try_get_untracked().flatten() else {
        return;
    };
    // Made already.
    if !section.hidden() {
        return;
    }
    if focus_within_own(&host) {
        // One wait per region (marked on its section): each time the focus leaves something in
        // the page's comments, where it went is known once that event is over.
        if !section.has_attribute(WAITING) {
            let _ = section.set_attribute(WAITING, "");
            keep(
                region,
                EventListener::new(&host, "focusout", move |_| {
                    gloo_timers::callback::Timeout::new(0, move || hand_over(region)).forget();
                }),
            );
        }
        return;
    }
    let place = host
        .shadow_root()
        .and_then(|shadow| shadow.query_selector(".own-comments").ok().flatten())
        .and_then(|place| place.dyn_into::<HtmlElement>().ok());
    let rect = place.as_ref().map(|place| place.get_bounding_client_rect());
    // Whole pixels, up (formatting an `f64` would bring float formatting along).
    let height = rect.as_ref().map_or(0, |rect| rect.height().ceil() as u32);
    // On screen or within a screen of it: the reader may be looking at it.
    let screen = document().document_element().map_or(0, |root| root.client_height()) as f64;
    let near = rect.is_some_and(|rect| rect.top() < 2.0 * screen && rect.bottom() > -screen);
    carry_typed(&host, region);
    // In one task: never a frame with both, or with neither.
    if let Some(place) = place {
        place.set_hidden(true);
    }
    // Its first page was laid out while hidden, a few comments a frame (style/maqal.css). Where
    // the reader may be looking it stays laid out in full (`arriving`: no text at a
    // placeholder's size moves what is below it when it is scrolled to) until the reader acts,
    // then it goes back to skipping what is off screen, its sizes remembered. Farther away it
    // skips its texts at once, as any list below the fold does, their sizes remembered too.
    if near {
        let _ = section.class_list().add_1("arriving");
    }
    section.set_hidden(false);

    // What is below stays where it was (a shorter list leaves space, a longer one adds below
    // it) until the reader acts, when a change is theirs.
    if height > 0 {
        let _ = section.style().set_property("min-height", &format!("{height}px"));
    }
    let release = move |_: &web_sys::Event| {
        if let Some(section) = region.focus.root.try_get_untracked().flatten() {
            let _ = section.style().remove_property("min-height");
            let _ = section.class_list().remove_1("arriving");
        }
    };
    // Anywhere on the page: a shift just after a reader's input is theirs. On a click, not on
    // the press that starts it: the press would move what is under the pointer before the
    // release, and a click on the form's button (below a list shorter than the page's) would
    // land beside it. A key acts on the focused element wherever it has moved.
    let page = document();
    for kind in ["click", "keydown"] {
        keep(region, EventListener::new(&page, kind, release));
    }
}

/// Marks a region's section while a wait for the focus to leave the page's comments is set up.
const WAITING: &str = "data-own-wait";

/// Keeps `listener` for as long as the region lives.
fn keep(region: Region, listener: EventListener) {
    if let Some(owner) = region.owner.get_value() {
        let listener = SendWrapper::new(listener);
        owner.with(|| on_cleanup(move || drop(listener)));
    }
}

/// The focus is in the page's own comments (light DOM children of `host` marked for the slot).
fn focus_within_own(host: &Element) -> bool {
    document()
        .active_element()
        .and_then(|active| active.closest("[slot=maqal-comments]").ok().flatten())
        .is_some_and(|own| host.contains(Some(&own)))
}

/// The page's form's fields (WordPress's names) and the widget's form's, with the property that
/// holds what the reader gave. Selectors written out (not formatted from `OWN_COMMENTS_SLOT` and
/// `OWN_COMMENTS_PLACE`: no formatting here), checked against them by the tests below.
const CARRIED: [(&str, &str, &str); 5] = [
    ("[slot=maqal-comments] form [name=comment]", "#maqal-comment", "value"),
    ("[slot=maqal-comments] form [name=author]", "#maqal-name", "value"),
    ("[slot=maqal-comments] form [name=email]", "#maqal-email", "value"),
    ("[slot=maqal-comments] form [name=url]", "#maqal-website", "value"),
    (
        "[slot=maqal-comments] form [name=wp-comment-cookies-consent]",
        "#maqal-remember",
        "checked",
    ),
];

/// What the reader gave in the page's own form, into the widget's form as if given there (an
/// `input` event each: the form keeps it, and its behaviour takes it); the comment they were
/// answering, if it is on screen. The widget's form is drawn by then (a frame after its section).
fn carry_typed(host: &Element, region: Region) {
    let Some(shadow) = host.shadow_root() else {
        return;
    };
    for (theirs, ours, property) in CARRIED {
        let (Some(theirs), Some(ours)) = (
            host.query_selector(theirs).ok().flatten(),
            shadow.query_selector(ours).ok().flatten(),
        ) else {
            continue;
        };
        let given = js_sys::Reflect::get(&theirs, &property.into()).unwrap_or_default();
        // Only what was given (a box left unticked says nothing).
        if given.is_truthy() {
            let _ = js_sys::Reflect::set(&ours, &property.into(), &given);
            typed(&ours, "input");
        }
    }
    // WordPress's own reply link moves its form under a comment and names it here.
    if let Some(parent) = host
        .query_selector("[slot=maqal-comments] form [name=comment_parent]")
        .ok()
        .flatten()
        .and_then(|field| js_sys::Reflect::get(&field, &"value".into()).ok()?.as_string())
        .and_then(|id| CommentId::parse(&id))
        && region.thread.find(&parent).is_some()
    {
        region.replying_to.set(Some(parent));
    }
}

/// Tells the widget's form a field changed, as the reader's typing would (bubbling to its holder).
fn typed(field: &Element, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    if let Ok(event) = web_sys::Event::new_with_event_init_dict(kind, &init) {
        let _ = field.dispatch_event(&event);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::comments::view::own::{OWN_COMMENTS_PLACE, OWN_COMMENTS_SLOT};

    #[test]
    fn selectors_name_the_slot_and_place_the_first_screen_makes() {
        let slot = format!("[slot={OWN_COMMENTS_SLOT}]");
        assert!(CARRIED.iter().all(|(theirs, _, _)| theirs.starts_with(&slot)));
        let source = include_str!("own.rs");
        assert!(source.contains(&format!("closest(\"{slot}\")")));
        assert!(source.contains(&format!("query_selector(\".{OWN_COMMENTS_PLACE}\")")));
        assert!(source.contains(&format!("query_selector(\"{slot} form [name=comment_parent]\")")));
    }
}
