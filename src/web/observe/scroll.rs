//! Scrolling, where it happens: the page's viewport, or, in an app whose content scrolls inside
//! an element (`overflow: auto`), that element.

use gloo_events::{EventListener, EventListenerOptions};
use leptos::html::Div;
use leptos::prelude::*;
use web_sys::{Element, ScrollBehavior, ScrollToOptions};

use crate::web::dom::container;

/// The elements around `el` that may scroll their content (`overflow-y: auto`, `scroll`), across
/// shadow roots and slots, nearest first: not the document's own (that is the viewport's).
fn scrolling_ancestors(el: &Element) -> impl Iterator<Item = Element> {
    let root = document().document_element();
    std::iter::successors(container(el), container).filter(move |current| {
        let scrolls = window()
            .get_computed_style(current)
            .ok()
            .flatten()
            .and_then(|style| style.get_property_value("overflow-y").ok())
            .is_some_and(|overflow| matches!(overflow.as_str(), "auto" | "scroll" | "overlay"));
        scrolls && Some(current) != root.as_ref() && current.local_name() != "body"
    })
}

/// The nearest element around `el` that scrolls its content, across shadow roots and slots;
/// `None` when that is the page's viewport. An element whose `overflow-y` only computes to
/// `auto` (from `overflow-x: hidden`) but grows with its content does not scroll, and would make
/// everything in it count as near.
pub fn scroll_container(el: &Element) -> Option<Element> {
    scrolling_ancestors(el).find(|current| current.scroll_height() > current.client_height())
}

/// Calls `on_scroll` whenever the page scrolls, and whenever the element that `target` scrolls
/// in does, for as long as the caller's owner lives.
pub fn use_scroll(target: NodeRef<Div>, on_scroll: impl Fn() + Clone + 'static) {
    let listeners = StoredValue::new_local(Vec::<EventListener>::new());
    let passive = || EventListenerOptions {
        passive: true,
        ..EventListenerOptions::default()
    };
    let listen = {
        let on_scroll = on_scroll.clone();
        move |at: &web_sys::EventTarget| {
            let on_scroll = on_scroll.clone();
            let listener = EventListener::new_with_options(at, "scroll", passive(), move |_| on_scroll());
            listeners.update_value(|all| all.push(listener));
        }
    };
    listen(&window());
    // Every element that may scroll around it, not only the one that does now: an app's
    // scrolling pane overflows only once its content (this widget's too) is there.
    target.on_load(move |element| scrolling_ancestors(&element).for_each(|scroller| listen(&scroller)));
    on_cleanup(move || drop(listeners.try_update_value(std::mem::take)));
}

/// Scrolls whatever `el` scrolls in (an element, or the page) so that `el` starts at the top.
pub fn scroll_to_start(el: &Element, behavior: ScrollBehavior) {
    let options = ScrollToOptions::new();
    options.set_behavior(behavior);
    let top = el.get_bounding_client_rect().top();
    match scroll_container(el) {
        Some(scroller) => {
            let offset = top - scroller.get_bounding_client_rect().top();
            options.set_top(offset + f64::from(scroller.scroll_top()));
            scroller.scroll_to_with_scroll_to_options(&options);
        }
        None => {
            let window = window();
            options.set_top(top + window.scroll_y().unwrap_or(0.0));
            window.scroll_to_with_scroll_to_options(&options);
        }
    }
}
