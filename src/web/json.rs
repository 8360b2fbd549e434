//! JSON in and out: the article's JSON-LD, servers' answers and the widget's own `localStorage`
//! entries are read into a small [`Json`] tree, and what the widget writes is built as one.
//!
//! By hand rather than through serde: a parser, a writer and a few accessors are a small part of
//! what a serde deserializer per wire type weighs, and every page downloads them (measured in the
//! docs/performance.md). One place decides what untrusted JSON may be: a UTF-8 byte-order mark is skipped
//! (servers and editors add one), nesting deeper than [`MAX_DEPTH`] is an error rather than a
//! stack overflow, and sizes are capped before the text gets here (`http` cuts responses off while
//! they stream). Reading is lenient by design: an accessor of the wrong type answers `None`, so
//! one odd member never hides a whole comment; the wire types say what they need.

use std::fmt::Write as _;

/// How deeply arrays and objects may nest (serde_json's limit, which JSON-LD never nears).
pub const MAX_DEPTH: usize = 128;

/// A JSON value. Objects keep their members in order; looking a member up takes the last of
/// several with one name, as `JSON.parse` does.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

/// Why a text is not JSON, and where (a byte offset).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not JSON at byte {at}: {what}")]
pub struct JsonError {
    pub at: usize,
    pub what: &'static str,
}

/// Parses `text` (a leading byte-order mark is ignored).
pub fn parse(text: &str) -> Result<Json, JsonError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = Reader {
        bytes: text.as_bytes(),
        at: 0,
    };
    let value = reader.value(0)?;
    reader.space();
    if reader.at < reader.bytes.len() {
        return Err(reader.fail("text after the value"));
    }
    Ok(value)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn fail(&self, what: &'static str) -> JsonError {
        JsonError { at: self.at, what }
    }

    fn space(&mut self) {
        while self
            .bytes
            .get(self.at)
            .is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r'))
        {
            self.at += 1;
        }
    }

    fn eat(&mut self, word: &[u8]) -> bool {
        let found = self.bytes[self.at..].starts_with(word);
        if found {
            self.at += word.len();
        }
        found
    }

    fn value(&mut self, depth: usize) -> Result<Json, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.fail("nested too deeply"));
        }
        self.space();
        match self.bytes.get(self.at) {
            None => Err(self.fail("the text ends")),
            Some(b'{') => {
                self.at += 1;
                let mut members = Vec::new();
                self.space();
                if self.eat(b"}") {
                    return Ok(Json::Object(members));
                }
                loop {
                    self.space();
                    if self.bytes.get(self.at) != Some(&b'"') {
                        return Err(self.fail("a member's name must be a string"));
                    }
                    let name = self.string()?;
                    self.space();
                    if !self.eat(b":") {
                        return Err(self.fail("':' after a member's name"));
                    }
                    members.push((name, self.value(depth + 1)?));
                    self.space();
                    if self.eat(b"}") {
                        return Ok(Json::Object(members));
                    }
                    if !self.eat(b",") {
                        return Err(self.fail("',' or '}' in an object"));
                    }
                }
            }
            Some(b'[') => {
                self.at += 1;
                let mut items = Vec::new();
                self.space();
                if self.eat(b"]") {
                    return Ok(Json::Array(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.space();
                    if self.eat(b"]") {
                        return Ok(Json::Array(items));
                    }
                    if !self.eat(b",") {
                        return Err(self.fail("',' or ']' in an array"));
                    }
                }
            }
            Some(b'"') => self.string().map(Json::String),
            Some(b't') if self.eat(b"true") => Ok(Json::Bool(true)),
            Some(b'f') if self.eat(b"false") => Ok(Json::Bool(false)),
            Some(b'n') if self.eat(b"null") => Ok(Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.fail("not a value")),
        }
    }

    /// A number as JSON writes it, read without the standard library's float parser (its tables
    /// weigh more than this whole module): exact for integers up to 2^53, within a few units in
    /// the last place otherwise, which is all ids, counts, sizes and times need.
    fn number(&mut self) -> Result<Json, JsonError> {
        let negative = self.eat(b"-");
        let digits = |reader: &mut Self| {
            let start = reader.at;
            while reader.bytes.get(reader.at).is_some_and(u8::is_ascii_digit) {
                reader.at += 1;
            }
            &reader.bytes[start..reader.at]
        };
        let whole = digits(self);
        if whole.is_empty() || (whole.len() > 1 && whole[0] == b'0') {
            return Err(self.fail("a number's digits"));
        }
        let mut value = whole.iter().fold(0.0, |n, d| n * 10.0 + f64::from(d - b'0'));
        if self.eat(b".") {
            let fraction = digits(self);
            if fraction.is_empty() {
                return Err(self.fail("digits after '.'"));
            }
            let mut place = 1.0;
            for d in fraction.iter().take(20) {
                place /= 10.0;
                value += f64::from(d - b'0') * place;
            }
        }
        if self.eat(b"e") || self.eat(b"E") {
            let minus = self.eat(b"-");
            if !minus {
                self.eat(b"+");
            }
            let exponent = digits(self);
            if exponent.is_empty() {
                return Err(self.fail("digits of an exponent"));
            }
            let exponent = exponent.iter().take(5).fold(0_i32, |n, d| n * 10 + i32::from(d - b'0'));
            value *= 10_f64.powi(if minus { -exponent } else { exponent });
        }
        Ok(Json::Number(if negative { -value } else { value }))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let hex = self
            .bytes
            .get(self.at..self.at + 4)
            .ok_or_else(|| self.fail("a \\u escape"))?;
        let text = std::str::from_utf8(hex).map_err(|_| self.fail("a \\u escape"))?;
        let code = u32::from_str_radix(text, 16).map_err(|_| self.fail("a \\u escape"))?;
        self.at += 4;
        Ok(code)
    }

    fn string(&mut self) -> Result<String, JsonError> {
        // The opening quote.
        self.at += 1;
        let mut out = String::new();
        loop {
            let start = self.at;
            while self
                .bytes
                .get(self.at)
                .is_some_and(|b| *b != b'"' && *b != b'\\' && *b >= 0x20)
            {
                self.at += 1;
            }
            // Whole UTF-8 sequences: the input is a `&str` and the stops are ASCII.
            out.push_str(std::str::from_utf8(&self.bytes[start..self.at]).map_err(|_| self.fail("UTF-8"))?);
            match self.bytes.get(self.at) {
                Some(b'"') => {
                    self.at += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at += 1;
                    let escape = *self.bytes.get(self.at).ok_or_else(|| self.fail("an escape"))?;
                    self.at += 1;
                    match escape {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let first = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&first) {
                                // A surrogate pair, or a lone half (an error, as a string cannot hold it).
                                if !self.eat(b"\\u") {
                                    return Err(self.fail("a lone surrogate"));
                                }
                                let second = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&second) {
                                    return Err(self.fail("a lone surrogate"));
                                }
                                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                            } else {
                                first
                            };
                            out.push(char::from_u32(code).ok_or_else(|| self.fail("a lone surrogate"))?);
                        }
                        _ => return Err(self.fail("an unknown escape")),
                    }
                }
                Some(_) => return Err(self.fail("a control character in a string")),
                None => return Err(self.fail("an unclosed string")),
            }
        }
    }
}

