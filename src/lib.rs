//! Maqal (مقال): an embeddable article-and-comments widget.
//!
//! Layout: pure logic (`embed`, `i18n`, `article::model`) is natively tested; browser glue
//! (`element`, `intl`, `article::load`) and components (`widget`, `article::ArticleView`,
//! `back_to_top`, `error_notice`) sit on top. `main.rs` only calls [`start`].

pub mod article;
mod back_to_top;
pub mod comments;
mod count;
mod deferred;
mod dom;
mod element;
pub mod embed;
mod error_notice;
#[cfg(test)]
mod fuzz;
mod host;
mod http;
pub mod i18n;
mod intl;
pub mod json;
mod lifetime;
mod near_screen;
mod panic;
mod sanitize;
mod structured;
mod styles;
pub mod theme;
mod url;
mod widget;
pub mod wordpress;

/// Installs the panic hook and registers `<maqal-article>` and `<maqal-count>`.
pub fn start() {
    panic::install();
    element::define();
    count::define();
}
