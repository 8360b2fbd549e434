//! A small JSON reader and writer for the few documents the widget handles: an article's
//! JSON-LD, Isso's responses and its own `localStorage` entries.
//!
//! Why not serde + serde_json: in the release bundle they cost more than the whole of this module
//! (derive-generated visitors per wire type, the float parser and printer, error formatting), and
//! the widget only ever needs "read this field if it is there and of the right kind". Wire types
//! are still converted into domain types at the boundary; they just do it with `get`/`as_*`.

use std::fmt::Write;

/// A parsed JSON value. Objects keep their members in document order.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

/// Why a text is not JSON, and where (a byte offset).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{what} at byte {at}")]
pub struct JsonError {
    pub what: &'static str,
    pub at: usize,
}

/// Deeper nesting than this is refused rather than risking the (small, wasm) stack.
const MAX_DEPTH: usize = 128;

pub fn parse(text: &str) -> Result<Json, JsonError> {
    let mut p = Parser {
        s: text.as_bytes(),
        i: 0,
    };
    let value = p.value(0)?;
    p.ws();
    if p.i < p.s.len() {
        return Err(p.err("unexpected text after the value"));
    }
    Ok(value)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn err(&self, what: &'static str) -> JsonError {
        JsonError { what, at: self.i }
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, byte: u8, what: &'static str) -> Result<(), JsonError> {
        if self.peek() == Some(byte) {
            self.i += 1;
            Ok(())
        } else {
            Err(self.err(what))
        }
    }

    fn literal(&mut self, word: &str, value: Json) -> Result<Json, JsonError> {
        if self.s[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(value)
        } else {
            Err(self.err("unknown word"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.err("nested too deeply"));
        }
        self.ws();
        match self.peek() {
            None => Err(self.err("unexpected end")),
            Some(b'{') => {
                self.i += 1;
                let mut members = Vec::new();
                self.ws();
                if self.peek() == Some(b'}') {
                    self.i += 1;
                    return Ok(Json::Obj(members));
                }
                loop {
                    self.ws();
                    let key = self.string()?;
                    self.ws();
                    self.eat(b':', "expected `:`")?;
                    members.push((key, self.value(depth + 1)?));
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Ok(Json::Obj(members));
                        }
                        _ => return Err(self.err("expected `,` or `}`")),
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.peek() == Some(b']') {
                    self.i += 1;
                    return Ok(Json::Arr(items));
                }
                loop {
                    items.push(self.value(depth + 1)?);
                    self.ws();
                    match self.peek() {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Ok(Json::Arr(items));
                        }
                        _ => return Err(self.err("expected `,` or `]`")),
                    }
                }
            }
            Some(b'"') => Ok(Json::Str(self.string()?)),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(_) => Err(self.err("unexpected character")),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while let Some(b'0'..=b'9') = self.peek() {
            self.i += 1;
        }
        self.i - start
    }

    /// Decimal digits into a 19-digit integer mantissa and a power of ten; exact for the ids,
    /// counts and timestamps this widget reads, and far smaller than a correctly rounded parser.
    fn number(&mut self) -> Result<Json, JsonError> {
        let negative = self.peek() == Some(b'-');
        if negative {
            self.i += 1;
        }
        let int_start = self.i;
        let int_len = self.digits();
        if int_len == 0 {
            return Err(self.err("malformed number"));
        }
        if int_len > 1 && self.s[int_start] == b'0' {
            return Err(JsonError {
                what: "leading zero",
                at: int_start + 1,
            });
        }
        let mut frac = (0, 0);
        if self.peek() == Some(b'.') {
            self.i += 1;
            frac = (self.i, self.digits());
            if frac.1 == 0 {
                return Err(self.err("malformed number"));
            }
        }
        let mut exp: i32 = 0;
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            let exp_negative = match self.peek() {
                Some(b'-') => {
                    self.i += 1;
                    true
                }
                Some(b'+') => {
                    self.i += 1;
                    false
                }
                _ => false,
            };
            let start = self.i;
            if self.digits() == 0 {
                return Err(self.err("malformed number"));
            }
            for &d in &self.s[start..self.i] {
                exp = exp.saturating_mul(10).saturating_add(i32::from(d - b'0'));
            }
            if exp_negative {
                exp = -exp;
            }
        }
        let mut mantissa: u64 = 0;
        let mut kept = 0;
        let int_digits = &self.s[int_start..int_start + int_len];
        let frac_digits = &self.s[frac.0..frac.0 + frac.1];
        for (k, &d) in int_digits.iter().chain(frac_digits).enumerate() {
            if kept < 19 {
                mantissa = mantissa * 10 + u64::from(d - b'0');
                kept += 1;
                if k >= int_len {
                    exp = exp.saturating_sub(1);
                }
            } else if k < int_len {
                // Integer digits past the 19th still scale the value.
                exp = exp.saturating_add(1);
            }
        }
        let scale = 10f64.powi(exp.unsigned_abs().min(400) as i32);
        let magnitude = if exp < 0 {
            mantissa as f64 / scale
        } else {
            mantissa as f64 * scale
        };
        Ok(Json::Num(if negative { -magnitude } else { magnitude }))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = match self.peek() {
                Some(b @ b'0'..=b'9') => b - b'0',
                Some(b @ b'a'..=b'f') => b - b'a' + 10,
                Some(b @ b'A'..=b'F') => b - b'A' + 10,
                _ => return Err(self.err("malformed \\u escape")),
            };
            code = code * 16 + u32::from(digit);
            self.i += 1;
        }
        Ok(code)
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.eat(b'"', "expected a string")?;
        let mut out = String::new();
        loop {
            let start = self.i;
            while let Some(b) = self.peek() {
                if b == b'"' || b == b'\\' || b < 0x20 {
                    break;
                }
                self.i += 1;
            }
            // The input is a &str and we stopped on ASCII bytes, so this slice is whole characters.
            out.push_str(std::str::from_utf8(&self.s[start..self.i]).map_err(|_| self.err("not UTF-8"))?);
            match self.peek() {
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let escaped = self.peek().ok_or_else(|| self.err("unexpected end"))?;
                    self.i += 1;
                    match escaped {
                        b'"' => out.push('"'),
                        b'\\' => out.push('\\'),
                        b'/' => out.push('/'),
                        b'b' => out.push('\u{8}'),
                        b'f' => out.push('\u{c}'),
                        b'n' => out.push('\n'),
                        b'r' => out.push('\r'),
                        b't' => out.push('\t'),
                        b'u' => {
                            let mut code = self.hex4()?;
                            if (0xD800..0xDC00).contains(&code) && self.s[self.i..].starts_with(b"\\u") {
                                let back = self.i;
                                self.i += 2;
                                let low = self.hex4()?;
                                if (0xDC00..0xE000).contains(&low) {
                                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                                } else {
                                    self.i = back;
                                }
                            }
                            // A lone surrogate cannot be a Rust char; JSON.parse would keep it, we
                            // show the replacement character instead of failing the document.
                            out.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                        }
                        _ => return Err(self.err("unknown escape")),
                    }
                }
                Some(_) => return Err(self.err("control character in a string")),
                None => return Err(self.err("unterminated string")),
            }
        }
    }
}

