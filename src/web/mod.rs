//! The browser platform, below everything else: requests, storage, JSON, the browser's `Intl`,
//! the interface's words, URL policies, the HTML sanitizer, the events and states a widget
//! shows the page, lifetimes for work that outlives a frame, and hooks that watch the page.
//! Nothing here knows about articles, comments or any server's wire format.

pub mod catalogs;
pub mod direction;
pub mod dom;
pub mod events;
pub mod http;
pub mod i18n;
pub mod intl;
pub mod json;
pub mod lifetime;
pub mod observe;
pub mod sanitize;
pub mod split;
pub mod storage;
pub mod task;
pub mod text;
pub mod trusted;
pub mod url;
