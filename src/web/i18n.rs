//! UI languages and the message catalogue (text direction: `direction.rs`).
//!
//! Plural and date formatting are delegated to the browser's `Intl` (see `intl.rs`); this module
//! only holds the words (read from `embed/i18n/`), so it stays natively testable.

use super::direction::Dir;
use super::intl;
use super::json::{Lenient, Loose};
use serde::Deserialize;
use serde::de::SeqAccess;
use serde::de::value::SeqAccessDeserializer;

/// The plural categories of CLDR, in the order [`Counted`] keeps their forms.
const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

/// A message with a number in it: one form per plural category the language has (as
/// `Intl.PluralRules` names them), `{n}` standing for the number, and optionally a sentence of
/// its own for nothing at all ("No comments yet"), whatever the language's rules call 0.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Counted {
    pub none: Option<&'static str>,
    pub forms: [Option<&'static str>; 6],
}

impl Counted {
    /// The form for `n`, whose category (`Intl.PluralRules`) is `category`: the language's own
    /// form, else its `other` (a language without a catalogue speaks English words with its own
    /// rules, which may name categories English does not have).
    pub fn select(&self, n: usize, category: &str) -> &'static str {
        if n == 0
            && let Some(none) = self.none
        {
            return none;
        }
        let index = CATEGORIES.iter().position(|c| *c == category).unwrap_or(5);
        self.forms[index]
            .or(self.forms[5])
            .or_else(|| self.forms.iter().flatten().next().copied())
            .unwrap_or_default()
    }

    /// A shipped catalogue's forms: `[none, zero, one, two, few, many, other]`, `null` where the
    /// language has no such form; `other` it must have.
    fn read(forms: &Texts) -> Option<Counted> {
        let form = |i: usize| forms.at(i).map(leak);
        let counted = Counted {
            none: form(0),
            forms: [form(1), form(2), form(3), form(4), form(5), form(6)],
        };
        counted.forms[5].is_some().then_some(counted)
    }
}

/// A catalogue's text lives as long as the page: each language is read once.
fn leak(text: &str) -> &'static str {
    Box::leak(text.to_owned().into_boxed_str())
}

/// The catalogue's keys (from `embed/i18n/en.json`, by `build.rs`), each with its accessor.
/// The words are kept in two arrays, read by position: a language's file costs the module
/// nothing, and a message costs it one accessor, inlined where it is used.
macro_rules! catalog {
    (messages { $($m:ident),* $(,)? } counted { $($c:ident),* $(,)? }) => {
        #[cfg(test)]
        impl Catalog {
            pub const MESSAGES: &'static [&'static str] = &[$(stringify!($m)),*];
            pub const COUNTED: &'static [&'static str] = &[$(stringify!($c)),*];
        }

        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        #[repr(usize)]
        enum Message { $($m),* }

        #[allow(non_camel_case_types)]
        #[repr(usize)]
        enum Count { $($c),* }

        impl Catalog {
            $(pub fn $m(&self) -> &'static str {
                self.messages[Message::$m as usize]
            })*
            $(pub fn $c(&self) -> &'static Counted {
                &self.counted[Count::$c as usize]
            })*
        }
    };
}

/// Every word the interface shows, in one language: `embed/i18n/<language>.json`, shipped as
/// `[[message, …], [[none, zero, one, two, few, many, other], …]]` in the keys' order
/// (`scripts/languages.mjs`), read by [`Catalog::read`]; a message by its accessor
/// (`catalog.comments()`). Placeholders: `{n}` in counted messages, `{code}` in `err_http`,
/// `{size}` in `err_too_large`, `{name}` in `reply_to` and `in_reply_to`; numbers are written by
/// [`Lang::number`].
#[derive(Debug)]
pub struct Catalog {
    messages: &'static [&'static str],
    counted: &'static [Counted],
    calendar: Option<Calendar>,
}

