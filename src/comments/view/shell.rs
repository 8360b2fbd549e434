//! The thread's comment form as the first screen draws it: the same fields, labels and layout as
//! a reply's form, without behaviour, so the reader can start typing at once. Its behaviour comes
//! with the reader's part of the widget (`crate::compose`, fetched after the first comments are on
//! screen, or on the first focus) and is given to these same elements ([`Acts::adopt`]): nothing
//! is swapped under the reader, so an input method's open composition, the undo history, the
//! text cursor and the focus all carry over. Until then, what is typed is kept in this browser
//! as it is typed, and a press of "send" waits for the form to act ([`Region::send_waiting`]).
//!
//! [`Acts::adopt`]: crate::comments::region::Acts::adopt

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlInputElement, HtmlTextAreaElement};

use crate::comments::model::Rules;
use crate::comments::region::{AUTHOR_KEY, Arrival, Region, draft_key, typed_key};
use crate::comments::saved::{SavedAuthor, SavedDraft};
use crate::comments::store::StoreError;
use crate::comments::validate::MAX_TEXT;
use crate::web::direction::Dir;
use crate::web::events::{Part, WidgetEvent};

/// One single-line field: id, name, type, autocomplete, direction, and its label.
type Field = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// Marks a field the reader changed before the form's behaviour came: its value is the form's
/// then; the others show what the form holds.
pub const TYPED: &str = "data-typed";

