//! Glue to the browser's `Intl`: the browser knows every locale's calendar, digits and plural
//! rules, so we ship none of them.

use js_sys::{Array, Date, Intl, Object, Reflect};
use wasm_bindgen::JsValue;

/// A long, localized date ("٢٣ فبراير ٢٠١٦" / "February 23, 2016"), or `None` if `iso` is not a date.
pub fn long_date(iso: &str, locale: &str) -> Option<String> {
    let date = Date::new(&JsValue::from_str(iso));
    if date.get_time().is_nan() {
        return None;
    }
    let options = Object::new();
    Reflect::set(&options, &"dateStyle".into(), &"long".into()).ok()?;
    let format = Intl::DateTimeFormat::new(&Array::of1(&locale.into()), &options);
    format.format().call1(&format, &date).ok()?.as_string()
}
