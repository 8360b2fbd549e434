//! `localStorage` as JSON, with every failure (disabled, full, corrupt) as a typed error.
//!
//! Not gloo-storage: its `raw()` throws when the browser refuses `localStorage` (a sandboxed
//! iframe, cookies blocked), and an embedded widget meets exactly those pages. Here that is a
//! `StoreError::Storage` the form can explain.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::store::StoreError;
use crate::json::{self, Value};

fn storage() -> Result<web_sys::Storage, StoreError> {
    web_sys::window()
        .ok_or_else(|| StoreError::Storage("no window".into()))?
        .local_storage()
        .map_err(|_| StoreError::Storage("localStorage is blocked".into()))?
        .ok_or_else(|| StoreError::Storage("localStorage is unavailable".into()))
}

/// The raw text under `key`, if any.
pub fn read_raw(key: &str) -> Result<Option<String>, StoreError> {
    storage()?
        .get_item(key)
        .map_err(|_| StoreError::Storage("read refused".into()))
}

pub fn read<T: DeserializeOwned>(key: &str) -> Result<Option<T>, StoreError> {
    read_raw(key)?
        .map(|raw| json::parse(&raw).map_err(|_| StoreError::Storage(format!("{key} is not readable"))))
        .transpose()
}

/// A stored list, keeping every entry that reads as `T`: one corrupt entry (another script, an
/// older version, a full disk mid-write) costs that entry, not the list. Also says how many
/// entries were skipped; an entry that is not JSON at all is an error.
pub fn read_list<T: DeserializeOwned>(key: &str) -> Result<Option<(Vec<T>, usize)>, StoreError> {
    Ok(read::<Value>(key)?.map(json::read_list))
}

pub fn write<T: Serialize>(key: &str, value: &T) -> Result<(), StoreError> {
    storage()?
        .set_item(key, &json::to_string(value))
        .map_err(|_| StoreError::Storage("write refused (storage full?)".into()))
}

pub fn remove(key: &str) {
    if let Ok(storage) = storage() {
        // Nothing to do if removal fails: the next write overwrites the entry anyway.
        let _ = storage.remove_item(key);
    }
}