impl Json {
    /// An object's member (the last one, as `JSON.parse` keeps, if a key repeats).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Num(n) if n.is_finite() => Some(*n),
            _ => None,
        }
    }

    /// Whole numbers only (ids, counts); `1.5` is not an integer.
    pub fn as_i64(&self) -> Option<i64> {
        self.as_f64()
            .filter(|n| n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_992.0)
            .map(|n| n as i64)
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Arr(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&[(String, Json)]> {
        match self {
            Json::Obj(members) => Some(members),
            _ => None,
        }
    }

    /// `key`'s value if it is a string.
    pub fn str_at(&self, key: &str) -> Option<String> {
        self.get(key).and_then(Json::as_str).map(str::to_owned)
    }

    /// `key`'s value if it is a whole number, else `fallback` (absent, null or another kind).
    pub fn int_at(&self, key: &str, fallback: i64) -> i64 {
        self.get(key).and_then(Json::as_i64).unwrap_or(fallback)
    }

    pub fn bool_at(&self, key: &str, fallback: bool) -> bool {
        self.get(key).and_then(Json::as_bool).unwrap_or(fallback)
    }

    /// An object from `(key, value)` pairs; `None` values are left out.
    pub fn object<const N: usize>(members: [(&str, Option<Json>); N]) -> Json {
        Json::Obj(
            members
                .into_iter()
                .filter_map(|(k, v)| v.map(|v| (k.to_owned(), v)))
                .collect(),
        )
    }

    pub fn text(s: impl Into<String>) -> Json {
        Json::Str(s.into())
    }

    fn write(&self, out: &mut String) {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Num(n) => write_number(*n, out),
            Json::Str(s) => write_string(s, out),
            Json::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            Json::Obj(members) => {
                out.push('{');
                for (i, (k, v)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_string(k, out);
                    out.push(':');
                    v.write(out);
                }
                out.push('}');
            }
        }
    }
}

