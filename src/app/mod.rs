//! The widget: one article and its comments, composed from the regions below. It reads what the
//! element was told (`config`), loads the article from where it lives, chooses the comments'
//! store (`backend`) and gives the comments region the reader's part (`crate::compose`).

pub mod backend;
pub mod config;
pub mod discussion;
pub mod wanted;
pub mod widget;

pub use widget::Widget;