impl Json {
    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(members) => members
                .iter()
                .rev()
                .find(|(name, _)| name == key)
                .map(|(_, value)| value),
            _ => None,
        }
    }

    /// The value at a JSON pointer (`/wp:featuredmedia/0/source_url`); `~1` and `~0` stand for
    /// `/` and `~` in a name.
    pub fn pointer(&self, pointer: &str) -> Option<&Json> {
        pointer.split('/').skip(1).try_fold(self, |value, token| {
            let token = token.replace("~1", "/").replace("~0", "~");
            match value {
                Json::Array(items) => items.get(token.parse::<usize>().ok()?),
                _ => value.get(&token),
            }
        })
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Number(n) if n.is_finite() => Some(*n),
            _ => None,
        }
    }

    /// A whole number that fits.
    pub fn as_i64(&self) -> Option<i64> {
        self.as_f64()
            .filter(|n| n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_992.0)
            .map(|n| n as i64)
    }

    /// A whole number, not negative, that fits.
    pub fn as_u64(&self) -> Option<u64> {
        self.as_i64().and_then(|n| u64::try_from(n).ok())
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The items of an array; none for anything else.
    pub fn items(&self) -> &[Json] {
        self.as_array().unwrap_or_default()
    }

    /// The members of an object; none for anything else.
    pub fn members(&self) -> &[(String, Json)] {
        match self {
            Json::Object(members) => members,
            _ => &[],
        }
    }

    /// `key`'s text, if it is a string.
    pub fn str_of(&self, key: &str) -> Option<&str> {
        self.get(key)?.as_str()
    }

    /// `key`'s text, or empty (a missing or mistyped member reads as its default).
    pub fn string_of(&self, key: &str) -> String {
        self.str_of(key).unwrap_or_default().to_owned()
    }

    /// `key`'s whole number, or 0.
    pub fn int_of(&self, key: &str) -> i64 {
        self.get(key).and_then(Json::as_i64).unwrap_or(0)
    }
}

/// An object of `members`, in order.
pub fn object<'a>(members: impl IntoIterator<Item = (&'a str, Json)>) -> Json {
    Json::Object(
        members
            .into_iter()
            .map(|(name, value)| (name.to_owned(), value))
            .collect(),
    )
}

impl From<&str> for Json {
    fn from(text: &str) -> Json {
        Json::String(text.to_owned())
    }
}

impl From<String> for Json {
    fn from(text: String) -> Json {
        Json::String(text)
    }
}

impl From<f64> for Json {
    fn from(n: f64) -> Json {
        Json::Number(n)
    }
}

impl From<bool> for Json {
    fn from(b: bool) -> Json {
        Json::Bool(b)
    }
}

impl<T: Into<Json>> From<Option<T>> for Json {
    fn from(value: Option<T>) -> Json {
        value.map_or(Json::Null, Into::into)
    }
}

