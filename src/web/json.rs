//! JSON in and out. In the browser the text is read and written by the browser's own parser and
//! writer (`JSON.parse`, `JSON.stringify`: the fastest and most tested there is, and what it
//! accepts is accepted: a lone surrogate in a description reads as U+FFFD rather than rejecting
//! the article). Every wire and storage type is described by serde's derive, beside the code that
//! knows its format: it is read from `JSON.parse`'s value walked into a [`Json`] tree (natively,
//! serde_json's reading of the text), by the same deserializer of the tree in both; it is written
//! by serde-wasm-bindgen into a JavaScript value for `JSON.stringify` (natively, serde_json).
//!
//! One place decides what untrusted JSON may be: a UTF-8 byte-order mark is skipped (servers and
//! editors add one), nesting deeper than [`MAX_DEPTH`] is an error rather than a stack overflow
//! (the conversion recurses), and sizes are capped before the text gets here (`http` cuts
//! responses off while they stream). Members are read leniently where a server's answer is
//! read ([`loose`], [`loose_list`]): a member of the wrong type reads as absent, so one odd member
//! never hides a whole comment; the wire types say what they need.

use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::marker::PhantomData;

/// Arrays and objects nest fewer levels than this (serde_json's limit, which JSON-LD never
/// nears): the same limit natively and in the browser.
pub const MAX_DEPTH: usize = 128;

/// Why a text did not give the value wanted.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum JsonError {
    #[error("not JSON")]
    NotJson,
    #[error("nested too deeply")]
    TooDeep,
    #[error("not the expected value")]
    Shape,
}

/// Reads `text` (a leading byte-order mark is ignored) as a `T`, leniently ([`Lenient`]): a
/// value `T` cannot be read from at all (a list where a record is wanted) is [`JsonError::Shape`].
pub fn parse<T: Lenient>(text: &str) -> Result<T, JsonError> {
    match Loose::<T>::deserialize(&tree(text)?) {
        Ok(Loose(value)) => value.ok_or(JsonError::Shape),
        Err(never) => match never {},
    }
}

/// Reads `text` as a [`Json`] tree: in the browser `JSON.parse`'s value. The typed reading that
/// follows ([`parse`]) is the same code natively and in the browser: the tests test what the
/// browser runs.
pub fn tree(text: &str) -> Result<Json, JsonError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if too_deep(text) {
        return Err(JsonError::TooDeep);
    }
    #[cfg(target_arch = "wasm32")]
    {
        js_sys::JSON::parse(text)
            .map(|value| from_js(&value))
            .map_err(|_| JsonError::NotJson)
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        serde_json::from_str(text).map_err(|_| JsonError::NotJson)
    }
}

/// The JSON text of `value`, compact (as `JSON.stringify` writes it).
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        // Our own types always convert (no maps with other keys than text); an empty text
        // would be refused by the reader rather than taken for a value.
        to_js(value)
            .ok()
            .and_then(|v| js_sys::JSON::stringify(&v).ok())
            .and_then(|s| s.as_string())
            .unwrap_or_default()
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        serde_json::to_string(value).unwrap_or_default()
    }
}

/// `value` as a JavaScript value, as `JSON.parse` would give its JSON (objects, not `Map`s;
/// `null` for an absent member that is not skipped).
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<wasm_bindgen::JsValue, serde_wasm_bindgen::Error> {
    value.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
}

