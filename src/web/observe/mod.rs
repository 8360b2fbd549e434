//! Watching the page, one concern per file in the style of leptos-use: each hook sets up what it
//! watches when called inside a component and takes it down with that component's owner.

pub mod near_screen;
pub mod painted;
pub mod scheme;
pub mod scroll;

pub use near_screen::use_near_screen;
pub use painted::use_painted;
pub use scheme::watch_scheme;
pub use scroll::{scroll_container, use_scroll};