/// How a language writes dates and "5 minutes ago", for a language whose dates the browser's
/// `Intl` does not know (Chromium has none for Central Kurdish and Pashto: it would answer in
/// English). Shipped as `[numbering, [12 months], date, date_time, now, [[forms] × 7 units]]`.
#[derive(Debug)]
pub struct Calendar {
    /// The digits its numbers use (a CLDR numbering system: `arab`, `arabext`).
    pub numbering: &'static str,
    /// The Gregorian months, January first.
    pub months: Vec<&'static str>,
    /// `{day}`, `{month}`, `{year}`.
    pub date: &'static str,
    /// `{date}` and `{time}` (hours and minutes).
    pub date_time: &'static str,
    /// Less than a second ago.
    pub now: &'static str,
    /// "{n} seconds ago" … "{n} years ago", in [`UNITS`]' order.
    pub ago: Vec<Counted>,
}

/// The units of a relative time, smallest first (`Intl.RelativeTimeFormat`'s names).
pub const UNITS: [&str; 7] = ["second", "minute", "hour", "day", "week", "month", "year"];

/// A catalogue as `scripts/languages.mjs` ships it, read by position: its messages' texts and
/// its counted messages' forms (in the order of `Catalog::MESSAGES` and `Catalog::COUNTED`,
/// `null` where one is missing) and, for a language the browser has no dates for, its calendar.
/// Read leniently, by position: what is not what its place holds is missing there (English in
/// its place, counted), and the rest stands.
#[derive(Debug, Deserialize)]
pub struct Shipped(
    #[serde(default)] Loose<Texts>,
    #[serde(default)] Loose<Table>,
    #[serde(default)] Loose<ShippedCalendar>,
);

/// Texts by position.
#[derive(Debug, Default)]
pub struct Texts(Vec<Loose<String>>);

/// Lists of texts by position: a counted message's forms each.
#[derive(Debug, Default)]
pub struct Table(Vec<Loose<Texts>>);

/// `[numbering, months, date, date_time, now, ago]`, `ago` a counted message per unit.
#[derive(Debug, Deserialize)]
pub struct ShippedCalendar(
    #[serde(default)] Loose<String>,
    #[serde(default)] Loose<Texts>,
    #[serde(default)] Loose<String>,
    #[serde(default)] Loose<String>,
    #[serde(default)] Loose<String>,
    #[serde(default)] Loose<Table>,
);

impl Lenient for Texts {
    fn from_list<'de, A: SeqAccess<'de>>(list: A) -> Result<Option<Self>, A::Error> {
        Vec::deserialize(SeqAccessDeserializer::new(list)).map(|texts| Some(Texts(texts)))
    }
}

impl Lenient for Table {
    fn from_list<'de, A: SeqAccess<'de>>(list: A) -> Result<Option<Self>, A::Error> {
        Vec::deserialize(SeqAccessDeserializer::new(list)).map(|rows| Some(Table(rows)))
    }
}

impl Lenient for Shipped {
    fn from_list<'de, A: SeqAccess<'de>>(list: A) -> Result<Option<Self>, A::Error> {
        Shipped::deserialize(SeqAccessDeserializer::new(list)).map(Some)
    }
}

impl Lenient for ShippedCalendar {
    fn from_list<'de, A: SeqAccess<'de>>(list: A) -> Result<Option<Self>, A::Error> {
        ShippedCalendar::deserialize(SeqAccessDeserializer::new(list)).map(Some)
    }
}

impl Texts {
    /// The text at `i`, if it is one.
    fn at(&self, i: usize) -> Option<&str> {
        self.0.get(i)?.0.as_deref()
    }
}

impl Table {
    /// The row at `i`, if it is a list.
    fn at(&self, i: usize) -> Option<&Texts> {
        self.0.get(i)?.0.as_ref()
    }
}

impl Calendar {
    fn read(shipped: &ShippedCalendar) -> Option<Calendar> {
        let ShippedCalendar(numbering, months, date, date_time, now, ago) = shipped;
        let part = |text: &Loose<String>| text.0.as_deref().map(leak);
        let months: Vec<&'static str> = months.0.iter().flat_map(|m| &m.0).filter_map(part).collect();
        let ago: Vec<Counted> = ago
            .0
            .iter()
            .flat_map(|a| &a.0)
            .filter_map(|forms| Counted::read(forms.0.as_ref()?))
            .collect();
        (months.len() == 12 && ago.len() == UNITS.len()).then_some(())?;
        Some(Calendar {
            numbering: part(numbering)?,
            months,
            date: part(date)?,
            date_time: part(date_time)?,
            now: part(now)?,
            ago,
        })
    }
}

