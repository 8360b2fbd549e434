//! What the reader wrote, as this browser keeps it: the draft of each thread (with its reply
//! target and, while a post is out, what was sent) and, with consent, their name, email and
//! website. Read here by the form's first screen, and kept by `crate::compose::drafts`.
//!
//! Read leniently (every member through [`loose`]): what another script or an older version
//! wrote there costs only what cannot be read. Written as earlier versions wrote it.

use serde::{Deserialize, Serialize};

use super::model::CommentId;
use crate::web::json::{self, loose};

/// A post that was sent: what, by whom and when (ms), to recognise it in the thread later, even
/// if the draft was edited since.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sent {
    pub at: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    pub text: String,
}

/// The draft of one thread (`maqal:draft:<thread>`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SavedDraft {
    pub text: String,
    pub reply_to: Option<CommentId>,
    /// Set while the text is (or may have been) on its way to the server.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sent: Option<Sent>,
}

#[derive(Default, Deserialize)]
struct DraftWire {
    #[serde(default, deserialize_with = "loose")]
    text: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    reply_to: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    sent: Option<SentWire>,
}

#[derive(Default, Deserialize)]
struct SentWire {
    #[serde(default, deserialize_with = "loose")]
    at: Option<f64>,
    #[serde(default, deserialize_with = "loose")]
    name: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    text: Option<String>,
}
crate::lenient_record!(SentWire, DraftWire, AuthorWire);

impl SavedDraft {
    /// A kept draft. It needs its text; an unsafe reply target or an odd "sent" mark is none.
    pub fn parse(text: &str) -> Option<SavedDraft> {
        let wire: DraftWire = json::parse(text).ok()?;
        Some(SavedDraft {
            text: wire.text?,
            reply_to: wire.reply_to.as_deref().and_then(CommentId::parse),
            sent: wire.sent.and_then(|sent| {
                Some(Sent {
                    at: sent.at?,
                    name: sent.name,
                    text: sent.text.unwrap_or_default(),
                })
            }),
        })
    }
}

/// Name, email and website, kept (`maqal:author`) only with the reader's consent.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct SavedAuthor {
    pub name: String,
    pub email: String,
    pub website: String,
}

#[derive(Default, Deserialize)]
struct AuthorWire {
    #[serde(default, deserialize_with = "loose")]
    name: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    email: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    website: Option<String>,
}

impl SavedAuthor {
    /// Kept details. They need a name.
    pub fn parse(text: &str) -> Option<SavedAuthor> {
        let wire: AuthorWire = json::parse(text).ok()?;
        Some(SavedAuthor {
            name: wire.name?,
            email: wire.email.unwrap_or_default(),
            website: wire.website.unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_details_read_anything() {
        json::reads_anything::<DraftWire>(
            r#"{"text": "t", "reply_to": "12", "sent": {"at": 1.5, "name": "n", "text": "t"}}"#,
        );
        json::reads_anything::<AuthorWire>(r#"{"name": "n", "email": "e", "website": "w"}"#);
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
        assert_eq!(SavedDraft::parse(&json::to_string(&draft)), Some(draft));
        // As earlier versions wrote them (their own writer: integers without a fraction).
        let earlier = SavedDraft::parse(
            r#"{"text":"سطر","reply_to":"12","sent":{"at":1764067200000,"name":"ليلى","text":"سطر"}}"#,
        );
        assert_eq!(
            earlier.map(|d| (d.reply_to, d.sent.map(|s| s.at))),
            Some((CommentId::parse("12"), Some(1_764_067_200_000.0)))
        );
        let old = SavedDraft::parse(r#"{"text": "x", "reply_to": null}"#);
        assert_eq!(old.map(|d| (d.reply_to, d.sent)), Some((None, None)));
        let hostile = SavedDraft::parse(r#"{"text": "x", "reply_to": "a\"><b>", "sent": 5}"#);
        assert_eq!(
            hostile.map(|d| (d.reply_to, d.sent)),
            Some((None, None)),
            "an unsafe id is no reply target"
        );
        let timeless = SavedDraft::parse(r#"{"text": "x", "reply_to": 12, "sent": {"text": "x", "at": "now"}}"#);
        assert_eq!(
            timeless.map(|d| (d.reply_to, d.sent)),
            Some((None, None)),
            "odd members only"
        );
        assert_eq!(
            SavedDraft::parse(r#"{"reply_to": "1"}"#),
            None,
            "a draft needs its text"
        );
        assert_eq!(SavedDraft::parse(r#"{"text": 5}"#), None);
        assert_eq!(SavedDraft::parse(r#"["x"]"#), None, "a draft is an object");
        assert_eq!(SavedAuthor::parse(r#"["Ali"]"#), None);
        assert_eq!(
            SavedAuthor::parse(r#"{"name": "Ali", "email": "a@b.c", "website": ""}"#).map(|a| a.name),
            Some("Ali".to_owned())
        );
        assert_eq!(SavedAuthor::parse(r#"{"email": "a@b.c"}"#), None);
        let written = json::to_string(&SavedAuthor {
            name: "علي".into(),
            ..SavedAuthor::default()
        });
        assert_eq!(
            written, r#"{"name":"علي","email":"","website":""}"#,
            "as earlier versions wrote it"
        );
    }
}
