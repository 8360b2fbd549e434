use leptos::prelude::*;

use crate::dom::after_paint;

/// Renders its children once the browser has painted what is already there. Splits a large first
/// render (the article, then the comments region with its form) into two tasks, each with its own
/// layout, so neither blocks the host page for long.
#[component]
pub fn Deferred(children: Children) -> impl IntoView {
    let ready = RwSignal::new(false);
    leptos::task::spawn_local(async move {
        after_paint().await;
        // The widget may have been removed meanwhile; then there is nothing to show.
        let _ = ready.try_set(true);
    });
    let mut children = Some(children);
    move || ready.get().then(|| children.take().map(|render| render())).flatten()
}
