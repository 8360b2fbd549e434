//! `loading="lazy"`: when a widget's comments are wanted.

use leptos::ev;
use leptos::html::Div;
use leptos::prelude::*;

use crate::comments::model::CommentId;
use crate::comments::store::{Located, Opening};
use crate::web::lifetime::Lifetime;
use crate::web::observe::use_near_screen;

/// `true` once the comments' place (`placeholder`) comes within about a viewport of the screen,
/// or once the address names a comment (`#comment-…`, now or followed later) that this thread may
/// hold. A store that can look a comment up (the browser store, WordPress) is asked first, so a
/// link to another widget's comment loads nothing here; one that cannot (Isso) loads. Changes
/// once, from false to true.
pub fn use_wanted(placeholder: NodeRef<Div>, opening: Opening) -> Signal<bool> {
    let near = use_near_screen(placeholder);
    let linked = RwSignal::new(false);
    let life = StoredValue::new_local(Lifetime::of_owner());
    let consider = move |hash: String| {
        let Some(id) = CommentId::from_fragment(&hash) else {
            return;
        };
        if linked.get_untracked() {
            return;
        }
        let opening = opening.clone();
        life.with_value(|life| {
            life.spawn(async move {
                let holds = match opening.await {
                    Ok(backend) => !matches!(backend.locate(&id).await, Ok(Located::Absent)),
                    Err(_) => true,
                };
                if holds {
                    let _ = linked.try_set(true);
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
    Memo::new(move |_| near.get() || linked.get()).into()
}
