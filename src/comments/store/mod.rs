//! The one boundary between the comments UI and wherever comments live. The UI calls these
//! methods and never learns which backend answered.

mod isso;
mod local;
mod wordpress;

use thiserror::Error;

pub use isso::IssoStore;
pub use local::LocalStore;
pub use wordpress::WordPressStore;

use super::model::{Comment, CommentId, Page, PageRequest, Vote};
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
    #[error("timed out")]
    Timeout,
    /// Not allowed: the edit window is over, or the browser did not send the comment's cookie.
    #[error("forbidden")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("too many requests")]
    RateLimited,
    #[error("server error {0}")]
    Server(u16),
    #[error("unexpected response: {0}")]
    BadResponse(String),
    /// The widget went away before the answer came; never shown (there is nowhere to show it).
    #[error("cancelled")]
    Cancelled,
    /// The server refused the comment for a reason the reader can act on.
    #[error("refused: {0:?}")]
    Refused(Refusal),
}

/// Why a server refused a comment (WordPress says which).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    Duplicate,
    TooFast,
    NameEmailRequired,
    InvalidEmail,
    Closed,
    /// The site does not take comments without an account (anonymous REST comments are off).
    AccountRequired,
}

impl StoreError {
    /// A stable, data-free name for the failure (the `kind` of a `maqal:error` event).
    pub fn kind(&self) -> &'static str {
        match self {
            StoreError::Unavailable(_) => "unavailable",
            StoreError::Storage(_) => "storage",
            StoreError::Rejected(_) => "rejected",
            StoreError::Timeout => "timeout",
            StoreError::Forbidden => "forbidden",
            StoreError::NotFound => "not-found",
            StoreError::RateLimited => "rate-limited",
            StoreError::Server(_) => "server",
            StoreError::BadResponse(_) => "bad-response",
            StoreError::Cancelled => "cancelled",
            StoreError::Refused(_) => "refused",
        }
    }

    pub fn message(&self, lang: Lang) -> &'static str {
        let t = lang.text();
        match self {
            StoreError::Unavailable(_) => t.err_unavailable,
            StoreError::Storage(_) => t.err_storage,
            StoreError::Rejected(_) => t.err_rejected,
            StoreError::Timeout => t.err_store_timeout,
            StoreError::Forbidden => t.err_forbidden,
            StoreError::NotFound => t.err_not_found,
            StoreError::RateLimited => t.err_rate_limited,
            StoreError::Server(_) => t.err_server,
            StoreError::BadResponse(_) | StoreError::Cancelled => t.err_bad_response,
            StoreError::Refused(Refusal::Duplicate) => t.err_duplicate,
            StoreError::Refused(Refusal::TooFast) => t.err_too_fast,
            StoreError::Refused(Refusal::NameEmailRequired) => t.err_name_email_required,
            StoreError::Refused(Refusal::InvalidEmail) => t.err_invalid_email,
            StoreError::Refused(Refusal::Closed) => t.err_closed,
            StoreError::Refused(Refusal::AccountRequired) => t.err_account_required,
        }
    }
}

/// What became of a posted comment.
#[derive(Clone, Debug, PartialEq)]
pub enum Posted {
    Published(Comment),
    AwaitingModeration(Comment),
}

/// Where a comment is in this thread, as far as the backend can tell without paging.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Located {
    /// From the top-level comment down to it.
    Path(Vec<CommentId>),
    /// Not in this thread: another widget's comment.
    Absent,
    /// The backend cannot look a comment up: search the pages.
    Unknown,
}

#[derive(Clone, Debug)]
pub enum Backend {
    Local(LocalStore),
    Isso(IssoStore),
    WordPress(WordPressStore),
}

/// What the UI may offer on top of reading and posting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Capabilities {
    pub votes: bool,
    pub edit: bool,
}

impl Backend {
    /// What the form must ask for until the server says otherwise (`Page::rules`).
    pub fn rules(&self) -> Rules {
        match self {
            Backend::Local(_) => Rules::default(),
            Backend::Isso(_) => Rules {
                require_name: false,
                require_email: false,
                nesting: Some(2),
                ..Rules::default()
            },
            Backend::WordPress(store) => store.rules(),
        }
    }