/// `JSON.parse`'s value as a tree (its nesting is bounded: see [`too_deep`]). Walked here
/// rather than through serde-wasm-bindgen's deserializer: one small function instead of its
/// generic one per visitor and the error formatting it brings (docs/performance.md has the
/// measurement); serde-wasm-bindgen writes (`to_js`).
#[cfg(target_arch = "wasm32")]
fn from_js(value: &wasm_bindgen::JsValue) -> Json {
    use wasm_bindgen::JsCast;
    if let Some(b) = value.as_bool() {
        Json::Bool(b)
    } else if let Some(n) = value.as_f64() {
        Json::Number(n)
    } else if let Some(text) = value.as_string() {
        Json::String(text)
    } else if js_sys::Array::is_array(value) {
        let items: &js_sys::Array = value.unchecked_ref();
        Json::Array(items.iter().map(|item| from_js(&item)).collect())
    } else if value.is_object() {
        let entries = js_sys::Object::entries(value.unchecked_ref());
        Json::Object(
            entries
                .iter()
                .map(|entry| {
                    let entry: js_sys::Array = entry.unchecked_into();
                    (entry.get(0).as_string().unwrap_or_default(), from_js(&entry.get(1)))
                })
                .collect(),
        )
    } else {
        Json::Null
    }
}

/// Whether arrays and objects nest [`MAX_DEPTH`] levels or more (brackets inside strings aside).
fn too_deep(text: &str) -> bool {
    let (mut depth, mut in_string, mut escaped) = (0_usize, false, false);
    for byte in text.bytes() {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                if depth >= MAX_DEPTH {
                    return true;
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    false
}

/// A value a server's member may hold, read leniently: what it cannot be read from reads as
/// absent (`None`) instead of failing the whole answer.
pub trait Lenient: Sized {
    fn from_text(_: &str) -> Option<Self> {
        None
    }
    fn from_number(_: f64) -> Option<Self> {
        None
    }
    fn from_bool(_: bool) -> Option<Self> {
        None
    }
    fn from_null() -> Option<Self> {
        None
    }
    // What is not read is left unread: typed reading is always from a tree (see [`parse`]),
    // whose lists and objects need no draining.
    fn from_list<'de, A: SeqAccess<'de>>(_: A) -> Result<Option<Self>, A::Error> {
        Ok(None)
    }
    fn from_object<'de, A: MapAccess<'de>>(_: A) -> Result<Option<Self>, A::Error> {
        Ok(None)
    }
}

impl Lenient for String {
    fn from_text(text: &str) -> Option<Self> {
        Some(text.to_owned())
    }
}

impl Lenient for f64 {
    fn from_number(n: f64) -> Option<Self> {
        n.is_finite().then_some(n)
    }
}

/// A whole number that fits (ids, counts: exact up to 2^53, as JavaScript's numbers are).
impl Lenient for i64 {
    fn from_number(n: f64) -> Option<Self> {
        (n.fract() == 0.0 && n.abs() <= 9_007_199_254_740_992.0).then_some(n as i64)
    }
}

/// A whole number, not negative, that fits.
impl Lenient for u64 {
    fn from_number(n: f64) -> Option<Self> {
        i64::from_number(n).and_then(|n| u64::try_from(n).ok())
    }
}

impl Lenient for bool {
    fn from_bool(b: bool) -> Option<Self> {
        Some(b)
    }
}

/// A list: the items that can be read (others are left out).
impl<T: Lenient> Lenient for Vec<T> {
    fn from_list<'de, A: SeqAccess<'de>>(mut list: A) -> Result<Option<Self>, A::Error> {
        let mut items = Vec::new();
        while let Some(Loose(item)) = list.next_element::<Loose<T>>()? {
            items.extend(item);
        }
        Ok(Some(items))
    }
}

/// A few named values, written and read as a JSON object (`{"12": …}`), kept as a list: a map
/// of a few hundred entries at most costs the module far less code as a list than as a
/// `BTreeMap` (about 3 KiB brotli less in Isso's part). A name is there once (the last wins).
#[derive(Clone, Debug, PartialEq)]
pub struct Named<T>(pub Vec<(String, T)>);

impl<T> Default for Named<T> {
    fn default() -> Self {
        Named(Vec::new())
    }
}

impl<T> Named<T> {
    pub fn get(&self, name: &str) -> Option<&T> {
        self.0.iter().find(|(n, _)| n == name).map(|(_, value)| value)
    }

    pub fn set(&mut self, name: String, value: T) {
        self.remove(&name);
        self.0.push((name, value));
    }

    pub fn remove(&mut self, name: &str) {
        self.0.retain(|(n, _)| n != name);
    }
}

impl<T: Serialize> Serialize for Named<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(name, value)| (name, value)))
    }
}

