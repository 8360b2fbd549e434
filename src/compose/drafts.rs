//! What the reader wrote, kept in this browser: the draft of each thread (with its reply target
//! and, while a post is out, what was sent) and, with consent, their name, email and website.

pub use crate::comments::saved::{SavedAuthor, SavedDraft, Sent};
use crate::comments::store::{Posted, StoreError};
use crate::web::storage;

pub use crate::comments::region::AUTHOR_KEY;

thread_local! {
    /// Name, email, website and consent as last typed into a thread's form, for this page's life
    /// only (nothing is stored without consent): a widget rebuilt in place (its `lang` changed)
    /// gives the reader back what they typed.
    static TYPED: std::cell::RefCell<Option<(String, SavedAuthor, bool)>> = const { std::cell::RefCell::new(None) };
}

/// What was typed into the author fields of the thread whose draft is at `draft_key`, and
/// whether "remember me" was ticked.
pub fn typed_author(draft_key: &str) -> Option<(SavedAuthor, bool)> {
    TYPED.with_borrow(|typed| {
        typed
            .as_ref()
            .filter(|(k, ..)| k == draft_key)
            .map(|(_, a, r)| (a.clone(), *r))
    })
}

pub fn keep_typed_author(draft_key: &str, author: SavedAuthor, remember: bool) {
    TYPED.set(Some((draft_key.to_owned(), author, remember)));
}

pub use crate::comments::region::draft_key;

/// What becomes of the saved draft once a post has an outcome (storage only: this runs whether or
/// not a widget is still there). Stored: the draft goes, unless it was changed since it was sent.
/// Refused: it stays, no longer marked sent. No answer: it stays marked, to be checked.
pub fn settle_draft(draft_key: &str, sent_text: &str, result: &Result<Posted, StoreError>) {
    let Some(mut draft) = storage::read_raw(draft_key)
        .ok()
        .flatten()
        .and_then(|raw| SavedDraft::parse(&raw))
    else {
        return;
    };
    match result {
        Ok(_) if draft.text.trim() == sent_text.trim() => storage::remove(draft_key),
        Err(StoreError::Timeout) => {}
        _ => {
            draft.sent = None;
            let _ = storage::write(draft_key, &draft);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_typed_author_is_kept_for_its_thread() {
        let author = |name: &str| SavedAuthor {
            name: name.into(),
            ..SavedAuthor::default()
        };
        keep_typed_author("maqal:draft:/a", author("مریم"), false);
        keep_typed_author("maqal:draft:/a", author("Maryam"), true);
        assert_eq!(typed_author("maqal:draft:/a"), Some((author("Maryam"), true)));
        assert_eq!(typed_author("maqal:draft:/b"), None);
    }
}
