//! Small browser queries shared by components.

use leptos::prelude::window;

/// The reader asked for less motion: scroll instantly, skip animations.
pub fn prefers_reduced_motion() -> bool {
    window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches())
}