/// An object's members that can be read (others are left out).
impl<T: Lenient> Lenient for Named<T> {
    fn from_object<'de, A: MapAccess<'de>>(mut object: A) -> Result<Option<Self>, A::Error> {
        let mut members = Self::default();
        while let Some((name, Loose(value))) = object.next_entry::<String, Loose<T>>()? {
            if let Some(value) = value {
                members.set(name, value);
            }
        }
        Ok(Some(members))
    }
}

/// A value that may not be readable, kept as such (a list's unreadable items counted, not left out).
impl<T: Lenient> Lenient for Loose<T> {
    fn from_text(text: &str) -> Option<Self> {
        Some(Loose(T::from_text(text)))
    }
    fn from_number(n: f64) -> Option<Self> {
        Some(Loose(T::from_number(n)))
    }
    fn from_bool(b: bool) -> Option<Self> {
        Some(Loose(T::from_bool(b)))
    }
    fn from_null() -> Option<Self> {
        Some(Loose(T::from_null()))
    }
    fn from_list<'de, A: SeqAccess<'de>>(list: A) -> Result<Option<Self>, A::Error> {
        T::from_list(list).map(|value| Some(Loose(value)))
    }
    fn from_object<'de, A: MapAccess<'de>>(object: A) -> Result<Option<Self>, A::Error> {
        T::from_object(object).map(|value| Some(Loose(value)))
    }
}

/// A record (a derived struct whose members are all lenient) from an object.
pub fn record<'de, T: Deserialize<'de>, A: MapAccess<'de>>(object: A) -> Result<Option<T>, A::Error> {
    T::deserialize(serde::de::value::MapAccessDeserializer::new(object)).map(Some)
}

/// Makes derived structs [`Lenient`]: read from an object, absent when the value is anything else.
#[macro_export]
macro_rules! lenient_record {
    ($($record:ty),+) => {$(
        impl $crate::web::json::Lenient for $record {
            fn from_object<'de, A: serde::de::MapAccess<'de>>(object: A) -> Result<Option<Self>, A::Error> {
                $crate::web::json::record(object)
            }
        }
    )+};
}

/// A value read leniently (see [`Lenient`]).
#[derive(Clone, Debug, PartialEq)]
pub struct Loose<T>(pub Option<T>);

/// Absent (without asking `T` for a default of its own).
impl<T> Default for Loose<T> {
    fn default() -> Self {
        Loose(None)
    }
}

impl<'de, T: Lenient> Deserialize<'de> for Loose<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LooseVisitor(PhantomData))
    }
}

struct LooseVisitor<T>(PhantomData<T>);

impl<'de, T: Lenient> Visitor<'de> for LooseVisitor<T> {
    type Value = Loose<T>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Loose<T>, E> {
        Ok(Loose(T::from_bool(b)))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Loose<T>, E> {
        Ok(Loose(T::from_number(n as f64)))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Loose<T>, E> {
        Ok(Loose(T::from_number(n as f64)))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Loose<T>, E> {
        Ok(Loose(T::from_number(n)))
    }
    fn visit_str<E>(self, text: &str) -> Result<Loose<T>, E> {
        Ok(Loose(T::from_text(text)))
    }
    fn visit_unit<E>(self) -> Result<Loose<T>, E> {
        Ok(Loose(T::from_null()))
    }
    fn visit_none<E>(self) -> Result<Loose<T>, E> {
        Ok(Loose(T::from_null()))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, list: A) -> Result<Loose<T>, A::Error> {
        T::from_list(list).map(Loose)
    }
    fn visit_map<A: MapAccess<'de>>(self, object: A) -> Result<Loose<T>, A::Error> {
        T::from_object(object).map(Loose)
    }
}

/// For `#[serde(default, deserialize_with = "loose")]` on an `Option` member.
pub fn loose<'de, T: Lenient, D: Deserializer<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
    Loose::deserialize(deserializer).map(|loose| loose.0)
}

/// For `#[serde(default, deserialize_with = "loose_or_default")]`: absent or mistyped reads as the default.
pub fn loose_or_default<'de, T: Lenient + Default, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    Loose::deserialize(deserializer).map(|loose| loose.0.unwrap_or_default())
}

