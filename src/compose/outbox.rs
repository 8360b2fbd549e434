//! Posts in flight, one per thread, shared by every form of that thread on the page, now or
//! later: a post's outcome outlives the widget it was sent from.

use std::cell::RefCell;

use leptos::prelude::*;

use crate::comments::store::{Posted, StoreError};
use crate::comments::validate::NewComment;

/// A post in flight for one thread, shared by every form of that thread on the page, now or later.
#[derive(Clone, Debug, PartialEq)]
pub enum Sending {
    Idle,
    InFlight,
    /// Answered (or failed), waiting for a form to show the outcome.
    Settled(Box<Settled>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Settled {
    pub sent: NewComment,
    pub at: f64,
    pub result: Result<Posted, StoreError>,
    /// The composer the reader posted from (`Composer::id`): with two widgets of one thread on
    /// a page, that one shows the outcome (and tells the page) while it is alive. An id, not its
    /// element: an outcome nobody shows holds no removed element.
    pub origin: u64,
}

thread_local! {
    /// By thread (its draft's key): a page has a few threads, a list is all it needs.
    static POSTS: RefCell<Vec<(String, ArcRwSignal<Sending>)>> = const { RefCell::new(Vec::new()) };
}

/// The post state of the thread whose draft lives under `draft_key`: one small signal per thread
/// posted to, holding no element and, once shown, no outcome.
pub fn sending_for(draft_key: &str) -> ArcRwSignal<Sending> {
    POSTS.with_borrow_mut(|posts| {
        if let Some((_, sending)) = posts.iter().find(|(key, _)| key == draft_key) {
            return sending.clone();
        }
        let sending = ArcRwSignal::new(Sending::Idle);
        posts.push((draft_key.to_owned(), sending.clone()));
        sending
    })
}
