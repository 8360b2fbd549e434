//! Maqal (مقال): an embeddable article-and-comments widget.
//!
//! The layers, each importing only those below it:
//!
//! | layer | what it is |
//! |---|---|
//! | `host` | how the page meets us: the custom elements, their registry, attributes → config, the stylesheet, a crash |
//! | `app` | the widget: loads the article, chooses the comments' store, composes the regions |
//! | `compose` | what a reader needs only to act: the form, drafts, the post in flight, editing, votes |
//! | `backends` | one module per server (Isso, WordPress, this browser): the only code that knows a wire format |
//! | `comments` | what the first screen reads: the model, the store boundary, the thread, permalinks, the views |
//! | `article` | the neutral article, JSON-LD, the excerpt and the view |
//! | `ui` | pieces every region shares: error notice, back-to-top, the theme |
//! | `web` | the browser platform: http, storage, JSON, `Intl`, words, URL policy, sanitizer, events, hooks |
//!
//! Pure parts (the config, the models, JSON-LD, validation, the sanitizer's decisions) are
//! natively tested. `main.rs` only calls [`start`].

pub mod app;
pub mod article;
pub mod backends;
pub mod comments;
pub mod compose;
#[cfg(test)]
mod fuzz;
pub mod host;
pub mod ui;
pub mod web;

/// Installs the panic hook and registers the custom elements.
pub fn start() {
    host::start();
}
