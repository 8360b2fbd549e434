//! The comment form as plain markup, shown until the reader's part of the widget has arrived
//! (`crate::compose`, fetched after the first comments are on screen): the same fields, labels and
//! layout, so nothing moves when the real form takes its place, and the reader can start typing
//! at once. Focusing it asks for the real form now; what is typed in it, where the cursor is, and
//! a press of "send" carry over ([`take_intake`]).

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlInputElement, HtmlTextAreaElement};

use crate::comments::model::Rules;
use crate::comments::region::{AUTHOR_KEY, Arrival, Intake, Region, draft_key, typed_key};
use crate::comments::store::StoreError;
use crate::comments::validate::MAX_TEXT;
use crate::web::direction::Dir;
use crate::web::events::{Part, WidgetEvent};
use crate::web::json;

/// One single-line field: id, name, type, autocomplete, direction, and its label.
type Field = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
);

/// The form's plain markup, with the place for what it says when the real form cannot come.
#[component]
pub fn FormShell(region: Region) -> impl IntoView {
    let holder = NodeRef::<Div>::new();
    let (typed, draft) = region
        .thread_key
        .with_value(|thread| (typed_key(thread), draft_key(thread)));
    // `localStorage` itself, not `web::storage`: this is the first screen's only use of it, and
    // plain text needs none of that module's JSON (which stays in the parts that need it).
    let storage = window().local_storage().ok().flatten();
    holder.on_load({
        let (typed, storage) = (typed.clone(), storage.clone());
        move |holder| {
            let Some(form) = build(&document(), region) else {
                return;
            };
            holder.replace_children_with_node_1(&form);
            apply_rules(&holder, region.rules.get_untracked());
            // What was typed here before, else the draft this browser keeps: shown as the real
            // form would show it.
            let read = |key: &str| storage.as_ref().and_then(|s| s.get_item(key).ok().flatten());
            let text = read(&typed).or_else(|| json::parse(&read(&draft)?).ok()?.str_of("text").map(str::to_owned));
            if let Some(text) = text
                && let Some(area) = holder.query_selector("#maqal-comment").ok().flatten()
                && let Some(area) = area.dyn_ref::<HtmlTextAreaElement>()
            {
                area.set_value(&text);
                follow_text(area, &text, region.ui.dir());
            }
            // The details this browser keeps for the reader (only with their consent), and the
            // consent ticked, as the real form shows them: a send from here keeps them as they
            // were seen.
            if let Some(saved) = read(AUTHOR_KEY).and_then(|raw| json::parse(&raw).ok())
                && saved.str_of("name").is_some()
            {
                for (id, key) in [
                    ("#maqal-name", "name"),
                    ("#maqal-email", "email"),
                    ("#maqal-website", "website"),
                ] {
                    if let Some(input) = holder.query_selector(id).ok().flatten()
                        && let Some(input) = input.dyn_ref::<HtmlInputElement>()
                    {
                        let value = saved.string_of(key);
                        input.set_value(&value);
                        if id == "#maqal-name" {
                            follow_text(input, &value, region.ui.dir());
                        }
                    }
                }
                if let Some(remember) = holder.query_selector("#maqal-remember").ok().flatten()
                    && let Some(remember) = remember.dyn_ref::<HtmlInputElement>()
                {
                    remember.set_checked(true);
                }
            }
        }
    });
    // What the server asks for can come with its first page, after the markup is built: the
    // fields say so in place (what the reader typed stays).
    Effect::new(move |_| {
        let rules = region.rules.get();
        if let Some(holder) = holder.get() {
            apply_rules(&holder, rules);
        }
    });
    let t = region.ui.text();
    view! {
        <div class="form-shell" node_ref=holder
            // The real form is asked for on the first focus; after a failure, only when the reader
            // asks again (retry, send): not on every move of the focus.
            on:focusin=move |_| if region.arrival.get_untracked() == Arrival::NotAsked { want_acts(region) }
            // What is typed is kept as it is typed, as the real form keeps it: a reload, a crash
            // or a part that never comes loses nothing.
            on:input=move |ev| {
                let target = ev.target();
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
                region.intake.set_value(Some(Intake { submitted: true, ..Intake::default() }));
                want_acts(region);
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

/// A field's `dir` as its text asks: the interface's while it has no letter, else `auto` (as the
/// real form's, [`Dir::of_field`]).
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

/// The form element, as `compose::form` renders it (without its reactions).
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

    // The honeypot, as the real form has it: out of sight, out of the tab order.
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
    with(form, &[trap, consent, submit])
}

/// Asks for the region's [`Acts`] (once; again after a failure), and, when they arrive, sets them
/// up with what the reader did in the shell meanwhile.
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
                take_intake(region);
                let setup = || (acts.setup)(region);
                match region.owner.get_value() {
                    Some(owner) => owner.with(setup),
                    None => setup(),
                }
                region.acts.set(Some(acts));
            }
            Err(_) => {
                // A press of "send" waits for a new one: nothing is posted later, unasked.
                region.intake.set_value(None);
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

/// What the reader did in the shell (if it is on screen), kept for the real form: called just
/// before the real form replaces it.
fn take_intake(region: Region) {
    let Some(root) = region.focus.root.get_untracked() else {
        return;
    };
    let Some(shell) = root.query_selector(".form-shell form").ok().flatten() else {
        return;
    };
    let value = |id: &str| -> String {
        let Some(el) = shell.query_selector(&format!("#{id}")).ok().flatten() else {
            return String::new();
        };
        match el.dyn_ref::<HtmlTextAreaElement>() {
            Some(area) => area.value(),
            None => el
                .dyn_ref::<HtmlInputElement>()
                .map(HtmlInputElement::value)
                .unwrap_or_default(),
        }
    };
    let focused = root
        .get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .ok()
        .and_then(|shadow| shadow.active_element())
        .filter(|active| shell.contains(Some(active)))
        .map(|active| {
            let (start, end) = match (
                active.dyn_ref::<HtmlTextAreaElement>(),
                active.dyn_ref::<HtmlInputElement>(),
            ) {
                (Some(area), _) => (
                    area.selection_start().ok().flatten(),
                    area.selection_end().ok().flatten(),
                ),
                (_, Some(input)) => (
                    input.selection_start().ok().flatten(),
                    input.selection_end().ok().flatten(),
                ),
                _ => (None, None),
            };
            (active.id(), start.unwrap_or(0), end.unwrap_or(0))
        });
    let submitted = region.intake.with_value(|i| i.as_ref().is_some_and(|i| i.submitted));
    let remember = shell
        .query_selector("#maqal-remember")
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<HtmlInputElement>().ok())
        .is_some_and(|input| input.checked());
    region.intake.set_value(Some(Intake {
        text: value("maqal-comment"),
        name: value("maqal-name"),
        email: value("maqal-email"),
        website: value("maqal-website"),
        trap: value("maqal-trap"),
        remember,
        focused,
        submitted,
    }));
}
