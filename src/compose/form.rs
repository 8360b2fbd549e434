//! Sending the comment form, and what it says of the outcome.

use leptos::prelude::*;

use super::composer::{Composer, Status};
use super::drafts::{AUTHOR_KEY, SavedAuthor};
use super::sending::{check, post_comment};
use crate::comments::model::CommentId;
use crate::comments::region::Region;
use crate::comments::validate::{Draft, Field, Verdict, validate};
use crate::web::storage;

/// Checks the form's fields and sends them as a comment, or a reply to `parent`: the honeypot's
/// note, or the problems marked (and the first problem's field focused by `focus`), instead.
pub fn send_form(region: Region, composer: Composer, parent: Option<CommentId>, focus: impl Fn(Field)) {
    if composer.pending() {
        return;
    }
    let f = composer.form;
    let draft = Draft {
        text: f.text.get_untracked(),
        name: f.name.get_untracked(),
        email: f.email.get_untracked(),
        website: f.website.get_untracked(),
        trap: f.trap.get_untracked(),
    };
    match validate(&draft, region.rules.get_untracked(), parent) {
        // The honeypot was filled. Bots do that, but so do autofill and extensions: send
        // nothing, keep every word, and let the person confirm by sending again.
        Verdict::Spam => {
            f.trap.set(String::new());
            f.status.set(Status::TrapFilled);
        }
        Verdict::Invalid(problems) => {
            let first = problems.first().map(|(field, _)| *field);
            f.problems.set(problems);
            if let Some(field) = first {
                focus(field);
            }
        }
        Verdict::Valid(comment) => {
            f.problems.set(Vec::new());
            if f.remember.get_untracked() {
                let author = SavedAuthor {
                    name: draft.name,
                    email: draft.email,
                    website: draft.website,
                };
                // Remembering is a convenience; failing to remember must not stop the post.
                let _ = storage::write(AUTHOR_KEY, &author);
            } else {
                storage::remove(AUTHOR_KEY);
            }
            post_comment(region, composer, comment);
        }
    }
}

/// The form's outcome line: a failure with "retry", the check after a post without an answer, or
/// the honeypot's note. Spoken by screen readers as it appears.
pub(super) fn status_view(
    region: Region,
    composer: Composer,
    status: Status,
    retry: impl Fn() + Clone + 'static,
) -> Option<AnyView> {
    let ui = region.ui;
    let t = ui.text();
    Some(match status {
        Status::Idle => return None,
        Status::Failed(error) => view! {
            <div class="notice error" role="alert">
                <p>{t.err_post()} " " {error.message(ui)}</p>
                <button type="button" class="button" on:click=move |_| retry()>{t.retry()}</button>
            </div>
        }
        .into_any(),
        Status::Checking => view! { <p class="notice loading" role="status">{t.checking_post()}</p> }.into_any(),
        Status::Unconfirmed { sent, at, check_failed } => {
            let message = if check_failed {
                t.unconfirmed_unreachable()
            } else {
                t.unconfirmed_post()
            };
            view! {
                <div class="notice error unconfirmed" role="alert">
                    <p>{message}</p>
                    <p class="notice-actions">
                        <button type="button" class="button" on:click=move |_| check(region, composer, sent.clone(), at)>{t.check_again()}</button>
                        <button type="button" class="button secondary" on:click=move |_| retry()>{t.send_anyway()}</button>
                    </p>
                </div>
            }
            .into_any()
        }
        Status::TrapFilled => view! { <p class="notice error" role="alert">{t.trap_filled()}</p> }.into_any(),
    })
}
