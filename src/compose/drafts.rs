//! What the reader wrote, kept in this browser: the draft of each thread (with its reply target
//! and, while a post is out, what was sent) and, with consent, their name, email and website.

use crate::comments::model::CommentId;
use crate::comments::store::{Posted, StoreError};
use crate::web::json::{Json, object};
use crate::web::storage;

/// A post that was sent: what, by whom and when (ms), to recognise it in the thread later, even
/// if the draft was edited since.
#[derive(Clone, Debug, PartialEq)]
pub struct Sent {
    pub at: f64,
    pub name: Option<String>,
    pub text: String,
}

/// The draft of one thread, as this browser keeps it (`maqal:draft:<thread>`). Read leniently:
/// what another script or an older version wrote there costs only what cannot be read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SavedDraft {
    pub text: String,
    pub reply_to: Option<CommentId>,
    /// Set while the text is (or may have been) on its way to the server.
    pub sent: Option<Sent>,
}

impl SavedDraft {
    /// A draft needs its text; an unsafe reply target or an odd "sent" mark is none.
    pub fn read(entry: &Json) -> Option<SavedDraft> {
        Some(SavedDraft {
            text: entry.str_of("text")?.to_owned(),
            reply_to: entry.str_of("reply_to").and_then(CommentId::parse),
            sent: entry.get("sent").and_then(|sent| {
                Some(Sent {
                    at: sent.get("at")?.as_f64()?,
                    name: sent.str_of("name").map(str::to_owned),
                    text: sent.string_of("text"),
                })
            }),
        })
    }

    pub fn to_json(&self) -> Json {
        let mut draft = vec![
            ("text", self.text.as_str().into()),
            ("reply_to", self.reply_to.as_deref().into()),
        ];
        if let Some(sent) = &self.sent {
            let mut mark = vec![("at", sent.at.round().into())];
            if let Some(name) = &sent.name {
                mark.push(("name", name.as_str().into()));
            }
            mark.push(("text", sent.text.as_str().into()));
            draft.push(("sent", object(mark)));
        }
        object(draft)
    }
}

/// Name, email and website, kept (`maqal:author`) only with the reader's consent.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SavedAuthor {
    pub name: String,
    pub email: String,
    pub website: String,
}

impl SavedAuthor {
    /// An author needs a name.
    pub fn read(entry: &Json) -> Option<SavedAuthor> {
        Some(SavedAuthor {
            name: entry.str_of("name")?.to_owned(),
            email: entry.string_of("email"),
            website: entry.string_of("website"),
        })
    }

    pub fn to_json(&self) -> Json {
        object([
            ("name", self.name.as_str().into()),
            ("email", self.email.as_str().into()),
            ("website", self.website.as_str().into()),
        ])
    }
}

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
    let Some(mut draft) = storage::read(draft_key)
        .ok()
        .flatten()
        .as_ref()
        .and_then(SavedDraft::read)
    else {
        return;
    };
    match result {
        Ok(_) if draft.text.trim() == sent_text.trim() => storage::remove(draft_key),
        Err(StoreError::Timeout) => {}
        _ => {
            draft.sent = None;
            let _ = storage::write(draft_key, &draft.to_json());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::json;

    fn read(text: &str) -> Option<SavedDraft> {
        json::parse(text).ok().as_ref().and_then(SavedDraft::read)
    }

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

    #[test]
    fn drafts_and_authors_round_trip_and_tolerate_older_entries() {
        let draft = SavedDraft {
            text: "سطر\n\"نص\"".into(),
            reply_to: CommentId::parse("12"),
            sent: Some(Sent {
                at: 1_764_067_200_000.0,
                name: Some("ليلى".into()),
                text: "سطر".into(),
            }),
        };
        let back = SavedDraft::read(&json::parse(&json::to_string(&draft.to_json())).expect("JSON"));
        assert_eq!(back, Some(draft));
        let old = read(r#"{"text": "x", "reply_to": null}"#);
        assert_eq!(old.map(|d| (d.reply_to, d.sent)), Some((None, None)));
        let hostile = read(r#"{"text": "x", "reply_to": "a\"><b>", "sent": 5}"#);
        assert_eq!(
            hostile.map(|d| (d.reply_to, d.sent)),
            Some((None, None)),
            "an unsafe id is no reply target"
        );
        assert_eq!(read(r#"{"reply_to": "1"}"#), None, "a draft needs its text");
        let author = json::parse(r#"{"name": "Ali", "email": "a@b.c", "website": ""}"#).ok();
        assert_eq!(
            author.as_ref().and_then(SavedAuthor::read).map(|a| a.name),
            Some("Ali".to_owned())
        );
        let nameless = json::parse(r#"{"email": "a@b.c"}"#).ok();
        assert_eq!(nameless.as_ref().and_then(SavedAuthor::read), None);
    }
}
