//! The widget's stylesheet, adopted by every widget's shadow root.
//!
//! The CSS is a file of its own (`maqal.css`), fetched by the loader beside the wasm and handed
//! over as a constructed stylesheet: nothing in the wasm, no `<style>` element and no `style`
//! attribute, so a page whose policy is `style-src 'self'` shows the widget fully styled.

use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use web_sys::{CssStyleSheet, ShadowRoot};

use super::registry::known_hosts;

thread_local! {
    static SHEET: RefCell<Option<CssStyleSheet>> = const { RefCell::new(None) };
}

/// Called by the loader (`maqal.js`) once the stylesheet is built; widgets already on screen
/// adopt it at once, later ones as they render.
#[wasm_bindgen(js_name = adoptStyles)]
pub fn adopt_styles(sheet: CssStyleSheet) {
    SHEET.with_borrow_mut(|s| *s = Some(sheet));
    for host in known_hosts() {
        if let Some(shadow) = host.shadow_root() {
            adopt(&shadow);
        }
    }
}

/// Gives `shadow` the widget's stylesheet, if the loader has provided it (without it the widget
/// still works, unstyled; the loader has said why in the console).
/// Quiet rather than a panic if the sheet is being replaced (the panic hook calls this).
pub fn adopt(shadow: &ShadowRoot) {
    let sheet = SHEET
        .try_with(|s| s.try_borrow().ok().and_then(|s| s.clone()))
        .ok()
        .flatten();
    if let Some(sheet) = sheet {
        shadow.set_adopted_style_sheets(&js_sys::Array::of1(&sheet));
    }
}
