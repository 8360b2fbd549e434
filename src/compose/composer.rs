//! The comment form's state: the fields, the saved draft and author, and the post in flight.
//!
//! Nothing a person wrote is lost or sent twice. The draft is saved as it is typed and marked
//! "sent" while a post is out; the post runs to its end even if the widget goes away (its
//! outcome would otherwise be unknown), clears the saved draft when the server has it, and hands
//! its result to whichever form of that thread is on screen (the same one, or a new one after a
//! re-render). A post whose answer never came is "unknown" until the thread has been checked.

use leptos::prelude::*;

use super::drafts::{AUTHOR_KEY, SavedAuthor, SavedDraft, Sent, draft_key, keep_typed_author, typed_author};
use super::outbox::{Sending, sending_for};
use crate::comments::model::CommentId;
use crate::comments::region::{Region, typed_key};
use crate::comments::store::StoreError;
use crate::comments::validate::{Field, NewComment, Problem};
use crate::web::i18n::Lang;
use crate::web::storage;

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
    /// The text of `field`.
    pub fn value(self, field: Field) -> RwSignal<String> {
        match field {
            Field::Text => self.text,
            Field::Name => self.name,
            Field::Email => self.email,
            Field::Website => self.website,
        }
    }

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
    let name = match field {
        Field::Text => "Text",
        Field::Name => "Name",
        Field::Email => "Email",
        Field::Website => "Website",
    };
    format!("maqal-error-{name}")
}

/// One region's form state, provided as context to its forms.
#[derive(Clone, Copy)]
pub struct Composer {
    pub form: FormState,
    pub draft_key: StoredValue<String>,
    /// The draft's "sent" mark, kept with it in storage while the outcome is not known.
    pub sent: StoredValue<Option<Sent>>,
    pub sending: RwSignal<Sending>,
    /// Which region this is, among those alive (a post's outcome goes to the one posted from).
    pub id: u64,
    /// The reader's visits to the thread: what they post here is never "new".
    pub visit: Option<super::live::Visit>,
}

impl Composer {
    /// The state for `region`'s forms, restored from this browser: the draft, its reply target
    /// and, with the reader's consent, their name, email and website.
    pub fn new(region: Region, id: u64) -> Composer {
        let draft_key = draft_key(&region.thread_key.get_value());
        let mut draft = storage::read_raw(&draft_key)
            .ok()
            .flatten()
            .and_then(|raw| SavedDraft::parse(&raw))
            .unwrap_or_default();
        // What was typed in the form's plain markup (this visit or one that ended before the
        // form came) is the draft's text from now on.
        let typed = typed_key(&region.thread_key.get_value());
        if let Ok(Some(text)) = storage::read_raw(&typed) {
            draft.text = text;
            storage::remove(&typed);
        }
        let saved = storage::read_raw(AUTHOR_KEY)
            .ok()
            .flatten()
            .and_then(|raw| SavedAuthor::parse(&raw));
        // What the reader typed into this thread's form earlier in this page's life (before the
        // widget was rebuilt) wins over what they saved.
        let remember = saved.is_some();
        let (author, remember) = typed_author(&draft_key).unwrap_or((saved.unwrap_or_default(), remember));
        let form = FormState {
            text: RwSignal::new(draft.text),
            name: RwSignal::new(author.name),
            email: RwSignal::new(author.email),
            website: RwSignal::new(author.website),
            trap: RwSignal::new(String::new()),
            remember: RwSignal::new(remember),
            problems: RwSignal::new(Vec::new()),
            status: RwSignal::new(Status::Idle),
        };
        if draft.reply_to.is_some() {
            region.replying_to.set(draft.reply_to);
        }
        let composer = Composer {
            form,
            sending: RwSignal::from(sending_for(&draft_key)),
            draft_key: StoredValue::new(draft_key),
            sent: StoredValue::new(draft.sent),
            id,
            visit: use_context(),
        };
        // Nothing lost: the text and the reply target are saved as they change, the author
        // fields kept in memory.
        Effect::new(move |_| {
            let text = form.text.get();
            let reply_to = region.replying_to.get();
            composer.save_draft(text, reply_to);
        });
        // Only what the reader changes: a form just built says nothing new.
        Effect::new(move |before: Option<()>| {
            let author = SavedAuthor {
                name: form.name.get(),
                email: form.email.get(),
                website: form.website.get(),
            };
            let remember = form.remember.get();
            if before.is_some() {
                composer
                    .draft_key
                    .with_value(|key| keep_typed_author(key, author, remember));
            }
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
    pub fn mark_sent(&self, sent: Option<Sent>, reply_to: Option<CommentId>) {
        self.sent.set_value(sent);
        self.save_draft(self.form.text.get_untracked(), reply_to);
    }

    /// A post is on its way, or the outcome of one is being checked: sending now could post the
    /// same words twice.
    pub fn pending(&self) -> bool {
        self.sending.with(|s| *s == Sending::InFlight) || self.form.status.with(|s| *s == Status::Checking)
    }

    /// The composer of the region being rendered.
    pub fn current() -> Option<Composer> {
        use_context::<Composer>()
    }
}