/// For `#[serde(default, deserialize_with = "loose_list")]` on a `Vec` member: its readable items.
pub fn loose_list<'de, T: Lenient, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<T>, D::Error> {
    Loose::<Vec<T>>::deserialize(deserializer).map(|loose| loose.0.unwrap_or_default())
}

/// A JSON value of any shape, for the one format whose members are each "one of" several
/// (schema.org's JSON-LD: a text, a list of them, an object, a list of objects), and the value
/// every typed reading starts from. Objects keep their members in order, each name once.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Number(f64),
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Json, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, b: bool) -> Result<Json, E> {
        Ok(Json::Bool(b))
    }
    fn visit_i64<E>(self, n: i64) -> Result<Json, E> {
        Ok(Json::Number(n as f64))
    }
    fn visit_u64<E>(self, n: u64) -> Result<Json, E> {
        Ok(Json::Number(n as f64))
    }
    fn visit_f64<E>(self, n: f64) -> Result<Json, E> {
        Ok(Json::Number(n))
    }
    fn visit_str<E>(self, text: &str) -> Result<Json, E> {
        Ok(Json::String(text.to_owned()))
    }
    fn visit_string<E>(self, text: String) -> Result<Json, E> {
        Ok(Json::String(text))
    }
    fn visit_unit<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_none<E>(self) -> Result<Json, E> {
        Ok(Json::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut list: A) -> Result<Json, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = list.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut object: A) -> Result<Json, A::Error> {
        let mut members: Vec<(String, Json)> = Vec::new();
        while let Some((name, value)) = object.next_entry::<String, Json>()? {
            // A name given twice keeps its first place and its last value, as `JSON.parse` does
            // (which in the browser has done it already: this is for the native reader).
            #[cfg(not(target_arch = "wasm32"))]
            if let Some(member) = members.iter_mut().find(|(known, _)| *known == name) {
                member.1 = value;
                continue;
            }
            members.push((name, value));
        }
        Ok(Json::Object(members))
    }
}

/// The error of reading a tree, which never happens: everything read from one is lenient (a
/// [`Loose`] at the top, [`loose`], [`loose_list`] or [`Loose`] for every member, [`Lenient`]
/// records read from objects only), so no visitor ever rejects a value, a tree's objects name
/// each member once, and records' members all have defaults. None of serde's error paths (its
/// words, the dropping of what was read so far) is in the module: a page gets the bytes back.
/// `tests::wire_types_read_anything` (with each wire type's own sample) keeps it so.
#[derive(Debug)]
pub enum Mismatch {}

impl fmt::Display for Mismatch {
    fn fmt(&self, _: &mut fmt::Formatter) -> fmt::Result {
        match *self {}
    }
}

impl std::error::Error for Mismatch {}

/// Every way serde says a value does not fit: none is reached ([`Mismatch`]).
impl serde::de::Error for Mismatch {
    fn custom<M: fmt::Display>(_: M) -> Mismatch {
        unreachable!("a tree is read only leniently")
    }
    fn invalid_type(_: serde::de::Unexpected, _: &dyn serde::de::Expected) -> Mismatch {
        unreachable!("a tree is read only leniently")
    }
    fn invalid_value(_: serde::de::Unexpected, _: &dyn serde::de::Expected) -> Mismatch {
        unreachable!("a tree is read only leniently")
    }
    fn invalid_length(_: usize, _: &dyn serde::de::Expected) -> Mismatch {
        unreachable!("a tree is read only leniently")
    }
    fn unknown_variant(_: &str, _: &'static [&'static str]) -> Mismatch {
        unreachable!("a tree is read only leniently")
    }
    fn unknown_field(_: &str, _: &'static [&'static str]) -> Mismatch {
        unreachable!("a tree is read only leniently")
    }
    fn missing_field(_: &'static str) -> Mismatch {
        unreachable!("a tree is read only leniently")
    }
    fn duplicate_field(_: &'static str) -> Mismatch {
        unreachable!("a tree is read only leniently")
    }
}

