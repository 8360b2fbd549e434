//! `localStorage` as JSON, with every failure (disabled, full, corrupt) as a typed error.

use super::store::StoreError;
use crate::json::{self, Record};

fn storage() -> Result<web_sys::Storage, StoreError> {
    web_sys::window()
        .ok_or_else(|| StoreError::Storage("no window".into()))?
        .local_storage()
        .map_err(|_| StoreError::Storage("localStorage is blocked".into()))?
        .ok_or_else(|| StoreError::Storage("localStorage is unavailable".into()))
}

pub fn read<T: Record>(key: &str) -> Result<Option<T>, StoreError> {
    let raw = storage()?
        .get_item(key)
        .map_err(|_| StoreError::Storage("read refused".into()))?;
    raw.map(|raw| {
        json::parse(&raw)
            .ok()
            .as_ref()
            .and_then(T::from_json)
            .ok_or_else(|| StoreError::Storage(format!("{key} is not readable")))
    })
    .transpose()
}

pub fn write<T: Record>(key: &str, value: &T) -> Result<(), StoreError> {
    storage()?
        .set_item(key, &value.to_json().to_string())
        .map_err(|_| StoreError::Storage("write refused (storage full?)".into()))
}

pub fn remove(key: &str) {
    if let Ok(storage) = storage() {
        // Nothing to do if removal fails: the next write overwrites the entry anyway.
        let _ = storage.remove_item(key);
    }
}
