use leptos::html::{Input, Textarea};
use leptos::prelude::*;

use super::composer::{Composer, FormState, Status, error_id};
use super::drafts::{AUTHOR_KEY, SavedAuthor};
use super::sending::{check, post_comment};
use crate::comments::model::CommentId;
use crate::comments::region::Region;
use crate::comments::validate::{Draft, Field, MAX_TEXT, Verdict, validate};
use crate::web::direction::Dir;
use crate::web::i18n::{Lang, around_name};
use crate::web::storage;

/// The required marker. In braces, not a literal: a wholly static element is built from an HTML
/// string, which a page enforcing Trusted Types refuses.
const REQUIRED: &str = " *";

/// The WordPress `comment_form()` equivalent: comment, name, email, website, the consent box.
/// Rendered at the end of the thread, or under a comment when replying (one at a time), inside
/// a region whose compose state is set up ([`super::sending::setup`]).
#[component]
pub fn CommentForm(region: Region, composer: Composer, parent: Option<CommentId>) -> impl IntoView {
    let ui = region.ui;
    let t = ui.text();
    let ui_dir = ui.dir();
    let f = composer.form;
    // The server may tighten the rules with the first page it sends: read them live.
    let rules = region.rules;
    let text_ref = NodeRef::<Textarea>::new();
    let name_ref = NodeRef::<Input>::new();
    let email_ref = NodeRef::<Input>::new();
    let website_ref = NodeRef::<Input>::new();
    // No second post while one is out, or while the outcome of one is being checked.
    let pending = Memo::new(move |_| composer.pending());

    if parent.is_some() && region.focus_form.get_untracked() {
        region.focus_form.set(false);
        region.focus.focus_later("maqal-comment".into());
    }

    let error_for = move |field: Field| {
        move || {
            f.problem_message(field, ui)
                .map(|message| view! { <span class="field-error" id=error_id(field)>{message}</span> })
        }
    };

    let submit = {
        let parent = parent.clone();
        move || {
            if pending.get_untracked() {
                return;
            }
            let draft = Draft {
                text: f.text.get_untracked(),
                name: f.name.get_untracked(),
                email: f.email.get_untracked(),
                website: f.website.get_untracked(),
                trap: f.trap.get_untracked(),
            };
            match validate(&draft, rules.get_untracked(), parent.clone()) {
                // The honeypot was filled. Bots do that, but so do autofill and extensions: send
                // nothing, keep every word, and let the person confirm by sending again.
                Verdict::Spam => {
                    f.trap.set(String::new());
                    f.status.set(Status::TrapFilled);
                }
                Verdict::Invalid(problems) => {
                    let first = problems.first().map(|(field, _)| *field);
                    f.problems.set(problems);
                    let focused = match first {
                        Some(Field::Text) => text_ref.get_untracked().map(|el| el.focus()),
                        Some(Field::Name) => name_ref.get_untracked().map(|el| el.focus()),
                        Some(Field::Email) => email_ref.get_untracked().map(|el| el.focus()),
                        Some(Field::Website) => website_ref.get_untracked().map(|el| el.focus()),
                        None => None,
                    };
                    drop(focused);
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
                        let _ = storage::write(AUTHOR_KEY, &author.to_json());
                    } else {
                        storage::remove(AUTHOR_KEY);
                    }
                    post_comment(region, composer, comment);
                }
            }
        }
    };
    let retry = submit.clone();
    // Taking over from the form's plain markup: the reader's cursor where it was, and a press of
    // "send" made before the form could act, acted on. Once this form is in the page, in the same
    // task as the plain form's words were taken and the plain form went away: no key pressed
    // between them can land nowhere (a frame later, a fast typist's letter would).
    if parent.is_none() {
        let resume = submit.clone();
        // `last`: the field is not to be waited for any longer (a press of "send" still counts).
        let take_over = move |last: bool| {
            if let Some((id, start, end)) = composer.resume_focus.try_get_value().flatten()
                && !id.is_empty()
            {
                // Its text as the form holds it, set now: the cursor placed after it stays put.
                let text = Field::by_element_id(&id).map(|field| composer.form.value(field).get_untracked());
                if !resume_focus(region, &id, start, end, text) && !last {
                    return false;
                }
            }
            let _ = composer.resume_focus.try_update_value(|focus| *focus = None);
            if composer.resume_submit.try_update_value(std::mem::take).unwrap_or(false) {
                resume();
            }
            true
        };
        // Not in the page yet (still being mounted): a frame later.
        queue_microtask(move || {
            if !take_over(false) {
                request_animation_frame(move || {
                    take_over(true);
                });
            }
        });
    }

    let title = match parent.as_ref().and_then(|id| region.thread.find(id)) {
        Some(target) => {
            let name = target
                .comment
                .get_untracked()
                .author
                .unwrap_or_else(|| t.anonymous().to_owned());
            let id = target.id;
            let cancel = move |_| {
                region.replying_to.set(None);
                region.focus.focus_later(id.reply_button_id());
            };
            let (before, after) = around_name(t.reply_to());
            view! {
                <h3 id="maqal-form-title" class="form-title">
                    {before} <bdi>{name}</bdi> {after}
                    <button type="button" class="link-button cancel-reply" on:click=cancel>{t.cancel_reply()}</button>
                </h3>
            }
            .into_any()
        }
        // A reply to a comment that is not on screen (a restored draft's: behind "more", deleted,
        // or in another order): the form stays where it is, with its text, and may be turned
        // into a comment of its own.
        None if parent.is_some() => {
            let cancel = move |_| {
                region.replying_to.set(None);
                region.focus.focus_later("maqal-comment".to_owned());
            };
            view! {
                <h3 id="maqal-form-title" class="form-title">
                    {t.leave_comment()}
                    " "
                    <button type="button" class="link-button cancel-reply" on:click=cancel>{t.cancel_reply()}</button>
                </h3>
            }
            .into_any()
        }
        None => view! { <h3 id="maqal-form-title" class="form-title">{t.leave_comment()}</h3> }.into_any(),
    };

    view! {
        <form
            class="comment-form"
            part=if parent.is_some() { "form reply-form" } else { "form" }
            class:reply-form=parent.is_some()
            novalidate
            aria-labelledby="maqal-form-title"
            on:submit=move |ev| {
                ev.prevent_default();
                submit();
            }
        >
            {title}
            <p class="form-notes">
                <span id="maqal-email-note">{t.email_note()}</span>
                " "
                <span>{t.required_note()}</span>
            </p>
            {move || (!f.problems.with(Vec::is_empty)).then(|| view! {
                <p class="form-summary" role="alert">{t.err_form()}</p>
            })}
            <p class="field">
                <label for="maqal-comment">{t.label_comment()} <span class="required" aria-hidden="true">{REQUIRED}</span></label>
                <textarea
                    id="maqal-comment"
                    name="comment"
                    rows="6"
                    required
                    maxlength=MAX_TEXT.to_string()
                    dir=move || Dir::of_field(&f.text.get(), ui_dir)
                    aria-invalid=move || f.has_problem(Field::Text).to_string()
                    aria-describedby=move || f.described_by(Field::Text, "")
                    node_ref=text_ref
                    bind:value=f.text
                    on:input=move |_| f.clear(Field::Text)
                ></textarea>
                {error_for(Field::Text)}
            </p>
            {input_field(
                InputField { field: Field::Name, id: "maqal-name", name: "author", kind: "text", autocomplete: "name", dir: "auto", label: t.label_name(), note: "" },
                Signal::derive(move || rules.get().require_name),
                f.name,
                name_ref,
                f,
                ui,
            )}
            {input_field(
                InputField { field: Field::Email, id: "maqal-email", name: "email", kind: "email", autocomplete: "email", dir: "ltr", label: t.label_email(), note: "maqal-email-note" },
                Signal::derive(move || rules.get().require_email),
                f.email,
                email_ref,
                f,
                ui,
            )}
            {move || rules.get().website_field.then(|| input_field(
                InputField { field: Field::Website, id: "maqal-website", name: "url", kind: "url", autocomplete: "url", dir: "ltr", label: t.label_website(), note: "" },
                Signal::derive(|| false),
                f.website,
                website_ref,
                f,
                ui,
            ))}
            // The honeypot: off-screen, out of the tab order and hidden from assistive technology.
            <p class="trap" aria-hidden="true">
                <label for="maqal-trap">{t.trap_label()}</label>
                <input id="maqal-trap" name="maqal-hp" type="text" tabindex="-1" autocomplete="off" bind:value=f.trap />
            </p>
            <p class="consent">
                <input id="maqal-remember" type="checkbox" bind:checked=f.remember />
                <label for="maqal-remember">{t.consent()}</label>
            </p>
            <p class="form-submit">
                <button type="submit" class="button" aria-disabled=move || pending.get().to_string()>
                    {move || if pending.get() { t.submitting() } else { t.submit() }}
                </button>
            </p>
            {move || status_view(region, composer, f.status.get(), retry.clone())}
        </form>
    }
}