/// The thread's form, and the place for what it says when its behaviour cannot come.
#[component]
pub fn FormShell(region: Region) -> impl IntoView {
    let holder = NodeRef::<Div>::new();
    let (typed, draft) = region
        .thread_key
        .with_value(|thread| (typed_key(thread), draft_key(thread)));
    // `localStorage` itself, not `web::storage`: this is the first screen's only use of it, and
    // plain text needs none of that module's JSON (which stays in the parts that need it).
    let storage = window().local_storage().ok().flatten();
    // The form element, built once: the region's one form, at the thread's end or under the
    // comment it answers.
    let shell = StoredValue::new_local(None::<Element>);
    // Its behaviour has been given to it: from then on it speaks for itself.
    let adopted = RwSignal::new(false);
    let owner = Owner::current();
    Effect::new({
        let (typed, storage) = (typed.clone(), storage.clone());
        move |_| {
            let Some(holder) = holder.get() else {
                return;
            };
            if shell.with_value(Option::is_none) {
                let Some(form) = build(&document(), region) else {
                    return;
                };
                fill(&form, region, &typed, &draft, storage.as_ref());
                shell.set_value(Some(form));
            }
            let Some(form) = shell.get_value() else {
                return;
            };
            // Under the comment it answers once its place there is drawn (with the form's
            // behaviour), else at the thread's end: the same element, moved.
            let place = region
                .reply_slot
                .get()
                .filter(|_| region.acts.with(Option::is_some))
                .and_then(|id| {
                    let slot = format!("#{} > .reply-slot", id.dom_id());
                    region.focus.root.get_untracked()?.query_selector(&slot).ok().flatten()
                })
                .unwrap_or_else(|| holder.into());
            if form.parent_element().as_ref() != Some(&place) {
                let _ = place.append_child(&form);
            }
            if let (Some(acts), false) = (region.acts.get(), adopted.get_untracked())
                && let Ok(form) = form.dyn_into::<web_sys::HtmlElement>()
            {
                adopted.set(true);
                // Under the component's owner, not this effect's: what the behaviour sets up
                // lasts as long as the form.
                match &owner {
                    Some(owner) => owner.with(|| (acts.adopt)(region, form)),
                    None => (acts.adopt)(region, form),
                }
            }
        }
    });
    // What the server asks for can come with its first page, after the markup is built: the
    // fields say so in place (what the reader typed stays).
    Effect::new(move |_| {
        let rules = region.rules.get();
        if let Some(form) = shell.get_value() {
            apply_rules(&form, rules);
        }
    });
    // A press of "send" waiting for the form to act shows as the form's own pending post does.
    let t = region.ui.text();
    Effect::new(move |_| {
        let waiting = region.send_waiting.get();
        if adopted.get() {
            return;
        }
        if let Some(button) =
            shell.with_value(|form| form.as_ref()?.query_selector("button[type=submit]").ok().flatten())
        {
            let _ = button.set_attribute("aria-disabled", if waiting { "true" } else { "false" });
            button.set_text_content(Some(if waiting { t.submitting() } else { t.submit() }));
        }
    });
    view! {
        <div class=move || if adopted.get() { "form-holder" } else { "form-shell" } node_ref=holder
            // The form's behaviour is asked for on the first focus; after a failure, only when the
            // reader asks again (retry, send): not on every move of the focus.
            on:focusin=move |_| if region.arrival.get_untracked() == Arrival::NotAsked { want_acts(region) }
            // What is typed is kept as it is typed, as the form's behaviour keeps it: a reload, a
            // crash or a part that never comes loses nothing.
            on:input=move |ev| {
                if adopted.get_untracked() {
                    return;
                }
                let target = ev.target();
                if let Some(field) = target.as_ref().and_then(|t| t.dyn_ref::<Element>()) {
                    let _ = field.set_attribute(TYPED, "");
                }
                if let Some(area) = target.as_ref().and_then(|t| t.dyn_ref::<HtmlTextAreaElement>()) {
                    let text = area.value();
                    follow_text(area, &text, region.ui.dir());
                    if let Some(storage) = &storage {
                        // Nowhere to keep it (storage refused, full): it stays on screen.
                        let _ = storage.set_item(&typed, &text);
                    }
                } else if let Some(input) = target.as_ref().and_then(|t| t.dyn_ref::<HtmlInputElement>())
                    && input.id() == "maqal-name"
                {
                    follow_text(input, &input.value(), region.ui.dir());
                }
            }
            on:submit=move |ev| {
                ev.prevent_default();
                // Once adopted, the form's own listener has acted on it.
                if !adopted.get_untracked() {
                    region.send_waiting.set(true);
                    want_acts(region);
                }
            }
        ></div>
        // Said where the reader acted: at a reply they opened, else here.
        {move || (region.arrival.get() == Arrival::Failed && region.replying_to.with(Option::is_none)).then(|| view! {
            <div class="notice error" role="alert">
                <p>{t.err_part()}</p>
                <button type="button" class="button" on:click=move |_| want_acts(region)>{t.retry()}</button>
            </div>
        })}
    }
}

/// What was typed here before, else the draft this browser keeps, and the details it keeps for the
/// reader (only with their consent, and the consent ticked): shown as the form's behaviour will
/// hold them, so a send from here keeps them as they were seen.
fn fill(form: &Element, region: Region, typed: &str, draft: &str, storage: Option<&web_sys::Storage>) {
    let read = |key: &str| storage.and_then(|s| s.get_item(key).ok().flatten());
    let text = read(typed).or_else(|| Some(SavedDraft::parse(&read(draft)?)?.text));
    if let Some(text) = text
        && let Some(area) = form.query_selector("#maqal-comment").ok().flatten()
        && let Some(area) = area.dyn_ref::<HtmlTextAreaElement>()
    {
        area.set_value(&text);
        follow_text(area, &text, region.ui.dir());
    }
    if let Some(saved) = read(AUTHOR_KEY).and_then(|raw| SavedAuthor::parse(&raw)) {
        for (id, value) in [
            ("#maqal-name", &saved.name),
            ("#maqal-email", &saved.email),
            ("#maqal-website", &saved.website),
        ] {
            if let Some(input) = form.query_selector(id).ok().flatten()
                && let Some(input) = input.dyn_ref::<HtmlInputElement>()
            {
                input.set_value(value);
                if id == "#maqal-name" {
                    follow_text(input, value, region.ui.dir());
                }
            }
        }
        if let Some(remember) = form.query_selector("#maqal-remember").ok().flatten()
            && let Some(remember) = remember.dyn_ref::<HtmlInputElement>()
        {
            remember.set_checked(true);
        }
    }
}

