//! `localStorage` as JSON, with every failure (disabled, full, corrupt) as a typed error.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::store::StoreError;

fn storage() -> Result<web_sys::Storage, StoreError> {
    web_sys::window()
        .ok_or_else(|| StoreError::Storage("no window".into()))?
        .local_storage()
        .map_err(|_| StoreError::Storage("localStorage is blocked".into()))?
        .ok_or_else(|| StoreError::Storage("localStorage is unavailable".into()))
}

pub fn read<T: DeserializeOwned>(key: &str) -> Result<Option<T>, StoreError> {
    let raw = storage()?
        .get_item(key)
        .map_err(|_| StoreError::Storage("read refused".into()))?;
    raw.map(|raw| serde_json::from_str(&raw).map_err(|e| StoreError::Storage(format!("{key} is not readable: {e}"))))
        .transpose()
}

pub fn write<T: Serialize>(key: &str, value: &T) -> Result<(), StoreError> {
    let json = serde_json::to_string(value).map_err(|e| StoreError::Storage(e.to_string()))?;
    storage()?
        .set_item(key, &json)
        .map_err(|_| StoreError::Storage("write refused (storage full?)".into()))
}

pub fn remove(key: &str) {
    if let Ok(storage) = storage() {
        // Nothing to do if removal fails: the next write overwrites the entry anyway.
        let _ = storage.remove_item(key);
    }
}
