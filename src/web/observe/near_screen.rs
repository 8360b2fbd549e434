//! `use_near_screen`: whether an element has come within about a viewport of the screen.

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

use super::scroll::scroll_container;

/// How near the screen counts as near: a viewport's height before it.
const MARGIN: &str = "100% 0px";

/// `true` once `target` has come within about a viewport of the screen (it stays true). In an
/// app whose content scrolls inside an element, "near" is measured in that element. Without
/// IntersectionObserver it is true at once. The observer stops once it has answered, or with
/// the caller's owner.
pub fn use_near_screen(target: NodeRef<Div>) -> Signal<bool> {
    let near = RwSignal::new(false);
    let watching = StoredValue::new_local(None::<(IntersectionObserver, Closure<dyn Fn(js_sys::Array)>)>);
    target.on_load(move |element| {
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
        // Around the viewport, a placeholder clipped by a scrolling element would only count once
        // it is already on screen: the margin must be that element's.
        if let Some(scroller) = scroll_container(&element) {
            options.set_root(Some(&scroller));
        }
        match IntersectionObserver::new_with_options(on_change.as_ref().unchecked_ref(), &options) {
            Ok(observer) => {
                observer.observe(&element);
                watching.set_value(Some((observer, on_change)));
            }
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
    near.into()
}