/// A tree read as a `T` (serde's derive): whole numbers as integers, names and texts borrowed.
impl<'de> Deserializer<'de> for &'de Json {
    type Error = Mismatch;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        match self {
            Json::Null => visitor.visit_unit(),
            Json::Bool(b) => visitor.visit_bool(*b),
            // As JavaScript has them: every member that takes a number reads it leniently
            // (`Lenient::from_number`), whole or not.
            Json::Number(n) => visitor.visit_f64(*n),
            Json::String(text) => visitor.visit_borrowed_str(text),
            Json::Array(items) => visitor.visit_seq(Items(items.iter())),
            Json::Object(members) => visitor.visit_map(Members {
                members: members.iter(),
                value: None,
            }),
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        match self {
            Json::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    /// A record is an object (serde's derive would also read one from a list, by position); read
    /// from anything else it is all defaults (records are read through [`Loose`], which says
    /// "absent" for what is not an object before this is asked).
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Mismatch> {
        match self {
            Json::Object(_) => self.deserialize_any(visitor),
            _ => visitor.visit_map(Members {
                members: [].iter(),
                value: None,
            }),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, visitor: V) -> Result<V::Value, Mismatch> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Mismatch> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf unit
        unit_struct seq tuple tuple_struct map enum identifier
    }
}

struct Items<'de>(std::slice::Iter<'de, Json>);

impl<'de> SeqAccess<'de> for Items<'de> {
    type Error = Mismatch;

    fn next_element_seed<S: serde::de::DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, Mismatch> {
        self.0.next().map(|item| seed.deserialize(item)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Members<'de> {
    members: std::slice::Iter<'de, (String, Json)>,
    value: Option<&'de Json>,
}

impl<'de> MapAccess<'de> for Members<'de> {
    type Error = Mismatch;

    fn next_key_seed<S: serde::de::DeserializeSeed<'de>>(&mut self, seed: S) -> Result<Option<S::Value>, Mismatch> {
        let Some((name, value)) = self.members.next() else {
            return Ok(None);
        };
        self.value = Some(value);
        seed.deserialize(serde::de::value::BorrowedStrDeserializer::new(name))
            .map(Some)
    }

    fn next_value_seed<S: serde::de::DeserializeSeed<'de>>(&mut self, seed: S) -> Result<S::Value, Mismatch> {
        seed.deserialize(self.value.take().unwrap_or(&Json::Null))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.members.len())
    }
}

impl Serialize for Json {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{SerializeMap, SerializeSeq};
        match self {
            Json::Null => serializer.serialize_unit(),
            Json::Bool(b) => serializer.serialize_bool(*b),
            Json::Number(n) => serializer.serialize_f64(*n),
            Json::String(text) => serializer.serialize_str(text),
            Json::Array(items) => {
                let mut list = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    list.serialize_element(item)?;
                }
                list.end()
            }
            Json::Object(members) => {
                let mut object = serializer.serialize_map(Some(members.len()))?;
                for (name, value) in members {
                    object.serialize_entry(name, value)?;
                }
                object.end()
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

    /// The value at a JSON pointer (`/ago/minute`); `~1` and `~0` stand for `/` and `~` in a name.
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

    /// A whole number that fits.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Json::Number(n) => i64::from_number(*n),
            _ => None,
        }
    }

    /// The items of an array; none for anything else.
    pub fn items(&self) -> &[Json] {
        match self {
            Json::Array(items) => items,
            _ => &[],
        }
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
}

