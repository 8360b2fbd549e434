//! The loader hands over the interface's languages: how it chooses an element's, and how to
//! fetch a catalogue (it started the page's own beside the module).

use wasm_bindgen::prelude::*;

/// Called by the loader (`maqal.js`) once the module has started, before any widget renders.
/// `language(element, inLanguage)` answers `[locale, catalogue or null]`; `catalogue(name)` a
/// promise of the catalogue's text, or of null.
#[wasm_bindgen(js_name = useLanguages)]
pub fn use_languages(language: js_sys::Function, catalogue: js_sys::Function) {
    crate::web::catalogs::provide(language, catalogue);
}
