//! The comment form's state: the fields, the reply target, the saved draft and author, and the
//! post in flight.
//!
//! Nothing a person wrote is lost or sent twice. The draft is saved as it is typed and marked
//! "sent" while a post is out; the post runs to its end even if the widget goes away (its
//! outcome would otherwise be unknown), clears the saved draft when the server has it, and hands
//! its result to whichever form of that thread is on screen (the same one, or a new one after a
//! re-render). A post whose answer never came is "unknown" until the thread has been checked.

use std::cell::RefCell;
use std::collections::HashMap;

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use super::model::CommentId;
use super::storage;
use super::store::{Posted, StoreError};
use super::validate::{Field, NewComment, Problem};
use crate::i18n::Lang;

/// What the form says below its button.
#[derive(Clone, Debug, PartialEq)]
pub enum Status {
    Idle,
    /// The server said no, or could not be reached: nothing was stored; "retry" is safe.
    Failed(StoreError),
    /// The server did not answer in time: looking for the comment in the thread.
    Checking,
    /// Not found after a post without an answer: it may be held for moderation, or lost.
    /// `check_failed`: the thread could not even be read.
    Unconfirmed {
        sent: NewComment,
        at: f64,
        check_failed: bool,
    },
    /// The hidden anti-spam field was filled (autofill, an extension): nothing was sent, and
    /// the text stays.
    TrapFilled,
}

/// The form's fields live here, not in the form, so switching between the main form and a
/// reply form keeps what was typed.
#[derive(Clone, Copy)]
pub struct FormState {
    pub text: RwSignal<String>,
    pub name: RwSignal<String>,
    pub email: RwSignal<String>,
    pub website: RwSignal<String>,
    pub trap: RwSignal<String>,
    pub remember: RwSignal<bool>,
    pub problems: RwSignal<Vec<(Field, Problem)>>,
    pub status: RwSignal<Status>,
}

impl FormState {
    pub fn has_problem(self, field: Field) -> bool {
        self.problems.with(|p| p.iter().any(|(f, _)| *f == field))
    }

    pub fn problem_message(self, field: Field, ui: Lang) -> Option<String> {
        self.problems
            .with(|p| p.iter().find(|(f, _)| *f == field).map(|(_, p)| p.message(ui)))
    }

    /// Typing in a field clears its complaint; the others stay until the next submit.
    pub fn clear(self, field: Field) {
        if self.has_problem(field) {
            self.problems.update(|p| p.retain(|(f, _)| *f != field));
        }
    }

    /// The field's `aria-describedby`: its permanent note, if any, then its error, if any.
    pub fn described_by(self, field: Field, note: &str) -> Option<String> {
        let error = self.has_problem(field).then(|| error_id(field));
        let ids: Vec<String> = [(!note.is_empty()).then(|| note.to_owned()), error]
            .into_iter()
            .flatten()
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

pub fn error_id(field: Field) -> String {
    format!("maqal-error-{field:?}")
}

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
    #[serde(default, deserialize_with = "crate::json::lenient")]
    pub reply_to: Option<CommentId>,
    /// Set while the text is (or may have been) on its way to the server.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::json::lenient"
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
    /// The element the reader posted from: with two widgets of one thread on a page, that one
    /// shows the outcome (and tells the page) while it is there.
    pub origin: Option<web_sys::HtmlElement>,
}

thread_local! {
    static POSTS: RefCell<HashMap<String, ArcRwSignal<Sending>>> = RefCell::new(HashMap::new());
}

/// The post state of the thread whose draft lives under `draft_key`.
pub fn sending_for(draft_key: &str) -> ArcRwSignal<Sending> {
    POSTS.with_borrow_mut(|posts| {
        posts
            .entry(draft_key.to_owned())
            .or_insert_with(|| ArcRwSignal::new(Sending::Idle))
            .clone()
    })
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

#[derive(Clone, Copy)]
pub struct Composer {
    pub form: FormState,
    pub replying_to: RwSignal<Option<CommentId>>,
    /// Set by a reply button so the form it opens takes the focus; a restored draft does not.
    pub focus_form: RwSignal<bool>,
    pub draft_key: StoredValue<String>,
    /// The draft's "sent" mark, kept with it in storage while the outcome is not known.
    pub sent: StoredValue<Option<Sent>>,
    pub sending: RwSignal<Sending>,
}

impl Composer {
    pub fn new(thread: &str) -> Composer {
        let draft_key = format!("maqal:draft:{thread}");
        let draft = storage::read::<SavedDraft>(&draft_key)
            .ok()
            .flatten()
            .unwrap_or_default();
        let author = storage::read::<SavedAuthor>(AUTHOR_KEY).ok().flatten();
        let author_field = |pick: fn(&SavedAuthor) -> &String| author.as_ref().map(pick).cloned().unwrap_or_default();
        let form = FormState {
            text: RwSignal::new(draft.text),
            name: RwSignal::new(author_field(|a| &a.name)),
            email: RwSignal::new(author_field(|a| &a.email)),
            website: RwSignal::new(author_field(|a| &a.website)),
            trap: RwSignal::new(String::new()),
            remember: RwSignal::new(author.is_some()),
            problems: RwSignal::new(Vec::new()),
            status: RwSignal::new(Status::Idle),
        };
        let composer = Composer {
            form,
            replying_to: RwSignal::new(draft.reply_to),
            focus_form: RwSignal::new(false),
            sending: RwSignal::from(sending_for(&draft_key)),
            draft_key: StoredValue::new(draft_key),
            sent: StoredValue::new(draft.sent),
        };
        // Nothing lost: the text and the reply target are saved as they change.
        Effect::new(move |_| {
            let text = form.text.get();
            let reply_to = composer.replying_to.get();
            composer.save_draft(text, reply_to);
        });
        composer
    }

    fn save_draft(&self, text: String, reply_to: Option<CommentId>) {
        let key = self.draft_key.get_value();
        if text.trim().is_empty() {
            storage::remove(&key);
        } else {
            let draft = SavedDraft {
                text,
                reply_to,
                sent: self.sent.get_value(),
            };
            // If storage is unavailable there is nowhere to keep a draft; the text stays on screen.
            let _ = storage::write(&key, &draft);
        }
    }

    /// Marks the draft as on its way (or clears the mark), in storage too.
    pub fn mark_sent(&self, sent: Option<Sent>) {
        self.sent.set_value(sent);
        self.save_draft(self.form.text.get_untracked(), self.replying_to.get_untracked());
    }

    /// A post is on its way, or the outcome of one is being checked: sending now could post the
    /// same words twice.
    pub fn pending(&self) -> bool {
        self.sending.with(|s| *s == Sending::InFlight) || self.form.status.with(|s| *s == Status::Checking)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

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