/// A field's `dir` as its text asks: the interface's while it has no letter, else `auto`
/// ([`Dir::of_field`], as the form's behaviour keeps it once it has come).
fn follow_text(field: &Element, text: &str, ui: Dir) {
    let _ = field.set_attribute("dir", Dir::of_field(text, ui));
}

/// An element with its attributes and text.
fn el(document: &Document, tag: &str, attrs: &[(&str, &str)], text: &str) -> Option<Element> {
    let el = document.create_element(tag).ok()?;
    for (name, value) in attrs {
        el.set_attribute(name, value).ok()?;
    }
    if !text.is_empty() {
        el.set_text_content(Some(text));
    }
    Some(el)
}

/// `parent` with `children` appended, in order.
fn with(parent: Element, children: &[Option<Element>]) -> Option<Element> {
    for child in children {
        parent.append_child(child.as_ref()?).ok()?;
    }
    Some(parent)
}

/// Marks the name and email required, and shows the website field, as `rules` say.
fn apply_rules(holder: &Element, rules: Rules) {
    let document = document();
    for (id, required) in [("maqal-name", rules.require_name), ("maqal-email", rules.require_email)] {
        let (Some(input), Some(label)) = (
            holder.query_selector(&format!("#{id}")).ok().flatten(),
            holder.query_selector(&format!("label[for={id}]")).ok().flatten(),
        ) else {
            continue;
        };
        let mark = label.query_selector(".required").ok().flatten();
        if required {
            let _ = input.set_attribute("required", "");
            if mark.is_none()
                && let Some(mark) = el(
                    &document,
                    "span",
                    &[("class", "required"), ("aria-hidden", "true")],
                    " *",
                )
            {
                let _ = label.append_child(&mark);
            }
        } else {
            let _ = input.remove_attribute("required");
            if let Some(mark) = mark {
                mark.remove();
            }
        }
    }
    if let Some(website) = holder
        .query_selector("#maqal-website")
        .ok()
        .flatten()
        .and_then(|i| i.parent_element())
    {
        let _ = website.toggle_attribute_with_force("hidden", !rules.website_field);
    }
}

