//! What the loader hands over once the module has started: how it chooses an element's language,
//! how to fetch a catalogue (it started the page's own beside the module), and the requests it
//! started beside the module on the widgets' behalf (their article, their first comments).

use wasm_bindgen::prelude::*;

/// Called by the loader (`maqal.js`) once the module has started, before any widget renders.
/// `language(element, inLanguage)` answers `[locale, catalogue or null]`; `catalogue(name)` a
/// promise of the catalogue's text, or of null; `early(url, credentials, signal)` the response
/// to a request the loader already made, or null (see `web::http`).
#[wasm_bindgen(js_name = useLoader)]
pub fn use_loader(language: js_sys::Function, catalogue: js_sys::Function, early: js_sys::Function) {
    crate::web::catalogs::provide(language, catalogue);
    crate::web::http::provide_early(early);
}
