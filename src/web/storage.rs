//! `localStorage` as JSON, with every failure (disabled, full, corrupt) as a typed error.
//!
//! Not gloo-storage: its `raw()` throws when the browser refuses `localStorage` (a sandboxed
//! iframe, cookies blocked), and an embedded widget meets exactly those pages. Here that is a
//! [`StorageError`] the form can explain.

use super::json;
use serde::Serialize;

/// Why this browser would not read or keep something.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("browser storage: {0}")]
pub struct StorageError(pub &'static str);

fn storage() -> Result<web_sys::Storage, StorageError> {
    web_sys::window()
        .ok_or(StorageError("no window"))?
        .local_storage()
        .map_err(|_| StorageError("localStorage is blocked"))?
        .ok_or(StorageError("localStorage is unavailable"))
}

/// The raw text under `key`, if any.
pub fn read_raw(key: &str) -> Result<Option<String>, StorageError> {
    storage()?.get_item(key).map_err(|_| StorageError("read refused"))
}

/// The value under `key`, if any; an entry that is not JSON, or not a `T`, is an error.
pub fn read<T: json::Lenient>(key: &str) -> Result<Option<T>, StorageError> {
    read_raw(key)?
        .map(|raw| json::parse(&raw).map_err(|_| StorageError("an entry is not readable")))
        .transpose()
}

pub fn write<T: Serialize + ?Sized>(key: &str, value: &T) -> Result<(), StorageError> {
    storage()?
        .set_item(key, &json::to_string(value))
        .map_err(|_| StorageError("write refused (storage full?)"))
}

pub fn remove(key: &str) {
    if let Ok(storage) = storage() {
        // Nothing to do if removal fails: the next write overwrites the entry anyway.
        let _ = storage.remove_item(key);
    }
}
