//! `use_painted`: whether the browser has painted what is on screen since the caller was built.

use leptos::prelude::*;

use crate::web::dom::after_paint;

/// `false` until the browser has painted a frame after this call, then `true`. Splits a large
/// first render (the article, then the comments region with its form) into two tasks, each with
/// its own layout, so neither blocks the host page for long. Stops waiting with its owner.
pub fn use_painted() -> Signal<bool> {
    let painted = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        after_paint().await;
        // The owner may be gone meanwhile; then nobody is waiting.
        let _ = painted.try_set(true);
    });
    painted.into()
}