include!(concat!(env!("OUT_DIR"), "/catalog.rs"));

/// English, built in.
static ENGLISH: Catalog = Catalog {
    messages: &ENGLISH_MESSAGES,
    counted: &ENGLISH_COUNTED,
    calendar: None,
};

/// English, built in: the words of every language without a catalogue, and of any message a
/// catalogue lacks.
pub fn english() -> &'static Catalog {
    &ENGLISH
}

impl Catalog {
    /// Reads a shipped catalogue, completing it from English. Also answers how many of its
    /// messages were missing or not text, for the console.
    pub fn read(shipped: &Shipped) -> (Catalog, usize) {
        let mut missing = 0;
        let Shipped(texts, forms, calendar) = shipped;
        let messages: Vec<&'static str> = ENGLISH
            .messages
            .iter()
            .enumerate()
            .map(|(i, english)| match texts.0.as_ref().and_then(|t| t.at(i)) {
                Some(text) => leak(text),
                None => {
                    missing += 1;
                    english
                }
            })
            .collect();
        let counted: Vec<Counted> = ENGLISH
            .counted
            .iter()
            .enumerate()
            .map(
                |(i, english)| match forms.0.as_ref().and_then(|f| f.at(i)).and_then(Counted::read) {
                    Some(read) => read,
                    None => {
                        missing += 1;
                        english.clone()
                    }
                },
            )
            .collect();
        let catalog = Catalog {
            messages: Box::leak(messages.into_boxed_slice()),
            counted: Box::leak(counted.into_boxed_slice()),
            calendar: calendar.0.as_ref().and_then(Calendar::read),
        };
        (catalog, missing)
    }
}

/// The language a widget's interface speaks: a locale (for `Intl`: plurals, digits, dates, and
/// the direction) and the words, its catalogue's or English where it has none.
#[derive(Clone, Copy, Debug)]
pub struct Lang {
    locale: &'static str,
    words: &'static Catalog,
}

impl PartialEq for Lang {
    fn eq(&self, other: &Lang) -> bool {
        self.locale == other.locale && std::ptr::eq(self.words, other.words)
    }
}

impl Eq for Lang {}

impl Lang {
    pub fn new(locale: &'static str, words: &'static Catalog) -> Lang {
        Lang { locale, words }
    }

    /// English words for `locale` (which has no catalogue, or whose catalogue is on its way).
    pub fn english(locale: &'static str) -> Lang {
        Lang::new(locale, english())
    }

