//! The one boundary between the comments UI and wherever comments live. The UI calls these
//! methods and never learns which backend answered.

mod local;

use thiserror::Error;

pub use local::LocalStore;

use super::model::{Comment, Page, PageRequest};
use super::validate::{NewComment, Rules};
use crate::i18n::Lang;

#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum StoreError {
    /// The server (or the simulated one) could not be reached or did not answer properly.
    #[error("comment server unavailable: {0}")]
    Unavailable(String),
    /// The browser refused to store data (disabled, full, or corrupt).
    #[error("browser storage: {0}")]
    Storage(String),
    /// The server answered, and said no.
    #[error("rejected: {0}")]
    Rejected(String),
}

impl StoreError {
    pub fn message(&self, lang: Lang) -> &'static str {
        let t = lang.text();
        match self {
            StoreError::Unavailable(_) => t.err_unavailable,
            StoreError::Storage(_) => t.err_storage,
            StoreError::Rejected(_) => t.err_rejected,
        }
    }
}

/// What became of a posted comment.
#[derive(Clone, Debug, PartialEq)]
pub enum Posted {
    Published(Comment),
    AwaitingModeration(Comment),
}

#[derive(Clone, Debug)]
pub enum Backend {
    Local(LocalStore),
}

impl Backend {
    /// What the form must ask for.
    pub fn rules(&self) -> Rules {
        match self {
            Backend::Local(_) => Rules::default(),
        }
    }

    pub async fn page(&self, request: PageRequest) -> Result<Page, StoreError> {
        match self {
            Backend::Local(store) => store.page(request).await,
        }
    }

    pub async fn post(&self, comment: NewComment) -> Result<Posted, StoreError> {
        match self {
            Backend::Local(store) => store.post(comment).await,
        }
    }
}
