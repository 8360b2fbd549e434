use leptos::html::{Input, Textarea};
use leptos::prelude::*;

use super::model::CommentId;
use super::storage;
use super::thread_state::{AUTHOR_KEY, SavedAuthor, ThreadState};
use super::validate::{Draft, Field, MAX_TEXT, Verdict, validate};

/// The WordPress `comment_form()` equivalent: comment, name, email, website, the consent box.
/// Rendered at the end of the thread, or under a comment when replying (one at a time).
#[component]
pub fn CommentForm(state: ThreadState, parent: Option<CommentId>) -> impl IntoView {
    let ui = state.ui;
    let t = ui.text();
    let f = state.form;
    // The server may tighten the rules with the first page it sends: read them live.
    let rules = state.rules;
    let text_ref = NodeRef::<Textarea>::new();
    let name_ref = NodeRef::<Input>::new();
    let email_ref = NodeRef::<Input>::new();
    let website_ref = NodeRef::<Input>::new();
    let pending = state.post.pending();

    if parent.is_some() && state.focus_form.get_untracked() {
        state.focus_form.set(false);
        state.focus_later("#maqal-comment".into());
    }

    let problem = move |field: Field| {
        f.problems
            .with(|p| p.iter().find(|(f, _)| *f == field).map(|(_, p)| p.message(ui)))
    };
    let has_problem = move |field: Field| f.problems.with(|p| p.iter().any(|(f, _)| *f == field));
    let clear = move |field: Field| {
        if has_problem(field) {
            f.problems.update(|p| p.retain(|(f, _)| *f != field));
        }
    };
    let described = move |field: Field, base: &'static str| {
        let error = has_problem(field).then(|| format!("maqal-error-{field:?}"));
        let ids: Vec<String> = [(!base.is_empty()).then(|| base.to_owned()), error]
            .into_iter()
            .flatten()
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    let error_for = move |field: Field| {
        move || {
            problem(field)
                .map(|message| view! { <span class="field-error" id=format!("maqal-error-{field:?}")>{message}</span> })
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
                // A bot filled the honeypot: drop the comment and give it nothing to learn from.
                Verdict::Spam => f.text.set(String::new()),
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
                    f.failure.set(None);
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
                    state.post.dispatch(comment);
                }
            }
        }
    };
    let retry = submit.clone();

    let title = match parent.as_ref().and_then(|id| state.find(id)) {
        Some(target) => {
            let name = target
                .comment
                .get_untracked()
                .author
                .unwrap_or_else(|| t.anonymous.to_owned());
            let id = target.id;
            let cancel = move |_| {
                state.replying_to.set(None);
                state.focus_later(format!("#reply-{id}"));
            };
            view! {
                <h3 id="maqal-form-title" class="form-title">
                    {t.reply_to} " " <bdi>{name}</bdi>
                    <button type="button" class="link-button cancel-reply" on:click=cancel>{t.cancel_reply}</button>
                </h3>
            }
            .into_any()
        }
        None => view! { <h3 id="maqal-form-title" class="form-title">{t.leave_comment}</h3> }.into_any(),
    };

    view! {
        <form
            class="comment-form"
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
                <span id="maqal-email-note">{t.email_note}</span>
                " "
                <span>{t.required_note}</span>
            </p>
            {move || (!f.problems.with(Vec::is_empty)).then(|| view! {
                <p class="form-summary" role="alert">{t.err_form}</p>
            })}
            <p class="field">
                <label for="maqal-comment">{t.label_comment} <span class="required" aria-hidden="true">" *"</span></label>
                <textarea
                    id="maqal-comment"
                    name="comment"
                    rows="6"
                    required
                    maxlength=MAX_TEXT.to_string()
                    dir="auto"
                    aria-invalid=move || has_problem(Field::Text).to_string()
                    aria-describedby=move || described(Field::Text, "")
                    node_ref=text_ref
                    bind:value=f.text
                    on:input=move |_| clear(Field::Text)
                ></textarea>
                {error_for(Field::Text)}
            </p>
            <p class="field">
                <label for="maqal-name">
                    {t.label_name}
                    {move || rules.get().require_name.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
                </label>
                <input
                    id="maqal-name"
                    name="author"
                    type="text"
                    autocomplete="name"
                    dir="auto"
                    required=move || rules.get().require_name
                    aria-invalid=move || has_problem(Field::Name).to_string()
                    aria-describedby=move || described(Field::Name, "")
                    node_ref=name_ref
                    bind:value=f.name
                    on:input=move |_| clear(Field::Name)
                />
                {error_for(Field::Name)}
            </p>
            <p class="field">
                <label for="maqal-email">
                    {t.label_email}
                    {move || rules.get().require_email.then(|| view! { <span class="required" aria-hidden="true">" *"</span> })}
                </label>
                <input
                    id="maqal-email"
                    name="email"
                    type="email"
                    autocomplete="email"
                    dir="ltr"
                    required=move || rules.get().require_email
                    aria-invalid=move || has_problem(Field::Email).to_string()
                    aria-describedby=move || described(Field::Email, "maqal-email-note")
                    node_ref=email_ref
                    bind:value=f.email
                    on:input=move |_| clear(Field::Email)
                />
                {error_for(Field::Email)}
            </p>
            {move || rules.get().website_field.then(|| view! {
                <p class="field">
                    <label for="maqal-website">{t.label_website}</label>
                    <input
                        id="maqal-website"
                        name="url"
                        type="url"
                        autocomplete="url"
                        dir="ltr"
                        aria-invalid=move || has_problem(Field::Website).to_string()
                        aria-describedby=move || described(Field::Website, "")
                        node_ref=website_ref
                        bind:value=f.website
                        on:input=move |_| clear(Field::Website)
                    />
                    {error_for(Field::Website)}
                </p>
            })}
            // The honeypot: off-screen, out of the tab order and hidden from assistive technology.
            <p class="trap" aria-hidden="true">
                <label for="maqal-trap">"Leave this field empty"</label>
                <input id="maqal-trap" name="homepage" type="text" tabindex="-1" autocomplete="off" bind:value=f.trap />
            </p>
            <p class="consent">
                <input id="maqal-remember" type="checkbox" bind:checked=f.remember />
                <label for="maqal-remember">{t.consent}</label>
            </p>
            <p class="form-submit">
                <button type="submit" class="button" aria-disabled=move || pending.get().to_string()>
                    {move || if pending.get() { t.submitting } else { t.submit }}
                </button>
            </p>
            {move || f.failure.get().map(|error| {
                let retry = retry.clone();
                view! {
                    <div class="notice error" role="alert">
                        <p>{t.err_post} " " {error.message(ui)}</p>
                        <button type="button" class="button" on:click=move |_| retry()>{t.retry}</button>
                    </div>
                }
            })}
        </form>
    }
}