/// Every document made from `sample` by putting each kind of JSON value in the place of the
/// whole and of each value in it (at every depth), read as a `T`: none may fail other than by
/// saying so ([`Mismatch`] is never made; natively its `unreachable!` would end the test). Each
/// wire type's tests run it over a sample of what its server sends.
#[cfg(test)]
pub fn reads_anything<T: Lenient>(sample: &str) {
    fn places(
        value: &serde_json::Value,
        out: &mut Vec<serde_json::Value>,
        rebuild: &dyn Fn(serde_json::Value) -> serde_json::Value,
    ) {
        let kinds =
            serde_json::json!([null, true, 0, -1.5, 9007199254740993u64, "x", [], [1, "x", null, {}], {}, {"a": [1]}]);
        for kind in kinds.as_array().into_iter().flatten() {
            out.push(rebuild(kind.clone()));
        }
        match value {
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    places(item, out, &|v| {
                        let mut items = items.clone();
                        items[i] = v;
                        rebuild(serde_json::Value::Array(items))
                    });
                }
            }
            serde_json::Value::Object(members) => {
                for (name, member) in members {
                    places(member, out, &|v| {
                        let mut members = members.clone();
                        members.insert(name.clone(), v);
                        rebuild(serde_json::Value::Object(members))
                    });
                }
            }
            _ => {}
        }
    }
    let sample: serde_json::Value = serde_json::from_str(sample).expect("a sample");
    let mut documents = Vec::new();
    places(&sample, &mut documents, &|v| v);
    assert!(documents.len() >= 10);
    for document in documents {
        let _ = parse::<T>(&document.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq, Deserialize)]
    #[serde(default)]
    struct Wire {
        #[serde(deserialize_with = "loose")]
        id: Option<u64>,
        #[serde(deserialize_with = "loose")]
        name: Option<String>,
        #[serde(deserialize_with = "loose")]
        at: Option<f64>,
        #[serde(deserialize_with = "loose")]
        open: Option<bool>,
        #[serde(deserialize_with = "loose_list")]
        replies: Vec<Wire>,
    }
    crate::lenient_record!(Wire);

    /// A member read by serde's own visitor (not leniently) is what the check below exists for.
    #[derive(Debug, Default, Deserialize)]
    struct NotLenient {
        #[serde(default)]
        #[allow(dead_code)]
        n: u64,
    }
    crate::lenient_record!(NotLenient);

    #[test]
    #[should_panic(expected = "a tree is read only leniently")]
    fn a_member_not_read_leniently_is_caught() {
        reads_anything::<NotLenient>(r#"{"n": 1}"#);
    }

    #[test]
    fn wire_types_read_anything() {
        reads_anything::<Wire>(
            r#"{"id": 7, "name": "ت", "at": 1.5, "open": true, "replies": [{"id": 2, "replies": []}]}"#,
        );
        reads_anything::<Loose<Vec<Loose<Wire>>>>(r#"[{"id": 1}, 2]"#);
    }

    #[test]
    fn members_of_another_type_read_as_absent() {
        let wire: Wire = parse(
            r#"{"id": 7, "name": "ت", "at": 1.5, "open": true, "other": [1, {"x": 2}],
                "replies": [{"id": -1, "name": 3, "at": "soon", "open": "yes", "replies": {}}, 7, null, {"id": 2.5}]}"#,
        )
        .expect("read");
        assert_eq!(
            (wire.id, wire.name.as_deref(), wire.at, wire.open),
            (Some(7), Some("ت"), Some(1.5), Some(true))
        );
        assert_eq!(
            wire.replies,
            vec![Wire::default(), Wire::default()],
            "not objects are left out"
        );
        let odd: Wire = parse(r#"{"id": "7", "replies": "none", "name": null}"#).expect("read");
        assert_eq!(odd, Wire::default());
        assert_eq!(
            parse::<Wire>("\"x\""),
            Err(JsonError::Shape),
            "the answer itself has a shape"
        );
        assert_eq!(parse::<Vec<u64>>("{}"), Err(JsonError::Shape));
        assert_eq!(
            parse::<Wire>("[7, \"x\"]"),
            Err(JsonError::Shape),
            "a record is an object, not a list"
        );
        assert_eq!(parse::<Wire>("null"), Err(JsonError::Shape));
        // Numbers are read leniently (as JavaScript has them: whole or not, `Lenient::from_number`).
        assert_eq!(
            parse::<Loose<Vec<u64>>>("[1, null, 2.5, 2]"),
            Ok(Loose(Some(vec![1, 2])))
        );
        assert_eq!(parse::<Loose<u64>>("1.5"), Ok(Loose(None)));
        assert_eq!(
            parse::<Loose<i64>>("-9007199254740992"),
            Ok(Loose(Some(-9_007_199_254_740_992)))
        );
        assert_eq!(parse::<u64>("\"1\""), Err(JsonError::Shape));
    }

    #[test]
    fn a_byte_order_mark_is_not_an_error() {
        assert_eq!(
            tree("\u{feff}{\"a\": 1}").ok().and_then(|v| v.get("a")?.as_i64()),
            Some(1)
        );
        assert_eq!(
            tree("\u{feff}\u{feff}{}"),
            Err(JsonError::NotJson),
            "only one mark, at the start"
        );
    }

    #[test]
    fn any_value_reads_as_a_tree_and_writes_back() {
        let text = r#" {"a": [1, -2.5, 1e3, 2E-2, 0, true, false, null], "b": {"c": "x\"\\\/\b\f\n\r\t\u0041\u00e9\ud83d\ude00"}, "a": "last"} "#;
        let value: Json = tree(text).expect("JSON");
        assert_eq!(
            value
                .members()
                .iter()
                .map(|(name, _)| name.as_str())
                .collect::<Vec<_>>(),
            ["a", "b"],
            "a name once, in its first place"
        );
        assert_eq!(
            value.str_of("a"),
            Some("last"),
            "with its last value, as JSON.parse reads it"
        );
        assert_eq!(
            value.get("b").and_then(|b| b.str_of("c")),
            Some("x\"\\/\u{8}\u{c}\n\r\tAé😀")
        );
        let written = to_string(&value);
        assert_eq!(tree(&written), Ok(value), "round trip: {written}");
    }

    #[test]
    fn hostile_input_is_an_error_not_a_crash() {
        let deep = "[".repeat(100_000);
        assert_eq!(tree(&deep), Err(JsonError::TooDeep), "nesting is limited");
        let strings = format!("[\"{}\\\"{}\"]", "[".repeat(500), "{".repeat(500));
        assert!(tree(&strings).is_ok(), "brackets in strings do not nest");
        let deepest = format!("{}{}", "[".repeat(MAX_DEPTH - 1), "]".repeat(MAX_DEPTH - 1));
        assert!(tree(&deepest).is_ok());
        let deeper = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(tree(&deeper), Err(JsonError::TooDeep), "the same limit as serde_json's");
        for bad in [
            "",
            "{",
            "[1,]",
            "{'a': 1}",
            "<html>",
            "{} x",
            "nul",
            "01",
            "1.",
            "\"\u{1}\"",
            "[1 2]",
            "-",
            "1e",
            "{\"a\" 1}",
            "\"\\x\"",
            "\"\\u12\"",
        ] {
            assert_eq!(tree(bad), Err(JsonError::NotJson), "{bad:?}");
        }
        for input in crate::fuzz::strings("{}[]\":,0123456789.eE-+tfnul \\u\u{feff}ت😀", 5_000, 30) {
            if let Ok(value) = tree(&input) {
                let written = to_string(&value);
                assert_eq!(tree(&written).map(|again| to_string(&again)), Ok(written), "{input:?}");
            }
            let _ = parse::<Wire>(&input);
        }
        let doc = r#"{"a": [1, {"b": "\ud83d\ude00 ت"}, null, true], "c": -1.5e3}"#;
        for cut in crate::fuzz::truncations(doc) {
            assert_eq!(tree(cut).is_ok(), cut == doc, "{cut}");
        }
    }
}