/// A value kept as JSON (in `localStorage`): how it is written and read back. Reading is lenient
/// about absent optional members, so entries written by an older version still load.
pub trait Record: Sized {
    fn to_json(&self) -> Json;
    fn from_json(value: &Json) -> Option<Self>;
}

/// A list keeps the items it can read; one unreadable entry does not lose the others.
impl<T: Record> Record for Vec<T> {
    fn to_json(&self) -> Json {
        Json::Arr(self.iter().map(Record::to_json).collect())
    }

    fn from_json(value: &Json) -> Option<Self> {
        Some(value.as_array()?.iter().filter_map(T::from_json).collect())
    }
}

impl std::fmt::Display for Json {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut out = String::new();
        self.write(&mut out);
        f.write_str(&out)
    }
}

/// Integers exactly; other numbers with three decimals (the stored values are milliseconds and
/// Isso's fractional seconds). Printing through integers keeps core's float formatter, one of
/// the larger pieces of a Rust wasm module, out of the bundle. Non-finite numbers are `null`.
fn write_number(n: f64, out: &mut String) {
    if !n.is_finite() {
        out.push_str("null");
        return;
    }
    if n.fract() == 0.0 && n.abs() < 9.2e18 {
        let _ = write!(out, "{}", n as i64);
        return;
    }
    let thousandths = (n.abs() * 1000.0).round();
    if thousandths >= 9.2e18 {
        // Beyond i64: drop the fraction, which such a magnitude cannot hold anyway.
        let _ = write!(out, "{}{}", if n < 0.0 { "-" } else { "" }, n.abs().trunc() as u64);
        return;
    }
    let thousandths = thousandths as u64;
    let sign = if n < 0.0 && thousandths > 0 { "-" } else { "" };
    let _ = write!(out, "{sign}{}", thousandths / 1000);
    let frac = thousandths % 1000;
    if frac > 0 {
        let digits = format!("{frac:03}");
        let _ = write!(out, ".{}", digits.trim_end_matches('0'));
    }
}