/// The form's outcome line: a failure with "retry", the check after a post without an answer, or
/// the honeypot's note. Spoken by screen readers as it appears.
fn status_view(
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

/// What distinguishes one single-line field from another.
struct InputField {
    field: Field,
    id: &'static str,
    name: &'static str,
    kind: &'static str,
    autocomplete: &'static str,
    dir: &'static str,
    label: &'static str,
    /// Id of a permanent note describing the field ("will not be published"), or "".
    note: &'static str,
}

/// A labelled input with its required marker, validity state and error message.
fn input_field(
    spec: InputField,
    required: Signal<bool>,
    value: RwSignal<String>,
    node_ref: NodeRef<Input>,
    form: FormState,
    ui: Lang,
) -> impl IntoView {
    let InputField {
        field,
        id,
        name,
        kind,
        autocomplete,
        dir,
        label,
        note,
    } = spec;
    view! {
        <p class="field">
            <label for=id>
                {label}
                {move || required.get().then(|| view! { <span class="required" aria-hidden="true">{REQUIRED}</span> })}
            </label>
            <input
                id=id
                name=name
                type=kind
                autocomplete=autocomplete
                dir=move || match dir {
                    // A name takes the interface's direction until it has a letter.
                    "auto" => Dir::of_field(&value.get(), ui.dir()),
                    fixed => fixed,
                }
                required=move || required.get()
                aria-invalid=move || form.has_problem(field).to_string()
                aria-describedby=move || form.described_by(field, note)
                node_ref=node_ref
                bind:value=value
                on:input=move |_| form.clear(field)
            />
            {move || {
                form.problem_message(field, ui)
                    .map(|message| view! { <span class="field-error" id=error_id(field)>{message}</span> })
            }}
        </p>
    }
}

/// Puts the focus back in the field `id`, with the text cursor (or selection) where it was. The
/// field stands where the plain form's did, so the page is not scrolled: the reader's view stays
/// as it was, whatever the browser thinks of the field's visibility.
fn resume_focus(region: Region, id: &str, start: u32, end: u32, text: Option<String>) -> bool {
    use wasm_bindgen::JsCast;
    // This form's field, not the plain form's (it has the same ids until it leaves).
    let Some(field) = region
        .focus
        .root
        .get_untracked()
        .and_then(|root| root.query_selector(&format!("#{id}:not(.form-shell *)")).ok().flatten())
    else {
        return false;
    };
    let Ok(element) = field.clone().dyn_into::<web_sys::HtmlElement>() else {
        return false;
    };
    let options = web_sys::FocusOptions::new();
    options.set_prevent_scroll(true);
    let _ = element.focus_with_options(&options);
    if let Some(area) = field.dyn_ref::<web_sys::HtmlTextAreaElement>() {
        if let Some(text) = text.filter(|t| *t != area.value()) {
            area.set_value(&text);
        }
        let _ = area.set_selection_range(start, end);
    } else if let Some(input) = field.dyn_ref::<web_sys::HtmlInputElement>() {
        if let Some(text) = text.filter(|t| *t != input.value()) {
            input.set_value(&text);
        }
        // Only text fields have a cursor (not the consent box).
        let _ = input.set_selection_range(start, end);
    }
    true
}
