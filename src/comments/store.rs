//! The one boundary between the comments UI and wherever comments live. The UI calls these
//! methods and never learns which backend answered.

use std::ops::Deref;
use std::rc::Rc;

use std::future::Future;

use futures::FutureExt;
use futures::future::{LocalBoxFuture, Shared};
use thiserror::Error;
use web_sys::AbortSignal;

use super::model::{Comment, CommentId, Page, PageRequest, Rules, Sort, Vote};
use super::validate::NewComment;
use crate::web::i18n::Lang;
use crate::web::split::LoadError;
use crate::web::storage::StorageError;

#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum StoreError {
    /// The server (or the simulated one) could not be reached or did not answer properly.
    #[error("comment server unavailable: {0}")]
    Unavailable(String),
    /// A part of the widget itself (the code that reads this backend) could not be downloaded:
    /// not the comment server's doing.
    #[error("part of the widget could not be loaded")]
    Part,
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

impl From<StorageError> for StoreError {
    fn from(error: StorageError) -> StoreError {
        StoreError::Storage(error.0.to_owned())
    }
}

impl StoreError {
    /// A stable, data-free name for the failure (the `kind` of a `maqal:error` event).
    pub fn kind(&self) -> &'static str {
        match self {
            StoreError::Unavailable(_) => "unavailable",
            StoreError::Part => "part",
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
            StoreError::Unavailable(_) => t.err_unavailable(),
            StoreError::Part => t.err_part(),
            StoreError::Storage(_) => t.err_storage(),
            StoreError::Rejected(_) => t.err_rejected(),
            StoreError::Timeout => t.err_store_timeout(),
            StoreError::Forbidden => t.err_forbidden(),
            StoreError::NotFound => t.err_not_found(),
            StoreError::RateLimited => t.err_rate_limited(),
            StoreError::Server(_) => t.err_server(),
            StoreError::BadResponse(_) | StoreError::Cancelled => t.err_bad_response(),
            StoreError::Refused(Refusal::Duplicate) => t.err_duplicate(),
            StoreError::Refused(Refusal::TooFast) => t.err_too_fast(),
            StoreError::Refused(Refusal::NameEmailRequired) => t.err_name_email_required(),
            StoreError::Refused(Refusal::InvalidEmail) => t.err_invalid_email(),
            StoreError::Refused(Refusal::Closed) => t.err_closed(),
            StoreError::Refused(Refusal::AccountRequired) => t.err_account_required(),
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

/// What the UI may offer on top of reading and posting.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Capabilities {
    pub votes: bool,
    pub edit: bool,
}

/// What a live thread asks its server for (`crate::comments::live`).
pub struct Since {
    /// Comments posted after this time (seconds since the epoch), as the server's clock says.
    pub after: f64,
    /// How many replies the thread had at the last answer (where the server counts them apart).
    pub replies: Option<usize>,
    /// The top-level comments on screen, each with how many replies this widget knows of.
    pub shown: Vec<(CommentId, usize)>,
    /// The order of the top level on screen.
    pub sort: Sort,
}

/// What came since (`Store::news`).
#[derive(Default)]
pub struct News {
    /// At every level; a reply's parent may be among them.
    pub comments: Vec<Comment>,
    /// How many replies the thread has now (where the server counts them apart).
    pub replies: Option<usize>,
}

/// A future a store returns: boxed, so every backend's answer has one type.
pub type Reply<'a, T> = LocalBoxFuture<'a, Result<T, StoreError>>;

/// Where comments live: one implementation per server (`crate::backends`), chosen once per
/// widget. Reads are aborted when the widget goes away (the store is made with that signal);
/// a post runs to its end, since its outcome would otherwise be unknown.
pub trait Store {
    /// What the form must ask for until the server says otherwise (`Page::rules`).
    fn rules(&self) -> Rules;

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            votes: false,
            edit: false,
        }
    }

    /// The same store, its reads aborted by `signal` (the widget went away).
    fn with_abort(&self, signal: AbortSignal) -> Backend;

    /// The `localStorage` key another tab writes when it adds a comment (browser store only).
    fn shared_key(&self) -> Option<&str> {
        None
    }

    /// Every comment of the thread, read at once (browser store only).
    fn snapshot(&self) -> Option<Vec<Comment>> {
        None
    }

    /// One page of one level of the thread.
    fn page(&self, request: PageRequest) -> Reply<'_, Page>;

    /// Where a comment is in this thread, as far as the store can tell without paging.
    fn locate<'a>(&'a self, _id: &'a CommentId) -> Reply<'a, Located> {
        Box::pin(async { Ok(Located::Unknown) })
    }

    /// The comments posted since `since.after` (a live thread asks every so often); the same
    /// request for every reader asking with the same `since.after`. `Err(NotFound)`: this store
    /// has no such request (the browser store hears of other tabs' comments at once instead).
    fn news(&self, _since: Since) -> Reply<'_, News> {
        Box::pin(async { Err(StoreError::NotFound) })
    }

    /// After a post without an answer: the comment, if the server has it.
    fn find_posted<'a>(&'a self, sent: &'a NewComment, since: f64) -> Reply<'a, Option<Posted>>;

    fn post(&self, comment: NewComment) -> Reply<'_, Posted>;

    /// The text the author wrote, for editing (the server may show it rendered).
    fn source<'a>(&'a self, _id: &'a CommentId) -> Reply<'a, String> {
        Box::pin(async { Err(StoreError::Forbidden) })
    }

    fn edit<'a>(&'a self, _id: &'a CommentId, _text: &'a str) -> Reply<'a, Comment> {
        Box::pin(async { Err(StoreError::Forbidden) })
    }

    /// `Ok(Some(comment))` when the comment stays as "deleted" because it has replies.
    fn delete<'a>(&'a self, _id: &'a CommentId) -> Reply<'a, Option<Comment>> {
        Box::pin(async { Err(StoreError::Forbidden) })
    }

    /// New (likes, dislikes).
    fn vote<'a>(&'a self, _id: &'a CommentId, _vote: Vote) -> Reply<'a, (i64, i64)> {
        Box::pin(async { Err(StoreError::Forbidden) })
    }
}

/// A store on its way: its code is fetched (in a release build each backend is a module of its
/// own) while the article loads. Shared, so the first page and the region wait for the same one.
pub type Opening = Shared<LocalBoxFuture<'static, Result<Backend, StoreError>>>;

/// The store `opened` gives, as an [`Opening`]; a module that could not be fetched is a server
/// that cannot be reached.
pub fn opening(opened: impl Future<Output = Result<Backend, LoadError>> + 'static) -> Opening {
    opened
        .map(|opened| opened.map_err(|LoadError| StoreError::Part))
        .boxed_local()
        .shared()
}

/// The widget's store, shared by everything that reads or writes its thread.
#[derive(Clone)]
pub struct Backend(Rc<dyn Store>);

impl Backend {
    pub fn new(store: impl Store + 'static) -> Backend {
        Backend(Rc::new(store))
    }

    /// The same backend, its reads aborted by `signal` when there is one.
    pub fn with_abort(self, signal: Option<AbortSignal>) -> Backend {
        match signal {
            Some(signal) => self.0.with_abort(signal),
            None => self,
        }
    }
}

impl Deref for Backend {
    type Target = dyn Store;
    fn deref(&self) -> &(dyn Store + 'static) {
        &*self.0
    }
}