/// The form element, without its behaviour (`compose::adopt` gives it that, finding its parts by
/// these ids).
fn build(document: &Document, region: Region) -> Option<Element> {
    let t = region.ui.text();
    // Empty, a field runs as the interface does (the caret starts at its language's side).
    let ui_dir = region.ui.dir().as_str();
    let el = |tag: &str, attrs: &[(&str, &str)], text: &str| el(document, tag, attrs, text);
    let required_mark = || el("span", &[("class", "required"), ("aria-hidden", "true")], " *");
    // Required or not, and the website field or not, as the rules say (`apply_rules`, run once the
    // markup is in place and whenever the rules change).

    let notes = el("p", &[("class", "form-notes")], "")?;
    notes
        .append_child(el("span", &[("id", "maqal-email-note")], t.email_note())?.as_ref())
        .ok()?;
    notes.append_with_str_1(" ").ok()?;
    notes.append_child(el("span", &[], t.required_note())?.as_ref()).ok()?;

    let label = el("label", &[("for", "maqal-comment")], t.label_comment())?;
    label.append_with_str_1(" ").ok()?;
    let max = MAX_TEXT.to_string();
    let textarea = el(
        "textarea",
        &[
            ("id", "maqal-comment"),
            ("name", "comment"),
            ("rows", "6"),
            ("required", ""),
            ("maxlength", &max),
            ("dir", ui_dir),
            ("aria-invalid", "false"),
        ],
        "",
    );
    let text_field = with(
        el("p", &[("class", "field")], "")?,
        &[with(label, &[required_mark()]), textarea],
    );

    let form = with(
        el(
            "form",
            &[
                ("class", "comment-form"),
                ("part", "form"),
                ("novalidate", ""),
                ("aria-labelledby", "maqal-form-title"),
            ],
            "",
        )?,
        &[
            el(
                "h3",
                &[("id", "maqal-form-title"), ("class", "form-title")],
                t.leave_comment(),
            ),
            Some(notes),
            text_field,
        ],
    )?;

    let fields: [Field; 3] = [
        ("maqal-name", "author", "text", "name", ui_dir, t.label_name()),
        ("maqal-email", "email", "email", "email", "ltr", t.label_email()),
        ("maqal-website", "url", "url", "url", "ltr", t.label_website()),
    ];
    for (id, name, kind, autocomplete, dir, text) in fields {
        let label = el("label", &[("for", id)], text)?;
        let input = el(
            "input",
            &[
                ("id", id),
                ("name", name),
                ("type", kind),
                ("autocomplete", autocomplete),
                ("dir", dir),
                ("aria-invalid", "false"),
            ],
            "",
        )?;
        if id == "maqal-email" {
            input.set_attribute("aria-describedby", "maqal-email-note").ok()?;
        }
        form.append_child(with(el("p", &[("class", "field")], "")?, &[Some(label), Some(input)])?.as_ref())
            .ok()?;
    }

    // The honeypot: out of sight, out of the tab order and hidden from assistive technology.
    let trap = with(
        el("p", &[("class", "trap"), ("aria-hidden", "true")], "")?,
        &[
            el("label", &[("for", "maqal-trap")], t.trap_label()),
            el(
                "input",
                &[
                    ("id", "maqal-trap"),
                    ("name", "maqal-hp"),
                    ("type", "text"),
                    ("tabindex", "-1"),
                    ("autocomplete", "off"),
                ],
                "",
            ),
        ],
    );
    let consent = with(
        el("p", &[("class", "consent")], "")?,
        &[
            el("input", &[("id", "maqal-remember"), ("type", "checkbox")], ""),
            el("label", &[("for", "maqal-remember")], t.consent()),
        ],
    );
    let submit = with(
        el("p", &[("class", "form-submit")], "")?,
        &[el(
            "button",
            &[("type", "submit"), ("class", "button"), ("aria-disabled", "false")],
            t.submit(),
        )],
    );
    let form = with(form, &[trap, consent, submit])?;
    // What the reader writes is in the locale, also where English words stand in around it.
    if let Some(lang) = region.ui.content_lang() {
        for id in ["#maqal-comment", "#maqal-name"] {
            if let Some(field) = form.query_selector(id).ok().flatten() {
                let _ = field.set_attribute("lang", lang);
            }
        }
    }
    Some(form)
}

/// Asks for the region's [`Acts`] (once; again after a failure), and sets them up when they
/// arrive (the thread's form takes them from [`Region::acts`]).
///
/// [`Acts`]: crate::comments::region::Acts
pub fn want_acts(region: Region) {
    if region.arrival.get_untracked() == Arrival::Asked || region.acts.with_untracked(Option::is_some) {
        return;
    }
    region.arrival.set(Arrival::Asked);
    let load = region.load_acts;
    region.spawn(async move {
        match load().await {
            Ok(acts) => {
                let setup = || (acts.setup)(region);
                match region.owner.get_value() {
                    Some(owner) => owner.with(setup),
                    None => setup(),
                }
                region.acts.set(Some(acts));
                if let Some(own) = region.own {
                    own.acts_here(region);
                }
            }
            Err(_) => {
                // A press of "send" waits for a new one: nothing is posted later, unasked.
                region.send_waiting.set(false);
                region.arrival.set(Arrival::Failed);
                if let Some(host) = region.host {
                    host.emit(WidgetEvent::Error {
                        part: Part::Comments,
                        kind: StoreError::Part.kind(),
                    });
                }
            }
        }
    });
}