    pub fn capabilities(&self) -> Capabilities {
        match self {
            Backend::Local(_) => Capabilities {
                votes: false,
                edit: false,
            },
            Backend::Isso(_) => Capabilities {
                votes: true,
                edit: true,
            },
            Backend::WordPress(_) => Capabilities {
                votes: false,
                edit: false,
            },
        }
    }

    /// The same backend, its reads aborted by `signal` (the widget went away).
    pub fn with_abort(self, signal: Option<web_sys::AbortSignal>) -> Backend {
        match (self, signal) {
            (Backend::Isso(store), Some(signal)) => Backend::Isso(store.with_abort(signal)),
            (Backend::WordPress(store), Some(signal)) => Backend::WordPress(store.with_abort(signal)),
            (other, _) => other,
        }
    }

    /// The `localStorage` key another tab writes when it adds a comment (browser store only).
    pub fn shared_key(&self) -> Option<&str> {
        match self {
            Backend::Local(store) => Some(store.key()),
            Backend::Isso(_) | Backend::WordPress(_) => None,
        }
    }

    /// Every comment of the thread, read at once (browser store only).
    pub fn snapshot(&self) -> Option<Vec<Comment>> {
        match self {
            Backend::Local(store) => Some(store.snapshot()),
            Backend::Isso(_) | Backend::WordPress(_) => None,
        }
    }

    pub async fn locate(&self, id: &CommentId) -> Result<Located, StoreError> {
        match self {
            Backend::Local(store) => Ok(store.locate(id).await?.map_or(Located::Absent, Located::Path)),
            Backend::WordPress(store) => Ok(store.locate(id).await?.map_or(Located::Absent, Located::Path)),
            // Isso shows a comment by id only to its author (`GET /id/:id` needs its cookie).
            Backend::Isso(_) => Ok(Located::Unknown),
        }
    }

    /// After a post without an answer: the comment, if the server has it.
    pub async fn find_posted(&self, sent: &NewComment, since: f64) -> Result<Option<Posted>, StoreError> {
        match self {
            Backend::Local(store) => store.find_posted(sent, since).await,
            Backend::Isso(store) => store.find_posted(sent, since).await,
            Backend::WordPress(store) => store.find_posted(sent, since).await,
        }
    }

    /// The text the author wrote, for editing (the server may show it rendered).
    pub async fn source(&self, id: &CommentId) -> Result<String, StoreError> {
        match self {
            Backend::Isso(store) => store.source(id).await,
            Backend::Local(_) | Backend::WordPress(_) => Err(StoreError::Forbidden),
        }
    }

    pub async fn page(&self, request: PageRequest) -> Result<Page, StoreError> {
        match self {
            Backend::Local(store) => store.page(request).await,
            Backend::Isso(store) => store.page(request).await,
            Backend::WordPress(store) => store.page(request).await,
        }
    }

    pub async fn post(&self, comment: NewComment) -> Result<Posted, StoreError> {
        match self {
            Backend::Local(store) => store.post(comment).await,
            Backend::Isso(store) => store.post(comment).await,
            Backend::WordPress(store) => store.post(comment).await,
        }
    }

    pub async fn edit(&self, id: &CommentId, text: &str) -> Result<Comment, StoreError> {
        match self {
            Backend::Isso(store) => store.edit(id, text).await,
            Backend::Local(_) | Backend::WordPress(_) => Err(StoreError::Forbidden),
        }
    }

    pub async fn delete(&self, id: &CommentId) -> Result<Option<Comment>, StoreError> {
        match self {
            Backend::Isso(store) => store.delete(id).await,
            Backend::Local(_) | Backend::WordPress(_) => Err(StoreError::Forbidden),
        }
    }

    /// New (likes, dislikes).
    pub async fn vote(&self, id: &CommentId, vote: Vote) -> Result<(i64, i64), StoreError> {
        match self {
            Backend::Isso(store) => store.vote(id, vote).await,
            Backend::Local(_) | Backend::WordPress(_) => Err(StoreError::Forbidden),
        }
    }
}