    /// The BCP 47 locale: the `lang` of what the widget writes, and what `Intl` formats for.
    pub fn tag(self) -> &'static str {
        self.locale
    }

    pub fn dir(self) -> Dir {
        Dir::for_lang_tag(self.locale)
    }

    /// English words stand in for the locale's (it has no catalogue, or its catalogue could not
    /// be had): the interface's text is English, tagged so (`lang="en"`, laid out left to right
    /// where it appears), and what is in the locale (the article, comments, dates, what the
    /// reader types) says so itself ([`Lang::content_lang`]).
    pub fn stand_in(self) -> bool {
        std::ptr::eq(self.words, &ENGLISH) && !(self.locale == "en" || self.locale.starts_with("en-"))
    }

    /// The `lang` of the interface's own text: the locale's, or English where English stands in.
    pub fn ui_lang(self) -> &'static str {
        if self.stand_in() { "en" } else { self.locale }
    }

    /// The `lang` an element in the locale needs inside the interface: none, unless English
    /// stands in around it.
    pub fn content_lang(self) -> Option<&'static str> {
        self.stand_in().then_some(self.locale)
    }

    pub fn text(self) -> &'static Catalog {
        self.words
    }

    /// The digits its catalogue asks for, where `Intl` does not know the language.
    fn numbering(self) -> Option<&'static str> {
        self.words.calendar.as_ref().map(|c| c.numbering)
    }

    /// `n` in the locale's digits and grouping ("١٢٬٥٠٠", "12,500").
    pub fn number(self, n: usize) -> String {
        intl::number(n as u64, self.locale, true, self.numbering())
    }

    /// A long date ("23 فبراير 2016"), or `None` if `iso` is not a date.
    pub fn long_date(self, iso: &str) -> Option<String> {
        match &self.words.calendar {
            None => intl::long_date(iso, self.locale),
            Some(calendar) => {
                let parts = intl::date_parts(intl::parse_date(iso)?, intl::is_calendar_date(iso));
                Some(self.calendar_date(calendar, parts))
            }
        }
    }

    fn calendar_date(self, calendar: &Calendar, (year, month, day, _, _): intl::DateParts) -> String {
        let plain = |n: u32| intl::number(u64::from(n), self.locale, false, Some(calendar.numbering));
        calendar
            .date
            .replace("{day}", &plain(day))
            .replace(
                "{month}",
                calendar.months.get(month as usize).copied().unwrap_or_default(),
            )
            .replace("{year}", &plain(year))
    }

    /// Date and time for a tooltip, from milliseconds since the epoch.
    pub fn date_time(self, ms: f64) -> Option<String> {
        match &self.words.calendar {
            None => intl::date_time(ms, self.locale),
            Some(calendar) => {
                let parts = intl::date_parts(ms, false);
                let two = |n: u32| {
                    let digits = intl::number(u64::from(n), self.locale, false, Some(calendar.numbering));
                    if n < 10 {
                        format!(
                            "{}{digits}",
                            intl::number(0, self.locale, false, Some(calendar.numbering))
                        )
                    } else {
                        digits
                    }
                };
                let time = format!("{}:{}", two(parts.3), two(parts.4));
                Some(
                    calendar
                        .date_time
                        .replace("{date}", &self.calendar_date(calendar, parts))
                        .replace("{time}", &time),
                )
            }
        }
    }

    /// "منذ 5 دقائق" / "5 minutes ago" for a moment `ms`, seen at `now`.
    pub fn relative_time(self, ms: f64, now: f64) -> Option<String> {
        match &self.words.calendar {
            None => intl::relative_time(ms, now, self.locale),
            Some(calendar) => {
                let (value, unit) = intl::relative_parts((ms - now) / 1000.0);
                let ago = UNITS.iter().position(|u| *u == unit).and_then(|i| calendar.ago.get(i));
                Some(match ago {
                    Some(ago) if value < 0.0 => self.count(ago, (-value) as usize),
                    _ => calendar.now.to_owned(),
                })
            }
        }
    }

    /// A counted message for `n`: the form the locale's plural rules choose, with `n` written
    /// in its digits.
    pub fn count(self, message: &Counted, n: usize) -> String {
        let category = intl::plural_category(n, self.locale);
        message.select(n, &category).replace("{n}", &self.number(n))
    }

    /// A message with a code in it (an HTTP status): the locale's digits, no grouping.
    pub fn fill_code(self, message: &str, placeholder: &str, code: usize) -> String {
        message.replace(
            placeholder,
            &intl::number(code as u64, self.locale, false, self.numbering()),
        )
    }
}

/// A message with a name in it (`{name}`), split where the name goes: the view isolates the name
/// in a `<bdi>`, so a right-to-left name never reorders the words around it.
pub fn around_name(message: &'static str) -> (&'static str, &'static str) {
    message.split_once("{name}").unwrap_or((message, ""))
}

/// A catalogue as `scripts/languages.mjs` ships it, from its source's keys (native tests).
#[cfg(test)]
pub fn shipped(source: &Json) -> Shipped {
    super::json::parse(&super::json::to_string(&shipped_tree(source))).expect("a shipped catalogue")
}

#[cfg(test)]
use super::json::Json;

#[cfg(test)]
fn shipped_tree(source: &Json) -> Json {
    let forms = ["0", "zero", "one", "two", "few", "many", "other"];
    let text = |v: Option<&Json>| v.and_then(Json::as_str).map_or(Json::Null, |t| Json::String(t.into()));
    let plural = |counted: Option<&Json>| {
        Json::Array(
            forms
                .iter()
                .map(|form| text(counted.and_then(|c| c.get(form))))
                .collect(),
        )
    };
    let calendar = source.get("calendar").map(|c| {
        Json::Array(vec![
            text(c.get("numbering")),
            c.get("months").cloned().unwrap_or(Json::Null),
            text(c.get("date")),
            text(c.get("date_time")),
            text(c.get("now")),
            Json::Array(
                UNITS
                    .iter()
                    .map(|unit| plural(c.get("ago").and_then(|a| a.get(unit))))
                    .collect(),
            ),
        ])
    });
    let mut parts = vec![
        Json::Array(
            Catalog::MESSAGES
                .iter()
                .map(|key| text(source.get("messages").and_then(|m| m.get(key))))
                .collect(),
        ),
        Json::Array(
            Catalog::COUNTED
                .iter()
                .map(|key| plural(source.get("counted").and_then(|c| c.get(key))))
                .collect(),
        ),
    ];
    parts.extend(calendar);
    Json::Array(parts)
}

