//! A post and its outcome. The request is not tied to the widget: once sent, its outcome matters
//! even if the widget is gone, so it settles the saved draft itself and hands the result to the
//! form of its thread that is on screen then (the one posted from, while it is alive).

use std::cell::{Cell, RefCell};

use leptos::prelude::*;

use super::composer::{Composer, Status};
use super::drafts::{Sent, settle_draft};
use super::outbox::{Sending, Settled, sending_for};
use crate::comments::region::Region;
use crate::comments::store::{Posted, Refusal, StoreError};
use crate::comments::validate::{Field, NewComment, Problem};
use crate::web::events::{Part, WidgetEvent};

thread_local! {
    /// The composers alive now.
    static ALIVE: RefCell<Vec<u64>> = const { RefCell::new(Vec::new()) };
    static NEXT_ID: Cell<u64> = const { Cell::new(1) };
}

/// Sets up `region`'s forms: their state (restored from this browser), given to the forms as
/// context; the outcome of a post, shown when it comes; and a post still unconfirmed from an
/// earlier visit, checked before it may be sent again.
pub fn setup(region: Region) {
    let id = NEXT_ID.with(|next| next.replace(next.get() + 1));
    ALIVE.with_borrow_mut(|alive| alive.push(id));
    on_cleanup(move || {
        ALIVE.with_borrow_mut(|alive| alive.retain(|a| *a != id));
    });
    let composer = Composer::new(region, id);
    provide_context(composer);
    let sending = composer.sending;
    Effect::new(move |_| {
        if let Sending::Settled(settled) = sending.get() {
            // Another widget of this thread was posted from and is still alive: it shows it.
            if settled.origin != id && ALIVE.with_borrow(|alive| alive.contains(&settled.origin)) {
                return;
            }
            sending.set(Sending::Idle);
            let Settled { sent, at, result, .. } = *settled;
            apply(region, composer, sent, at, result);
        }
    });
    // A draft still marked "sent" from an earlier visit: find out before offering to send it.
    if let Some(sent) = composer.sent.get_value()
        && sending.get_untracked() == Sending::Idle
    {
        let again = NewComment {
            // What was sent, not what the draft says now (it may have been edited since).
            text: if sent.text.is_empty() {
                composer.form.text.get_untracked()
            } else {
                sent.text
            },
            name: sent.name,
            email: None,
            website: None,
            parent: region.replying_to.get_untracked(),
        };
        check(region, composer, again, sent.at);
    }
}

/// Sends a checked comment.
pub fn post_comment(region: Region, composer: Composer, new: NewComment) {
    if composer.pending() {
        return;
    }
    let at = js_sys::Date::now();
    composer.form.status.set(Status::Idle);
    composer.mark_sent(
        Some(Sent {
            at,
            name: new.name.clone(),
            text: new.text.clone(),
        }),
        region.replying_to.get_untracked(),
    );
    let key = composer.draft_key.get_value();
    let sending = sending_for(&key);
    sending.set(Sending::InFlight);
    let backend = region.backend.get_value();
    let origin = composer.id;
    leptos::task::spawn_local(async move {
        let result = backend.post(new.clone()).await;
        settle_draft(&key, &new.text, &result);
        sending.set(Sending::Settled(Box::new(Settled {
            sent: new,
            at,
            result,
            origin,
        })));
    });
}

fn apply(region: Region, c: Composer, sent: NewComment, at: f64, result: Result<Posted, StoreError>) {
    let t = region.ui.text();
    match result {
        Ok(posted) => {
            let (comment, notice, held) = match posted {
                Posted::Published(comment) => (comment, t.published_notice(), false),
                Posted::AwaitingModeration(comment) => (comment, t.awaiting_notice(), true),
            };
            if let Some(host) = region.host {
                host.emit(WidgetEvent::CommentPosted {
                    id: comment.id.as_str(),
                    held,
                });
            }
            c.sent.set_value(None);
            // Words typed while it was on its way stay, as a new draft.
            if c.form.text.get_untracked().trim() == sent.text.trim() {
                c.form.text.set(String::new());
            } else {
                c.mark_sent(None, None);
            }
            c.form.status.set(Status::Idle);
            region.replying_to.set(None);
            let id = comment.id.clone();
            if let Some(visit) = c.visit {
                visit.posted(id.clone());
            }
            region.thread.insert(comment);
            if region.thread.find(&id).is_some() {
                region.focus.reveal(id);
            }
            region.focus.announce(notice);
        }
        Err(StoreError::Timeout) => check(region, c, sent, at),
        // The server's own field checks (a site's stricter rules): shown at the fields,
        // as the form's own checks are, with the focus on the first.
        Err(StoreError::Refused(refusal @ (Refusal::InvalidEmail | Refusal::NameEmailRequired))) => {
            c.mark_sent(None, region.replying_to.get_untracked());
            c.form.status.set(Status::Idle);
            let problems = if refusal == Refusal::InvalidEmail {
                vec![(Field::Email, Problem::InvalidEmail)]
            } else {
                vec![(Field::Name, Problem::Required), (Field::Email, Problem::Required)]
            };
            let first = problems[0].0;
            c.form.problems.set(problems);
            region.focus.focus_later(first.element_id().to_owned());
        }
        Err(error) => {
            if let Some(host) = region.host {
                host.emit(WidgetEvent::Error {
                    part: Part::Comments,
                    kind: error.kind(),
                });
            }
            c.mark_sent(None, region.replying_to.get_untracked());
            c.form.status.set(Status::Failed(error));
        }
    }
}

/// After a post without an answer: is the comment in the thread?
pub fn check(region: Region, composer: Composer, sent: NewComment, at: f64) {
    let form = composer.form;
    form.status.set(Status::Checking);
    let backend = region.backend.get_value();
    let key = composer.draft_key.get_value();
    region.spawn(async move {
        match backend.find_posted(&sent, at).await {
            Ok(Some(posted)) => {
                let found = Ok(posted);
                settle_draft(&key, &sent.text, &found);
                apply(region, composer, sent, at, found);
            }
            Ok(None) => form.status.set(Status::Unconfirmed {
                sent,
                at,
                check_failed: false,
            }),
            Err(_) => form.status.set(Status::Unconfirmed {
                sent,
                at,
                check_failed: true,
            }),
        }
    });
}
