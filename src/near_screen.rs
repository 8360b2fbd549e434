use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use web_sys::{IntersectionObserver, IntersectionObserverEntry, IntersectionObserverInit};

/// How near the screen the children must come to be rendered: a viewport's height before.
const MARGIN: &str = "100% 0px";

/// Renders its children only once the place they go to comes within about a viewport of the
/// screen (`loading="lazy"`): until then, an empty placeholder holds their space, so nothing
/// above moves when they arrive, and nothing they would request is requested.
#[component]
pub fn NearScreen(children: Children) -> impl IntoView {
    let near = RwSignal::new(false);
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
