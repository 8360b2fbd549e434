//! How the page meets the widget, above everything else: the custom elements (`<maqal-article>`,
//! `<maqal-count>`) and the registry behind them, the attributes read into a widget's
//! configuration, the stylesheet the loader hands over, and what a crash leaves on screen.
//! Nothing below imports it.

pub mod article_element;
pub mod attributes;
pub mod count_element;
pub mod loader;
pub mod panic;
pub mod registry;
pub mod stylesheet;

/// Installs the panic hook and registers `<maqal-article>` and `<maqal-count>`.
pub fn start() {
    panic::install();
    article_element::define();
    count_element::define();
}