/// A language read from its file in `embed/i18n/` (native tests).
#[cfg(test)]
pub fn from_file(name: &'static str) -> Lang {
    let path = format!("{}/embed/i18n/{name}.json", env!("CARGO_MANIFEST_DIR"));
    let json: Json = super::json::tree(&std::fs::read_to_string(path).expect("the catalogue file")).expect("JSON");
    Lang::new(name, Box::leak(Box::new(Catalog::read(&shipped(&json)).0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_catalogues_read_anything() {
        crate::web::json::reads_anything::<Shipped>(
            r#"[["a", null, "b"], [["x", "y"], null], ["latn", ["m1", "m2"], "d", "dt", "now", [["s", "ss"]]]]"#,
        );
    }

    #[test]
    fn counted_forms_fall_back_within_the_language() {
        // [none, zero, one, two, few, many, other]
        let json: Texts = crate::web::json::parse::<Loose<Texts>>(
            r#"["none", null, "{n} thing", null, "{n} things (few)", null, "{n} things"]"#,
        )
        .unwrap()
        .0
        .unwrap();
        let counted = Counted::read(&json).unwrap();
        assert_eq!(counted.select(0, "other"), "none", "zero has its own sentence");
        assert_eq!(counted.select(1, "one"), "{n} thing");
        assert_eq!(counted.select(3, "few"), "{n} things (few)");
        assert_eq!(counted.select(11, "many"), "{n} things", "a category it lacks is other");
        assert_eq!(counted.select(7, "nonsense"), "{n} things");
        let no_other: Texts = crate::web::json::parse::<Loose<Texts>>(r#"[null, null, "x"]"#)
            .unwrap()
            .0
            .unwrap();
        assert_eq!(Counted::read(&no_other), None, "other is required");
    }

    #[test]
    fn an_odd_entry_costs_only_its_place() {
        let mut texts: Vec<String> = (0..Catalog::MESSAGES.len()).map(|i| format!("\"t{i}\"")).collect();
        texts[0] = "5".into();
        let forms: Vec<&str> = (0..Catalog::COUNTED.len())
            .map(|i| {
                if i == 0 {
                    r#"[null, null, 1, null, null, null, "y"]"#
                } else {
                    r#""not a list""#
                }
            })
            .collect();
        let text = format!(
            "[[{}], [{}], [null, null, null, null, null, []]]",
            texts.join(", "),
            forms.join(", ")
        );
        let (catalog, missing) = Catalog::read(&crate::web::json::parse(&text).expect("a catalogue"));
        assert_eq!(
            missing,
            1 + Catalog::COUNTED.len() - 1,
            "the number, and every counted but the first"
        );
        assert_eq!(
            (catalog.messages[0], catalog.messages[1]),
            (english().messages[0], "t1")
        );
        assert_eq!(
            (catalog.counted[0].forms[1], catalog.counted[0].forms[5]),
            (None, Some("y")),
            "a form that is not text is none; the others stand"
        );
        assert!(catalog.calendar.is_none(), "a calendar without months is none");
        assert!(
            crate::web::json::parse::<Shipped>("{}").is_err(),
            "a catalogue is a list"
        );
    }

    #[test]
    fn english_is_built_in_whole() {
        let en = english();
        let (read, missing) = Catalog::read(&shipped(&en_json()));
        assert_eq!(missing, 0);
        assert_eq!(read.messages, en.messages, "the built-in words are the file's");
        assert_eq!(read.counted, en.counted);
        assert_eq!(read.comments(), "Comments");
        assert_eq!(en.comment_count().select(0, "other"), "No comments yet");
        assert_eq!(en.comment_count().select(1, "one"), "{n} comment");
        let lang = Lang::english("en");
        assert_eq!(lang.count(en.comment_count(), 21), "21 comments");
        assert_eq!(lang.count(en.err_too_long(), 1), "Too long: at most 1 character.");
        assert_eq!(
            lang.fill_code(en.err_http(), "{code}", 503),
            "The article could not be loaded: the server answered with error 503."
        );
    }

    #[test]
    fn a_catalogue_missing_keys_is_completed_from_english() {
        let json: Json = crate::web::json::tree(
            r#"{"messages": {"comments": "Commentaires", "retry": 5}, "counted": {"more_replies": {"one": "x"}}}"#,
        )
        .unwrap();
        let (fr, missing) = Catalog::read(&shipped(&json));
        assert_eq!(fr.comments(), "Commentaires");
        assert_eq!(fr.retry(), "Try again");
        assert_eq!(fr.more_replies(), english().more_replies());
        assert_eq!(missing, Catalog::MESSAGES.len() + Catalog::COUNTED.len() - 1);
    }

    #[test]
    fn a_language_the_browser_has_no_dates_for_brings_its_own() {
        // Natively numbers are ASCII (no Intl); the browser's digits are tested end to end.
        let ckb = from_file("ckb");
        let calendar = ckb.words.calendar.as_ref().expect("ckb has a calendar");
        assert_eq!(ckb.calendar_date(calendar, (2016, 1, 23, 9, 5)), "23ی شوباتی 2016");
        let now = 1_700_000_000_000.0;
        assert_eq!(
            ckb.relative_time(now - 300_000.0, now).as_deref(),
            Some("5 خولەک لەمەوبەر")
        );
        assert_eq!(
            ckb.relative_time(now - 59_600.0, now).as_deref(),
            Some("یەک خولەک لەمەوبەر"),
            "rolled over"
        );
        assert_eq!(
            ckb.relative_time(now + 5_000.0, now).as_deref(),
            Some("ئێستا"),
            "clock skew is now"
        );
        assert!(english().calendar.is_none(), "English dates are the browser's");
    }

    fn en_json() -> Json {
        crate::web::json::tree(
            &std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/embed/i18n/en.json")).unwrap(),
        )
        .unwrap()
    }

    /// The writing systems the catalogues use.
    #[derive(Clone, Copy, Debug, PartialEq)]
    enum Script {
        Latin,
        Arabic,
        Hebrew,
        Cyrillic,
        Devanagari,
    }

    impl Script {
        fn of(c: char) -> Option<Script> {
            match u32::from(c) {
                0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => Some(Script::Latin),
                0x0600..=0x06FF | 0x0750..=0x077F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => Some(Script::Arabic),
                0x0590..=0x05FF | 0xFB1D..=0xFB4F => Some(Script::Hebrew),
                0x0400..=0x04FF => Some(Script::Cyrillic),
                0x0900..=0x097F => Some(Script::Devanagari),
                _ => None,
            }
        }
    }

    /// One row per language: its file, script, direction, the plural categories
    /// `Intl.PluralRules` gives it (checked against the browser by tests/e2e/languages.test.mjs),
    /// the messages that may read as in English (the same word in both languages), and whether
    /// it brings its own calendar (the browser's `Intl` has no dates for it).
    type Row = (
        &'static str,
        Script,
        Dir,
        &'static [&'static str],
        &'static [&'static str],
        bool,
    );
    const LANGUAGES: &[Row] = &[
        ("en", Script::Latin, Dir::Ltr, &["one", "other"], &[], false),
        (
            "ar",
            Script::Arabic,
            Dir::Rtl,
            &["zero", "one", "two", "few", "many", "other"],
            &[],
            false,
        ),
        ("fa", Script::Arabic, Dir::Rtl, &["one", "other"], &[], false),
        ("ur", Script::Arabic, Dir::Rtl, &["one", "other"], &[], false),
        ("he", Script::Hebrew, Dir::Rtl, &["one", "two", "other"], &[], false),
        ("ckb", Script::Arabic, Dir::Rtl, &["one", "other"], &[], true),
        ("ps", Script::Arabic, Dir::Rtl, &["one", "other"], &[], true),
        ("fr", Script::Latin, Dir::Ltr, &["one", "many", "other"], &[], false),
        ("es", Script::Latin, Dir::Ltr, &["one", "many", "other"], &[], false),
        (
            "de",
            Script::Latin,
            Dir::Ltr,
            &["one", "other"],
            &["label_name", "label_website"],
            false,
        ),
        ("pt", Script::Latin, Dir::Ltr, &["one", "many", "other"], &[], false),
        ("tr", Script::Latin, Dir::Ltr, &["one", "other"], &[], false),
        ("id", Script::Latin, Dir::Ltr, &["other"], &["label_email"], false),
        ("ms", Script::Latin, Dir::Ltr, &["other"], &[], false),
        (
            "ru",
            Script::Cyrillic,
            Dir::Ltr,
            &["one", "few", "many", "other"],
            &[],
            false,
        ),
        ("hi", Script::Devanagari, Dir::Ltr, &["one", "other"], &[], false),
    ];

    /// Words that stay as they are in every language: names of formats, protocols and products,
    /// and the example address.
    const VERBATIM: &[&str] = &[
        "JSON-LD",
        "JSON",
        "NewsArticle",
        "REST",
        "API",
        "CORS",
        "WordPress",
        "https://",
        "http://",
        "src",
        "name@example.com",
        "KiB",
        "{n}",
        "{code}",
        "{size}",
        "{name}",
    ];

    fn texts(json: &Json) -> Vec<(String, &str)> {
        let mut all: Vec<(String, &str)> = json
            .get("messages")
            .map(|m| {
                m.members()
                    .iter()
                    .filter_map(|(k, v)| Some((k.clone(), v.as_str()?)))
                    .collect()
            })
            .unwrap_or_default();
        for (key, forms) in json.get("counted").map(Json::members).unwrap_or_default() {
            for (category, text) in forms.members() {
                if let Some(text) = text.as_str() {
                    all.push((format!("{key}.{category}"), text));
                }
            }
        }
        all
    }

    #[test]
    fn every_language_is_complete_and_in_its_own_words() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/embed/i18n");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        files.sort();
        let mut rows: Vec<String> = LANGUAGES.iter().map(|row| format!("{}.json", row.0)).collect();
        rows.sort();
        assert_eq!(files, rows, "a file per row, a row per file");
        let en = en_json();
        let english_texts = texts(&en);
        for &(name, script, dir, categories, same_as_english, own_calendar) in LANGUAGES {
            let path = format!("{}/{name}.json", concat!(env!("CARGO_MANIFEST_DIR"), "/embed/i18n"));
            let json: Json = crate::web::json::tree(&std::fs::read_to_string(&path).unwrap())
                .unwrap_or_else(|e| panic!("{path}: {e}"));
            // Complete: nothing falls back to English.
            let (_, missing) = Catalog::read(&shipped(&json));
            assert_eq!(missing, 0, "{name} lacks messages");
            let keys = |section: &str| -> Vec<String> {
                json.get(section)
                    .map(Json::members)
                    .unwrap_or_default()
                    .iter()
                    .map(|(k, _)| k.clone())
                    .collect()
            };
            let mut known: Vec<String> = Catalog::MESSAGES.iter().map(|k| (*k).to_owned()).collect();
            known.sort();
            let mut messages = keys("messages");
            messages.sort();
            assert_eq!(messages, known, "{name}: messages are exactly the catalogue's");
            let mut counted = keys("counted");
            counted.sort();
            let mut known_counted: Vec<String> = Catalog::COUNTED.iter().map(|k| (*k).to_owned()).collect();
            known_counted.sort();
            assert_eq!(counted, known_counted, "{name}: counted messages");
            assert_eq!(json.str_of("dir"), Some(dir.as_str()), "{name}: dir");
            assert_eq!(
                Dir::for_lang_tag(name),
                dir,
                "{name}: the direction the widget gives it"
            );
            assert!(
                json.str_of("language").is_some_and(|l| !l.is_empty()),
                "{name}: its own name"
            );
            // Its own dates, where the browser has none: every month and unit, read by the module.
            let calendar = json.get("calendar");
            assert_eq!(calendar.is_some(), own_calendar, "{name}: a calendar of its own");
            if let Some(calendar) = calendar {
                let read = Catalog::read(&shipped(&json))
                    .0
                    .calendar
                    .unwrap_or_else(|| panic!("{name}: calendar unreadable"));
                assert!(["arab", "arabext"].contains(&read.numbering), "{name}: numbering");
                assert_eq!(
                    calendar.get("months").map(|m| m.items().len()),
                    Some(12),
                    "{name}: months"
                );
                for (field, placeholders) in [
                    ("date", &["{day}", "{month}", "{year}"][..]),
                    ("date_time", &["{date}", "{time}"][..]),
                ] {
                    let pattern = calendar.str_of(field).unwrap_or_default();
                    assert!(
                        placeholders.iter().all(|p| pattern.matches(p).count() == 1),
                        "{name}: calendar.{field}: {pattern}"
                    );
                }
                for unit in UNITS {
                    let forms = calendar
                        .pointer(&format!("/ago/{unit}"))
                        .unwrap_or_else(|| panic!("{name}: ago.{unit}"));
                    let mut have: Vec<&str> = forms.members().iter().map(|(k, _)| k.as_str()).collect();
                    have.sort();
                    let mut want = categories.to_vec();
                    want.sort();
                    assert_eq!(have, want, "{name}: ago.{unit}");
                }
                let texts = calendar
                    .pointer("/months")
                    .map(Json::items)
                    .unwrap_or_default()
                    .iter()
                    .filter_map(Json::as_str)
                    .chain(["date", "date_time", "now"].iter().filter_map(|f| calendar.str_of(f)));
                for text in texts {
                    let rest = ["{day}", "{month}", "{year}", "{date}", "{time}"]
                        .iter()
                        .fold(text.to_owned(), |t, p| t.replace(p, " "));
                    assert!(
                        rest.chars()
                            .filter(|c| c.is_alphabetic())
                            .all(|c| Script::of(c) == Some(script)),
                        "{name}: {text:?}"
                    );
                    assert!(!rest.chars().any(|c| c.is_ascii_digit()), "{name}: {text:?}");
                }
            }
            for key in Catalog::COUNTED {
                let forms = json.pointer(&format!("/counted/{key}")).unwrap();
                let mut have: Vec<&str> = forms
                    .members()
                    .iter()
                    .map(|(k, _)| k.as_str())
                    .filter(|k| *k != "0")
                    .collect();
                have.sort();
                let mut want = categories.to_vec();
                want.sort();
                assert_eq!(have, want, "{name}: {key} has a form for each of its plural categories");
                assert_eq!(
                    forms.get("0").is_some(),
                    *key == "comment_count",
                    "{name}: {key}: a sentence for none only in the heading"
                );
            }
            for (key, text) in texts(&json) {
                assert!(!text.trim().is_empty(), "{name}: {key} is empty");
                // Placeholders as English has them (a counted form may spell a single number out).
                let english = english_texts
                    .iter()
                    .find(|(k, _)| *k == key || key.split('.').next() == k.split('.').next())
                    .map(|(_, t)| *t)
                    .unwrap_or_default();
                for placeholder in ["{code}", "{size}", "{name}"] {
                    assert_eq!(
                        text.contains(placeholder),
                        english.contains(placeholder),
                        "{name}: {key}: {placeholder}"
                    );
                }
                let mut rest = text.to_owned();
                for verbatim in VERBATIM {
                    rest = rest.replace(verbatim, " ");
                }
                assert!(
                    !rest.contains('{') && !rest.contains('}'),
                    "{name}: {key}: a stray placeholder in {text:?}"
                );
                assert!(
                    !rest.chars().any(|c| c.is_ascii_digit()),
                    "{name}: {key}: digits are the locale's, written by Intl: {text:?}"
                );
                let letters: Vec<Option<Script>> = rest.chars().filter(|c| c.is_alphabetic()).map(Script::of).collect();
                assert!(
                    letters.iter().all(|s| *s == Some(script)),
                    "{name}: {key}: letters outside its script in {text:?}"
                );
                // Punctuation alone (a list's separator) is the same in many languages.
                let worded = text.chars().any(char::is_alphabetic);
                if name != "en" && worded && script == Script::Latin && !same_as_english.contains(&key.as_str()) {
                    assert_ne!(text, english, "{name}: {key} is still English");
                }
            }
        }
    }
}
