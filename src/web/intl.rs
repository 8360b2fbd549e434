//! Glue to the browser's `Intl`: the browser knows every locale's calendar, digits and plural
//! rules, so we ship none of them. `relative_parts` is the only decision made here, and it is pure.

use std::cell::RefCell;

use js_sys::{Array, Date, Intl, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

thread_local! {
    /// Creating an `Intl` formatter resolves its locale through ICU and costs about as much as
    /// rendering a whole comment; a page of comments would pay it three times per comment. The
    /// widget uses a handful of (kind, locale, options) combinations, so they are kept.
    static FORMATTERS: RefCell<Vec<(String, JsValue)>> = const { RefCell::new(Vec::new()) };
}

/// The formatter for `kind`/`locale`/`pairs`, made once by `make(locales, options)`.
fn formatter<T: JsCast>(kind: &str, locale: &str, pairs: &[(&str, &str)], make: fn(&Array, &Object) -> T) -> T {
    let mut key = format!("{kind}|{locale}");
    for (k, v) in pairs {
        key.push('|');
        key.push_str(k);
        key.push('=');
        key.push_str(v);
    }
    FORMATTERS.with_borrow_mut(|cache| {
        if let Some((_, made)) = cache.iter().find(|(k, _)| *k == key) {
            return made.clone().unchecked_into();
        }
        let options = Object::new();
        for (k, v) in pairs {
            // Setting a plain property on a fresh object cannot fail.
            let _ = Reflect::set(&options, &(*k).into(), &(*v).into());
        }
        let made = make(&Array::of1(&locale.into()), &options);
        cache.push((key, made.as_ref().clone()));
        made
    })
}

fn format_date(date: &Date, locale: &str, pairs: &[(&str, &str)]) -> Option<String> {
    if date.get_time().is_nan() {
        return None;
    }
    let format = formatter("date", locale, pairs, Intl::DateTimeFormat::new);
    format.format().call1(&format, date).ok()?.as_string()
}

/// A long, localized date ("23 فبراير 2016" / "February 23, 2016"), or `None` if `iso` is not a date.
/// A date without a time ("2016-02-23") is a calendar date, not midnight UTC: JavaScript reads it
/// as UTC, so it is shown in UTC too, and is the same day west of Greenwich.
pub fn long_date(iso: &str, locale: &str) -> Option<String> {
    let date = Date::new(&JsValue::from_str(iso.trim()));
    if is_calendar_date(iso) {
        format_date(&date, locale, &[("dateStyle", "long"), ("timeZone", "UTC")])
    } else {
        format_date(&date, locale, &[("dateStyle", "long")])
    }
}

/// `YYYY-MM-DD` and nothing else: a day, with no time and no zone.
pub fn is_calendar_date(iso: &str) -> bool {
    let b = iso.trim().as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

const DATE_TIME: &[(&str, &str)] = &[("dateStyle", "long"), ("timeStyle", "short")];

/// Date and time for a tooltip, from milliseconds since the epoch.
pub fn date_time(ms: f64, locale: &str) -> Option<String> {
    format_date(&Date::new(&JsValue::from_f64(ms)), locale, DATE_TIME)
}

/// Makes the formatters a comment uses. The first `Intl` formatter of a locale loads its ICU
/// data (20 ms and more), so callers do this in a task of its own before rendering comments.
pub fn prepare_comment_formats(locale: &str) {
    formatter("date", locale, DATE_TIME, Intl::DateTimeFormat::new);
    relative_format(locale);
}

fn relative_format(locale: &str) -> Intl::RelativeTimeFormat {
    formatter("relative", locale, &[("numeric", "auto")], |l, o| {
        Intl::RelativeTimeFormat::new(l, o)
    })
}

/// ISO 8601 for `<time datetime>`.
pub fn iso(ms: f64) -> Option<String> {
    let date = Date::new(&JsValue::from_f64(ms));
    (!date.get_time().is_nan()).then(|| String::from(date.to_iso_string()))
}

/// The CLDR plural category ("zero", "one", "two", "few", "many", "other") of `n` in `locale`.
pub fn plural_category(n: usize, locale: &str) -> String {
    let rules = formatter("plural", locale, &[], Intl::PluralRules::new);
    rules.select(n as f64).as_string().unwrap_or_else(|| "other".into())
}

/// "منذ 5 دقائق" / "5 minutes ago" for a moment `ms`, seen at `now`.
pub fn relative_time(ms: f64, now: f64, locale: &str) -> Option<String> {
    let (value, unit) = relative_parts((ms - now) / 1000.0);
    let format = relative_format(locale);
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
    use super::{is_calendar_date, relative_parts};

    #[test]
    fn a_date_without_a_time_is_a_calendar_date() {
        for day in ["2016-02-23", " 2016-02-23 "] {
            assert!(is_calendar_date(day), "{day}");
        }
        for not in [
            "2016-02-23T10:00:00Z",
            "2016-02-23T00:00",
            "2016/02/23",
            "2016-2-23",
            "",
            "٢٠١٦-٠٢-٢٣",
        ] {
            assert!(!is_calendar_date(not), "{not}");
        }
    }

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