/// The JSON text of `value`: compact, strings escaped as JSON requires, numbers as JavaScript
/// writes them for the integers the widget stores (times in milliseconds, ids, counts), with six
/// decimals at most otherwise (written without the standard library's float formatting).
pub fn to_string(value: &Json) -> String {
    let mut out = String::new();
    write(value, &mut out);
    out
}

fn write(value: &Json, out: &mut String) {
    match value {
        Json::Null => out.push_str("null"),
        Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Json::Number(n) => write_number(*n, out),
        Json::String(text) => write_string(text, out),
        Json::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        Json::Object(members) => {
            out.push('{');
            for (i, (name, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_string(name, out);
                out.push(':');
                write(item, out);
            }
            out.push('}');
        }
    }
}

fn write_number(n: f64, out: &mut String) {
    if !n.is_finite() {
        // JSON has no infinities or NaN; JSON.stringify writes null.
        out.push_str("null");
        return;
    }
    if n.fract() == 0.0 && n.abs() < 9.0e15 {
        let _ = write!(out, "{}", n as i64);
        return;
    }
    let micros = (n.abs() * 1e6).round();
    let (whole, fraction) = ((micros / 1e6).trunc(), (micros % 1e6) as u64);
    if n < 0.0 {
        out.push('-');
    }
    let _ = write!(out, "{}", whole as i64);
    if fraction > 0 {
        let digits = format!("{fraction:06}");
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
}

fn write_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_json_allows_and_writes_it_back() {
        let text = r#" {"a": [1, -2.5, 1e3, 2E-2, 0, true, false, null], "b": {"c": "x\"\\\/\b\f\n\r\t\u0041\u00e9\ud83d\ude00"}, "a": "last"} "#;
        let value = parse(text).expect("JSON");
        assert_eq!(value.get("a"), Some(&Json::from("last")), "the last of two members");
        assert_eq!(value.str_of("a"), Some("last"));
        let Json::Object(members) = &value else {
            panic!("an object")
        };
        let numbers = members[0].1.items().iter().filter_map(Json::as_f64).collect::<Vec<_>>();
        assert_eq!(numbers, vec![1.0, -2.5, 1000.0, 0.02, 0.0]);
        assert_eq!(
            value.pointer("/b/c").and_then(Json::as_str),
            Some("x\"\\/\u{8}\u{c}\n\r\tAé😀")
        );
        assert_eq!(value.pointer("/a/9"), None);
        let written = to_string(&value);
        assert_eq!(parse(&written), Ok(value), "round trip: {written}");
        assert_eq!(
            to_string(&parse("[1764067200123, 0.5, -3, 1.25e-3]").expect("numbers")),
            "[1764067200123,0.5,-3,0.00125]"
        );
        assert_eq!(to_string(&Json::from("a\u{1}<")), "\"a\\u0001<\"");
        assert_eq!(to_string(&Json::Number(f64::NAN)), "null");
        assert_eq!(
            parse(r#"{"id": 12}"#).ok().and_then(|v| v.get("id")?.as_u64()),
            Some(12)
        );
        assert_eq!(parse("7.5").ok().and_then(|v| v.as_i64()), None, "not a whole number");
        assert_eq!(
            parse("1464818460.7")
                .ok()
                .and_then(|v| v.as_f64())
                .map(|n| (n * 10.0).round()),
            Some(14_648_184_607.0)
        );
        assert_eq!(
            parse(r#"{"a/b": {"c~d": 1}}"#)
                .ok()
                .and_then(|v| v.pointer("/a~1b/c~0d")?.as_i64()),
            Some(1)
        );
    }

    #[test]
    fn a_byte_order_mark_is_not_an_error() {
        assert_eq!(
            parse("\u{feff}{\"a\": 1}").ok().and_then(|v| v.get("a")?.as_i64()),
            Some(1)
        );
        assert!(parse("\u{feff}\u{feff}{}").is_err(), "only one mark, at the start");
    }

    #[test]
    fn hostile_input_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000);
        assert!(parse(&deep).is_err(), "nesting is limited");
        let ok = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(parse(&ok).is_ok());
        for bad in [
            "",
            "{",
            "[1,]",
            "{'a': 1}",
            "<html>",
            "\"\\ud83d x\"",
            "{} x",
            "nul",
            "01",
            "1.",
            "-",
            "1e",
            "\"\u{1}\"",
            "{\"a\" 1}",
            "[1 2]",
            "\"\\x\"",
            "\"\\u12\"",
        ] {
            assert!(parse(bad).is_err(), "{bad:?}");
        }
        for input in crate::fuzz::strings("{}[]\":,0123456789.eE-+tfnul \\u\u{feff}ت😀", 5_000, 30) {
            if let Ok(value) = parse(&input) {
                // What is written reads back the same (numbers to six decimals).
                let written = to_string(&value);
                assert_eq!(parse(&written).map(|again| to_string(&again)), Ok(written), "{input:?}");
            }
        }
        let doc = r#"{"a": [1, {"b": "\ud83d\ude00 ت"}, null, true], "c": -1.5e3}"#;
        for cut in crate::fuzz::truncations(doc) {
            assert_eq!(parse(cut).is_ok(), cut == doc, "{cut}");
        }
    }
}
