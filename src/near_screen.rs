use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

use crate::dom::container;

/// How near the screen the children must come to be rendered: a viewport's height before.
const MARGIN: &str = "100% 0px";

/// Renders its children only once the place they go to comes within about a viewport of the
/// screen (`loading="lazy"`): until then, an empty placeholder holds their space, so nothing
/// above moves when they arrive, and nothing they would request is requested. A reader who
/// follows a link to a comment (`#comment-…`) meanwhile wants them now.
#[component]
pub fn NearScreen(children: Children) -> impl IntoView {
    let near = RwSignal::new(false);
    let on_hash = window_event_listener(leptos::ev::hashchange, move |_| {
        if window().location().hash().is_ok_and(|h| h.starts_with("#comment-")) {
            let _ = near.try_set(true);
        }
    });
    on_cleanup(move || on_hash.remove());
    let placeholder = NodeRef::<Div>::new();
    let watching = StoredValue::new_local(None::<(IntersectionObserver, Closure<dyn Fn(js_sys::Array)>)>);
    placeholder.on_load(move |element| {
        let on_change = Closure::<dyn Fn(js_sys::Array)>::new(move |entries: js_sys::Array| {
            let close = entries
                .iter()
                .any(|entry| entry.unchecked_into::<IntersectionObserverEntry>().is_intersecting());
            if close {
                // Gone meanwhile: nothing to do.
                let _ = near.try_set(true);
            }
        });
        let options = IntersectionObserverInit::new();
        options.set_root_margin(MARGIN);
        // In an app whose content scrolls inside an element (`overflow: auto`), the margin must
        // be that element's: around the viewport, the clipped placeholder would only count once
        // it is already on screen.
        if let Some(scroller) = scroll_container(&element) {
            options.set_root(Some(&scroller));
        }
        match IntersectionObserver::new_with_options(on_change.as_ref().unchecked_ref(), &options) {
            Ok(observer) => {
                observer.observe(&element);
                watching.set_value(Some((observer, on_change)));
            }
            // No IntersectionObserver: show them now rather than never.
            Err(_) => near.set(true),
        }
    });
    let stop = move || {
        if let Some((observer, _)) = watching.try_update_value(Option::take).flatten() {
            observer.disconnect();
        }
    };
    Effect::new(move |_| {
        if near.get() {
            stop();
        }
    });
    on_cleanup(stop);
    let mut children = Some(children);
    move || {
        if near.get() {
            children.take().map(|render| render()).into_any()
        } else {
            view! { <div class="near-screen-placeholder" aria-hidden="true" node_ref=placeholder></div> }.into_any()
        }
    }
}

/// The nearest element around `el` that scrolls its content, across shadow roots and slots.
fn scroll_container(el: &web_sys::Element) -> Option<web_sys::Element> {
    let root = document().document_element();
    let mut above = container(el);
    while let Some(current) = above {
        let scrolls = window()
            .get_computed_style(&current)
            .ok()
            .flatten()
            .and_then(|style| style.get_property_value("overflow-y").ok())
            .is_some_and(|overflow| matches!(overflow.as_str(), "auto" | "scroll" | "overlay"));
        // The document's own scrolling is the viewport's: the default root. An element whose
        // `overflow-y` only computes to `auto` (from `overflow-x: hidden`) but grows with its
        // content does not scroll, and would make everything in it count as near.
        if scrolls
            && Some(&current) != root.as_ref()
            && current.local_name() != "body"
            && current.scroll_height() > current.client_height()
        {
            return Some(current);
        }
        above = container(&current);
    }
    None
}
