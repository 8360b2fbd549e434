//! Glue to the browser's `Intl`: the browser knows every locale's calendar, digits and plural
//! rules, so we ship none of them. `relative_parts` is the only decision made here, and it is pure.

use js_sys::{Array, Date, Intl, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

fn options(pairs: &[(&str, &str)]) -> Object {
    let options = Object::new();
    for (key, value) in pairs {
        // Setting a plain property on a fresh object cannot fail.
        let _ = Reflect::set(&options, &(*key).into(), &(*value).into());
    }
    options
}

fn locales(locale: &str) -> Array {
    Array::of1(&locale.into())
}

fn format_date(date: &Date, locale: &str, pairs: &[(&str, &str)]) -> Option<String> {
    if date.get_time().is_nan() {
        return None;
    }
    let format = Intl::DateTimeFormat::new(&locales(locale), &options(pairs));
    format.format().call1(&format, date).ok()?.as_string()
}

/// A long, localized date ("23 فبراير 2016" / "February 23, 2016"), or `None` if `iso` is not a date.
pub fn long_date(iso: &str, locale: &str) -> Option<String> {
    format_date(&Date::new(&JsValue::from_str(iso)), locale, &[("dateStyle", "long")])
}

/// Date and time for a tooltip, from milliseconds since the epoch.
pub fn date_time(ms: f64, locale: &str) -> Option<String> {
    format_date(
        &Date::new(&JsValue::from_f64(ms)),
        locale,
        &[("dateStyle", "long"), ("timeStyle", "short")],
    )
}

/// ISO 8601 for `<time datetime>`.
pub fn iso(ms: f64) -> Option<String> {
    let date = Date::new(&JsValue::from_f64(ms));
    (!date.get_time().is_nan()).then(|| String::from(date.to_iso_string()))
}

/// The CLDR plural category ("zero", "one", "two", "few", "many", "other") of `n` in `locale`.
pub fn plural_category(n: usize, locale: &str) -> String {
    let rules = Intl::PluralRules::new(&locales(locale), &Object::new());
    rules.select(n as f64).as_string().unwrap_or_else(|| "other".into())
}

/// "منذ 5 دقائق" / "5 minutes ago" for a moment `ms`, seen at `now`.
pub fn relative_time(ms: f64, now: f64, locale: &str) -> Option<String> {
    let (value, unit) = relative_parts((ms - now) / 1000.0);
    let format = Intl::RelativeTimeFormat::new(&locales(locale), &options(&[("numeric", "auto")]));
    let function: js_sys::Function = Reflect::get(&format, &"format".into()).ok()?.dyn_into().ok()?;
    function
        .call2(&format, &JsValue::from_f64(value), &unit.into())
        .ok()?
        .as_string()
}

/// The largest unit that gives a whole number, as people say it: 90 s is "2 minutes ago",
/// not "1.5 minutes". Future times (clock skew) count as now.
pub fn relative_parts(delta_seconds: f64) -> (f64, &'static str) {
    let ago = (-delta_seconds).max(0.0);
    const UNITS: [(f64, &str); 6] = [
        (60.0, "second"),
        (3600.0, "minute"),
        (86_400.0, "hour"),
        (604_800.0, "day"),
        (2_629_746.0, "week"),
        (31_556_952.0, "month"),
    ];
    let mut size = 1.0;
    for (limit, unit) in UNITS {
        if ago < limit {
            let value = (ago / size).round();
            return (if value == 0.0 { 0.0 } else { -value }, unit);
        }
        size = match unit {
            "second" => 60.0,
            "minute" => 3600.0,
            "hour" => 86_400.0,
            "day" => 604_800.0,
            "week" => 2_629_746.0,
            _ => 31_556_952.0,
        };
    }
    (-(ago / 31_556_952.0).round(), "year")
}

#[cfg(test)]
mod tests {
    use super::relative_parts;

    #[test]
    fn picks_the_unit_people_would() {
        assert_eq!(relative_parts(-5.0), (-5.0, "second"));
        assert_eq!(relative_parts(0.2), (0.0, "second"), "clock skew reads as now");
        assert_eq!(relative_parts(-90.0), (-2.0, "minute"));
        assert_eq!(relative_parts(-300.0), (-5.0, "minute"));
        assert_eq!(relative_parts(-3.0 * 3600.0), (-3.0, "hour"));
        assert_eq!(relative_parts(-2.0 * 86_400.0), (-2.0, "day"));
        assert_eq!(relative_parts(-15.0 * 86_400.0), (-2.0, "week"));
        assert_eq!(relative_parts(-100.0 * 86_400.0), (-3.0, "month"));
        assert_eq!(relative_parts(-10.0 * 365.25 * 86_400.0), (-10.0, "year"));
    }
}
