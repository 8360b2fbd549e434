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
            // "false" is the boolean: `Intl` reads the string "false" as "the default".
            let value = if *v == "false" {
                JsValue::FALSE
            } else {
                JsValue::from_str(v)
            };
            // Setting a plain property on a fresh object cannot fail.
            let _ = Reflect::set(&options, &(*k).into(), &value);
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

/// Year, month (0–11), day, hour and minute.
pub type DateParts = (u32, u32, u32, u32, u32);

/// Milliseconds since the epoch of an ISO 8601 date, if it is one.
pub fn parse_date(iso: &str) -> Option<f64> {
    let ms = Date::new(&JsValue::from_str(iso.trim())).get_time();
    (!ms.is_nan()).then_some(ms)
}

/// The parts of a moment, in UTC (a calendar date, see [`long_date`]) or the reader's time.
pub fn date_parts(ms: f64, utc: bool) -> DateParts {
    let date = Date::new(&JsValue::from_f64(ms));
    if utc {
        (
            date.get_utc_full_year(),
            date.get_utc_month(),
            date.get_utc_date(),
            date.get_utc_hours(),
            date.get_utc_minutes(),
        )
    } else {
        (
            date.get_full_year(),
            date.get_month(),
            date.get_date(),
            date.get_hours(),
            date.get_minutes(),
        )
    }
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
/// data (20 ms and more; 60 on a phone), so callers do this in a task of its own before rendering
/// comments. Says whether it made any (false: they were made before).
pub fn prepare_comment_formats(locale: &str) -> bool {
    let before = FORMATTERS.with_borrow(Vec::len);
    formatter("date", locale, DATE_TIME, Intl::DateTimeFormat::new);
    relative_format(locale);
    FORMATTERS.with_borrow(Vec::len) != before
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
/// The script a language is usually written in, as the browser's locale data has it
/// (`ckb` → `Arab`, `ku` → `Latn`, `ar-u-nu-latn` → `Arab`): every language it knows, not a list
/// of ours. `None` where the browser cannot tell (no `Intl.Locale`, or not a language tag).
#[cfg(target_arch = "wasm32")]
pub fn likely_script(tag: &str) -> Option<String> {
    let locale = Intl::Locale::new(tag).ok()?;
    locale.maximize().script().map(String::from)
}

#[cfg(not(target_arch = "wasm32"))]
pub fn likely_script(_tag: &str) -> Option<String> {
    None
}

#[cfg(target_arch = "wasm32")]
pub fn plural_category(n: usize, locale: &str) -> String {
    let rules = formatter("plural", locale, &[], Intl::PluralRules::new);
    rules.select(n as f64).as_string().unwrap_or_else(|| "other".into())
}

/// Natively (tests) there is no `Intl`: English's rule.
#[cfg(not(target_arch = "wasm32"))]
pub fn plural_category(n: usize, _locale: &str) -> String {
    if n == 1 { "one" } else { "other" }.into()
}

/// `n` as the locale writes numbers: its digits (the same its dates use, as both come from the
/// locale's default numbering system) and, with `grouping`, its thousands separators.
/// `numbering` names the digits where `Intl` does not know the language's own (its catalogue's
/// [`Calendar`](super::i18n::Calendar)).
#[cfg(target_arch = "wasm32")]
pub fn number(n: u64, locale: &str, grouping: bool, numbering: Option<&str>) -> String {
    let pairs = [
        ("useGrouping", if grouping { "auto" } else { "false" }),
        ("numberingSystem", numbering.unwrap_or_default()),
    ];
    let pairs = if numbering.is_some() { &pairs[..] } else { &pairs[..1] };
    let format = formatter("number", locale, pairs, Intl::NumberFormat::new);
    format
        .format()
        .call1(&format, &JsValue::from_f64(n as f64))
        .ok()
        .and_then(|s| s.as_string())
        // An integer's own formatting, not a float's (which would bring its machinery along).
        .unwrap_or_else(|| n.to_string())
}

/// Natively (tests) there is no `Intl`: ASCII digits, no grouping.
#[cfg(not(target_arch = "wasm32"))]
pub fn number(n: u64, _locale: &str, _grouping: bool, _numbering: Option<&str>) -> String {
    n.to_string()
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
/// not "1.5 minutes", and a count that rounds up to the next unit's size rolls over (59.6 s is
/// "1 minute ago", never "60 seconds ago"; 23.7 h is "yesterday"). Weeks run to four, then
/// months (from 30 days) to eleven, then years. Future times (clock skew) count as now.
pub fn relative_parts(delta_seconds: f64) -> (f64, &'static str) {
    let ago = (-delta_seconds).max(0.0);
    // (unit, its size in seconds, the first count that is the next unit's)
    const UNITS: [(&str, f64, f64); 6] = [
        ("second", 1.0, 60.0),
        ("minute", 60.0, 60.0),
        ("hour", 3600.0, 24.0),
        ("day", 86_400.0, 7.0),
        ("week", 604_800.0, f64::INFINITY),
        ("month", 2_629_746.0, 12.0),
    ];
    for (unit, size, next) in UNITS {
        let value = (ago / size).round();
        // Weeks until 30 days: "4 weeks ago" for 29 days, then "last month".
        let done = if unit == "week" {
            ago < 30.0 * 86_400.0
        } else {
            value < next
        };
        if done {
            return (if value == 0.0 { 0.0 } else { -value }, unit);
        }
    }
    (-(ago / 31_556_952.0).round().max(1.0), "year")
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

    #[test]
    fn units_roll_over_where_rounding_reaches_the_next() {
        let (minute, hour, day) = (60.0, 3600.0, 86_400.0);
        assert_eq!(relative_parts(-59.4), (-59.0, "second"));
        assert_eq!(relative_parts(-59.6), (-1.0, "minute"), "never 60 seconds ago");
        assert_eq!(relative_parts(-60.0), (-1.0, "minute"));
        assert_eq!(
            relative_parts(-(59.0 * minute + 40.0)),
            (-1.0, "hour"),
            "never 60 minutes ago"
        );
        assert_eq!(
            relative_parts(-(23.0 * hour + 40.0 * minute)),
            (-1.0, "day"),
            "never 24 hours ago"
        );
        assert_eq!(
            relative_parts(-(6.0 * day + 13.0 * hour)),
            (-1.0, "week"),
            "never 7 days ago"
        );
        assert_eq!(relative_parts(-29.0 * day), (-4.0, "week"));
        assert_eq!(relative_parts(-30.0 * day), (-1.0, "month"), "never 5 weeks ago");
        assert_eq!(relative_parts(-360.0 * day), (-1.0, "year"), "never 12 months ago");
        assert_eq!(relative_parts(-400.0 * day), (-1.0, "year"));
        // Every second of two years: the count is always below its unit's roll-over.
        let limits = [
            ("second", 60.0),
            ("minute", 60.0),
            ("hour", 24.0),
            ("day", 7.0),
            ("week", 5.0),
            ("month", 12.0),
        ];
        let mut t = 0.0;
        while t < 2.0 * 365.25 * day {
            let (value, unit) = relative_parts(-t);
            if let Some((_, limit)) = limits.iter().find(|(u, _)| *u == unit) {
                assert!(-value < *limit, "{t} s: {value} {unit}");
            }
            assert!(value <= 0.0);
            t = t * 1.01 + 1.0;
        }
    }
}
