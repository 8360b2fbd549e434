//! JSON in and out, through serde and serde_json: the article's JSON-LD, Isso's responses and the
//! widget's own `localStorage` entries.
//!
//! One place decides what untrusted JSON may be: a UTF-8 byte-order mark is skipped (servers and
//! editors add one), nesting deeper than serde_json's limit (128) is an error rather than a stack
//! overflow, and sizes are capped before the text gets here (`http` cuts responses off while they
//! stream). Wire types derive `Deserialize` and read leniently: a member of the wrong type reads
//! as its default ([`lenient`]), so one odd field never hides a whole comment.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer, Serialize};

pub use serde_json::Value;

/// Why a text is not the JSON we expected, with serde_json's line and column.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct JsonError(String);

/// Parses `text` (a leading byte-order mark is ignored) into `T`.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, JsonError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_json::from_str(text).map_err(|e| JsonError(e.to_string()))
}

/// The JSON text of `value`. Our own types always serialize; a failure (a map with non-string
/// keys, which we never build) gives `null` rather than a panic.
pub fn to_string<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}

/// `#[serde(deserialize_with = "lenient")]`: a member of the wrong type (or `null`) reads as the
/// type's default instead of failing the whole object.
pub fn lenient<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned + Default,
{
    let value = Value::deserialize(deserializer)?;
    Ok(T::deserialize(value).unwrap_or_default())
}

/// `#[serde(deserialize_with = "lenient_list")]`: the items that read as `T`; the others (and a
/// member that is not a list) are skipped, so one bad entry costs only itself.
pub fn lenient_list<'de, D, T>(deserializer: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    Ok(read_list(Value::deserialize(deserializer)?).0)
}

/// The items of a JSON array that read as `T`, and how many did not (a value that is not an
/// array at all counts as one that did not).
pub fn read_list<T: DeserializeOwned>(value: Value) -> (Vec<T>, usize) {
    let Value::Array(items) = value else {
        return (Vec::new(), 1);
    };
    let total = items.len();
    let kept: Vec<T> = items.into_iter().filter_map(|item| T::deserialize(item).ok()).collect();
    let skipped = total - kept.len();
    (kept, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, Deserialize, PartialEq, Serialize)]
    struct Probe {
        #[serde(default, deserialize_with = "lenient")]
        n: i64,
        #[serde(default, deserialize_with = "lenient")]
        s: Option<String>,
        #[serde(default, deserialize_with = "lenient_list")]
        list: Vec<u8>,
    }

    #[test]
    fn a_byte_order_mark_is_not_an_error() {
        let v: Value = parse("\u{feff}{\"a\": 1}").expect("parses");
        assert_eq!(v["a"], 1);
        assert!(
            parse::<Value>("\u{feff}\u{feff}{}").is_err(),
            "only one mark, at the start"
        );
    }

    #[test]
    fn mistyped_members_read_as_defaults_and_bad_items_are_skipped() {
        let p: Probe = parse(r#"{"n": "x", "s": 5, "list": [1, "two", 3, 300]}"#).expect("lenient");
        assert_eq!(
            p,
            Probe {
                n: 0,
                s: None,
                list: vec![1, 3]
            }
        );
        let p: Probe = parse(r#"{"list": {"not": "a list"}}"#).expect("lenient");
        assert!(p.list.is_empty());
        assert_eq!(read_list::<u8>(serde_json::json!([1, null, 2])), (vec![1, 2], 1));
    }

    #[test]
    fn hostile_input_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000);
        assert!(parse::<Value>(&deep).is_err(), "nesting is limited");
        let ok = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert!(parse::<Value>(&ok).is_ok());
        for bad in ["", "{", "[1,]", "{'a': 1}", "<html>", "\"\\ud83d x\"", "{} x", "nul"] {
            let _ = parse::<Value>(bad);
        }
        assert!(parse::<Value>("<html>").is_err());
        for input in crate::fuzz::strings("{}[]\":,0123456789.eE-+tfnul \\u\u{feff}ت😀", 5_000, 30) {
            let _ = parse::<Value>(&input);
        }
        let doc = r#"{"a": [1, {"b": "\ud83d\ude00 ت"}, null, true], "c": -1.5e3}"#;
        for cut in crate::fuzz::truncations(doc) {
            assert_eq!(parse::<Value>(cut).is_ok(), cut == doc, "{cut}");
        }
        assert_eq!(to_string(&Probe::default()), r#"{"n":0,"s":null,"list":[]}"#);
    }
}
