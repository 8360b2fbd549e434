use leptos::ev;
use leptos::html::Div;
use leptos::prelude::*;
use send_wrapper::SendWrapper;

use crate::comments::model::CommentId;
use crate::comments::store::{Backend, Located};
use crate::web::lifetime::Lifetime;
use crate::web::observe::use_near_screen;

/// `loading="lazy"`: renders its children only once their place comes within about a viewport
/// of the screen, or once the address names a comment (`#comment-…`, now or followed later) that
/// this thread may hold. A backend that can look a comment up (the browser store, WordPress) is
/// asked first, so a link to another widget's comment loads nothing here; one that cannot (Isso)
/// loads. Until then an empty placeholder holds their space, so nothing above moves, and nothing
/// they would request is requested.
#[component]
pub fn Lazy(backend: Backend, render: Box<dyn FnOnce() -> AnyView>) -> impl IntoView {
    let placeholder = NodeRef::<Div>::new();
    let near = use_near_screen(placeholder);
    let wanted = RwSignal::new(false);
    let life = StoredValue::new_local(Lifetime::of_owner());
    let consider = move |hash: String| {
        let Some(id) = CommentId::from_fragment(&hash) else {
            return;
        };
        if wanted.get_untracked() {
            return;
        }
        let backend = backend.clone();
        life.with_value(|life| {
            life.spawn(async move {
                if !matches!(backend.locate(&id).await, Ok(Located::Absent)) {
                    let _ = wanted.try_set(true);
                }
            })
        });
    };
    consider(window().location().hash().unwrap_or_default());
    let on_hash = window_event_listener(ev::hashchange, {
        let consider = consider.clone();
        move |_| consider(window().location().hash().unwrap_or_default())
    });
    on_cleanup(move || on_hash.remove());
    // Changes once, from false to true: the children are rendered once.
    let show = Memo::new(move |_| near.get() || wanted.get());
    // Views are built on this thread only; the wrapper lets the view hold what is not `Send`.
    let mut render = Some(SendWrapper::new(render));
    move || {
        if show.get() {
            render.take().map(|render| render.take()()).into_any()
        } else {
            view! { <div class="near-screen-placeholder" aria-hidden="true" node_ref=placeholder></div> }.into_any()
        }
    }
}