fn write_string(s: &str, out: &mut String) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> Json {
        parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn reads_every_kind_of_value() {
        let v = p(r#" {"a": [1, -2.5, 3e2, 0.125E-1, true, false, null], "b": {"c": "d"}, "": ""} "#);
        let a = v.get("a").and_then(Json::as_array).expect("array");
        assert_eq!(a[0], Json::Num(1.0));
        assert_eq!(a[1], Json::Num(-2.5));
        assert_eq!(a[2], Json::Num(300.0));
        assert_eq!(a[3], Json::Num(0.0125));
        assert_eq!(&a[4..], &[Json::Bool(true), Json::Bool(false), Json::Null]);
        assert_eq!(v.get("b").and_then(|b| b.str_at("c")).as_deref(), Some("d"));
        assert_eq!(v.str_at("").as_deref(), Some(""));
        assert_eq!(p("[]"), Json::Arr(vec![]));
        assert_eq!(p("{}"), Json::Obj(vec![]));
    }

    #[test]
    fn numbers_match_the_standard_parser_for_realistic_values() {
        for s in [
            "0",
            "-0",
            "42",
            "1700000000.123456",
            "1764067200000",
            "0.1",
            "9007199254740993",
            "12345678901234567890123",
            "1e-7",
            "6.02214076e23",
            "-3.25",
        ] {
            let ours = p(s).as_f64().expect("finite");
            let std: f64 = s.parse().expect("std parses");
            assert!((ours - std).abs() <= std.abs() * 1e-15, "{s}: {ours} vs {std}");
        }
        assert_eq!(p("1e400").as_f64(), None, "overflow is infinite, not a number we use");
    }

    #[test]
    fn integers_are_whole_numbers_only() {
        assert_eq!(p("7").as_i64(), Some(7));
        assert_eq!(p("-7").as_i64(), Some(-7));
        assert_eq!(p("7.0").as_i64(), Some(7));
        assert_eq!(p("7.5").as_i64(), None);
        assert_eq!(p("\"7\"").as_i64(), None);
        let v = p(r#"{"n": null, "m": 3}"#);
        assert_eq!(v.int_at("n", 9), 9);
        assert_eq!(v.int_at("m", 9), 3);
        assert_eq!(v.int_at("absent", 9), 9);
    }

    #[test]
    fn strings_unescape_like_json_parse() {
        assert_eq!(p(r#""a\"b\\c\/d\n\t\r\b\f""#), Json::text("a\"b\\c/d\n\t\r\u{8}\u{c}"));
        assert_eq!(p(r#""\u0645\u0642\u0627\u0644""#), Json::text("مقال"));
        assert_eq!(p(r#""\ud83d\ude00""#), Json::text("😀"));
        assert_eq!(
            p(r#""\ud83d x""#),
            Json::text("\u{FFFD} x"),
            "a lone surrogate is replaced, not fatal"
        );
        assert_eq!(p("\"تيليجرام «نص»\""), Json::text("تيليجرام «نص»"));
    }

    #[test]
    fn a_repeated_key_keeps_the_last_value() {
        assert_eq!(p(r#"{"k": 1, "k": 2}"#).get("k"), Some(&Json::Num(2.0)));
    }

    #[test]
    fn malformed_input_is_an_error_with_a_position() {
        for (s, at) in [
            ("", 0),
            ("{", 1),
            ("[1,]", 3),
            ("{\"a\" 1}", 5),
            ("{\"a\":1,}", 7),
            ("01", 1),
            ("1.", 2),
            ("-", 1),
            ("1e", 2),
            ("tru", 0),
            ("\"abc", 4),
            ("\"a\u{1}\"", 2),
            ("\"\\x\"", 3),
            ("\"\\u12\"", 5),
            ("{} x", 3),
            ("<html>", 0),
            ("{'a': 1}", 1),
        ] {
            let e = parse(s).expect_err(s);
            assert_eq!(e.at, at, "{s}: {e}");
        }
    }

    #[test]
    fn hostile_nesting_is_refused_without_overflowing_the_stack() {
        let deep = "[".repeat(100_000);
        assert_eq!(parse(&deep).expect_err("too deep").what, "nested too deeply");
        let ok = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn writing_round_trips_through_the_standard_parser() {
        let v = Json::object([
            ("text", Some(Json::text("سطر\n\"مقتبس\" \\ \u{1} 😀"))),
            ("parent", None),
            ("id", Some(Json::Num(12.0))),
            ("created", Some(Json::Num(1_700_000_000.125))),
            ("neg", Some(Json::Num(-0.5))),
            ("big", Some(Json::Num(1764067200000.0))),
            ("inf", Some(Json::Num(f64::INFINITY))),
            ("list", Some(Json::Arr(vec![Json::Bool(true), Json::Null]))),
        ]);
        let text = v.to_string();
        assert!(!text.contains("parent"), "absent members are left out: {text}");
        let std: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
        assert_eq!(std["text"], "سطر\n\"مقتبس\" \\ \u{1} 😀");
        assert_eq!(std["id"], 12);
        assert_eq!(std["created"], 1_700_000_000.125);
        assert_eq!(std["neg"], -0.5);
        assert_eq!(std["big"], 1_764_067_200_000i64);
        assert!(std["inf"].is_null());
        assert_eq!(
            p(&text),
            Json::object([
                ("text", Some(Json::text("سطر\n\"مقتبس\" \\ \u{1} 😀"))),
                ("id", Some(Json::Num(12.0))),
                ("created", Some(Json::Num(1_700_000_000.125))),
                ("neg", Some(Json::Num(-0.5))),
                ("big", Some(Json::Num(1764067200000.0))),
                ("inf", Some(Json::Null)),
                ("list", Some(Json::Arr(vec![Json::Bool(true), Json::Null]))),
            ])
        );
    }
}
