//! What the reader wrote, kept in this browser: the draft of each thread (with its reply target
//! and, while a post is out, what was sent) and, with consent, their name, email and website.

use serde::{Deserialize, Serialize};

use crate::comments::model::CommentId;
use crate::comments::store::{Posted, StoreError};
use crate::web::storage;

/// A post that was sent: what, by whom and when (ms), to recognise it in the thread later, even
/// if the draft was edited since.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sent {
    pub at: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default)]
    pub text: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SavedDraft {
    pub text: String,
    #[serde(default, deserialize_with = "crate::web::json::lenient")]
    pub reply_to: Option<CommentId>,
    /// Set while the text is (or may have been) on its way to the server.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::web::json::lenient"
    )]
    pub sent: Option<Sent>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SavedAuthor {
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub website: String,
}

pub const AUTHOR_KEY: &str = "maqal:author";

/// Where a thread's draft is kept.
pub fn draft_key(thread_key: &str) -> String {
    format!("maqal:draft:{thread_key}")
}

/// What becomes of the saved draft once a post has an outcome (storage only: this runs whether or
/// not a widget is still there). Stored: the draft goes, unless it was changed since it was sent.
/// Refused: it stays, no longer marked sent. No answer: it stays marked, to be checked.
pub fn settle_draft(draft_key: &str, sent_text: &str, result: &Result<Posted, StoreError>) {
    let Ok(Some(mut draft)) = storage::read::<SavedDraft>(draft_key) else {
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
    use crate::web::json;

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
        let back: Option<SavedDraft> = json::parse(&json::to_string(&draft)).ok();
        assert_eq!(back, Some(draft));
        let old: Option<SavedDraft> = json::parse(r#"{"text": "x", "reply_to": null}"#).ok();
        assert_eq!(old.map(|d| (d.reply_to, d.sent)), Some((None, None)));
        let hostile: Option<SavedDraft> = json::parse(r#"{"text": "x", "reply_to": "a\"><b>", "sent": 5}"#).ok();
        assert_eq!(
            hostile.map(|d| (d.reply_to, d.sent)),
            Some((None, None)),
            "an unsafe id is no reply target"
        );
        let author: Option<SavedAuthor> = json::parse(r#"{"name": "Ali", "email": "a@b.c", "website": ""}"#).ok();
        assert_eq!(author.map(|a| a.name), Some("Ali".to_owned()));
        assert!(json::parse::<SavedAuthor>(r#"{"email": "a@b.c"}"#).is_err());
    }
}
