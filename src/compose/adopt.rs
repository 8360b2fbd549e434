//! The region's one comment form, as the first screen drew it (`comments::view::shell`), given
//! its behaviour in place (it answers the thread at its end, or a comment under it, moved there): the reader's part of the widget brings listeners and reactions, never
//! new elements for the fields. A reader typing when it arrives is not interrupted: an input
//! method's open composition (Gboard, Arabic, Persian and Urdu keyboards), the undo history, the
//! text cursor, the focus and a screen reader's place stay as they were, because the field is the
//! same element. A value is written into a field only when the form's state differs from what the
//! field holds (a restored draft, a post that cleared it), never as an echo of the reader's typing.

use gloo_events::{EventListener, EventListenerOptions};
use leptos::mount::mount_to;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlTextAreaElement};

use super::composer::{Composer, error_id};
use super::form::{send_form, status_view};
use crate::comments::region::Region;
use crate::comments::validate::Field;
use crate::comments::view::shell::TYPED;
use crate::web::direction::Dir;
use crate::web::i18n::around_name;

/// Gives `form` (the region's form element) its behaviour, for as long as the current owner (the
/// form's component) lives.
pub fn adopt(region: Region, form: HtmlElement) {
    let Some(composer) = Composer::current() else {
        return;
    };
    let f = composer.form;
    let ui = region.ui;
    let t = ui.text();
    let find = {
        let form = form.clone();
        move |id: &str| form.query_selector(&format!("#{id}")).ok().flatten()
    };

    // What the reader typed or ticked before the behaviour came is the form's from now on (and a
    // filled honeypot: a bot's, caught by the form's check). The rest the form knows better (a
    // post that settled meanwhile, details typed earlier in this page's life): it is shown.
    let typed = |el: &Element| {
        let typed = el.has_attribute(TYPED);
        let _ = el.remove_attribute(TYPED);
        typed
    };
    let fields: Vec<(Element, RwSignal<String>, Option<Field>)> = Field::ALL
        .into_iter()
        .filter_map(|field| Some((find(field.element_id())?, f.value(field), Some(field))))
        .chain(find("maqal-trap").map(|el| (el, f.trap, None)))
        .collect();
    for (el, value, _) in &fields {
        if typed(el) {
            value.set(value_of(el));
        }
    }
    let remember = find("maqal-remember").and_then(|el| el.dyn_into::<HtmlInputElement>().ok());
    if let Some(remember) = remember.as_ref().filter(|r| typed(r)) {
        f.remember.set(remember.checked());
    }

    for (el, value, field) in fields {
        // The comment and the name run in the interface's direction while they have no letter,
        // then in their own (as the first screen's form does while it waits).
        let follows_text = matches!(field, Some(Field::Text | Field::Name));
        Effect::new({
            let el = el.clone();
            move |_| {
                let value = value.get();
                if value_of(&el) != value {
                    set_value(&el, &value);
                }
                if follows_text {
                    let _ = el.set_attribute("dir", Dir::of_field(&value, ui.dir()));
                }
            }
        });
        if let Some(field) = field {
            Effect::new(move |_| mark_problem(&el, field, composer, ui));
        }
    }
    if let Some(remember) = remember {
        Effect::new(move |_| remember.set_checked(f.remember.get()));
    }

    // The summary of what to correct, under the form's notes.
    Effect::new({
        let form = form.clone();
        move |_| {
            let any = !f.problems.with(Vec::is_empty);
            match (any, form.query_selector(".form-summary").ok().flatten()) {
                (true, None) => {
                    if let (Some(notes), Some(summary)) = (
                        form.query_selector(".form-notes").ok().flatten(),
                        element("p", &[("class", "form-summary"), ("role", "alert")], t.err_form()),
                    ) {
                        let _ = notes.after_with_node_1(&summary);
                    }
                }
                (false, Some(summary)) => summary.remove(),
                _ => {}
            }
        }
    });

    // No second post while one is out, or while the outcome of one is being checked.
    let pending = Memo::new(move |_| composer.pending());
    if let Some(button) = form.query_selector("button[type=submit]").ok().flatten() {
        Effect::new(move |_| {
            let pending = pending.get();
            let _ = button.set_attribute("aria-disabled", if pending { "true" } else { "false" });
            button.set_text_content(Some(if pending { t.submitting() } else { t.submit() }));
        });
    }

    let send = {
        let find = find.clone();
        move || {
            send_form(region, composer, region.replying_to.get_untracked(), |field| {
                if let Some(el) = find(field.element_id()).and_then(|el| el.dyn_into::<HtmlElement>().ok()) {
                    let _ = el.focus();
                }
            });
        }
    };
    let mut listeners = vec![
        EventListener::new(&form, "input", move |event| {
            let Some(target) = event.target().and_then(|t| t.dyn_into::<Element>().ok()) else {
                return;
            };
            let id = target.id();
            if let Some(field) = Field::by_element_id(&id) {
                f.value(field).set(value_of(&target));
                f.clear(field);
            } else if id == "maqal-trap" {
                f.trap.set(value_of(&target));
            } else if let Some(remember) = target.dyn_ref::<HtmlInputElement>().filter(|_| id == "maqal-remember") {
                f.remember.set(remember.checked());
            }
        }),
        // Not passive (gloo's default): it stops the browser's own submission.
        EventListener::new_with_options(&form, "submit", EventListenerOptions::enable_prevent_default(), {
            let send = send.clone();
            move |event| {
                event.prevent_default();
                send();
            }
        }),
    ];

    // Its title says what it answers: the thread ("Leave a comment"), or a comment on screen
    // ("Reply to …", the form under it), or one that is not (a restored draft's reply to a comment
    // behind "more", deleted, in another order: the form stays at the thread's end, with its
    // text). Answering, it may be cancelled (a comment of its own, then).
    let answering = Memo::new(move |_| {
        region.thread.nodes.track();
        region.thread.total.track();
        let target = region.replying_to.get()?;
        let on_screen = region.thread.find(&target).map(|node| {
            node.comment
                .get_untracked()
                .author
                .unwrap_or_else(|| t.anonymous().to_owned())
        });
        Some((target, on_screen))
    });
    if let (Some(title), Some(cancel)) = (
        find("maqal-form-title"),
        element(
            "button",
            &[("type", "button"), ("class", "link-button cancel-reply")],
            t.cancel_reply(),
        ),
    ) {
        listeners.push(EventListener::new(&cancel, "click", move |_| {
            // Back to the reply button that opened it, else to the text.
            let back = match answering.get_untracked() {
                Some((target, Some(_))) => target.reply_button_id(),
                _ => "maqal-comment".to_owned(),
            };
            region.replying_to.set(None);
            region.focus.focus_later(back);
        }));
        let form = form.clone();
        Effect::new(move |_| {
            let answering = answering.get();
            title.set_text_content(None);
            match &answering {
                Some((_, Some(name))) => {
                    let (before, after) = around_name(t.reply_to());
                    let _ = title.append_with_str_1(before);
                    if let Some(name) = element("bdi", &[], name) {
                        let _ = title.append_child(&name);
                    }
                    let _ = title.append_with_str_1(after);
                }
                _ => {
                    let _ = title.append_with_str_1(t.leave_comment());
                }
            }
            if answering.is_some() {
                let _ = title.append_with_str_1(" ");
                let _ = title.append_child(&cancel);
            }
            let _ = form.class_list().toggle_with_force("reply-form", answering.is_some());
            let _ = form.set_attribute("part", if answering.is_some() { "form reply-form" } else { "form" });
            // Opened by a reply button: the reader goes on in the form, where it now is.
            if region.focus_form.get_untracked() {
                region.focus_form.set(false);
                region.focus.focus_later("maqal-comment".to_owned());
            }
        });
    }
    // Removed with the form's owner.
    StoredValue::new_local(listeners);

    // The outcome of a post, at the end of the form.
    let retry = send.clone();
    let status = mount_to(form.clone(), move || {
        move || status_view(region, composer, f.status.get(), retry.clone())
    });
    StoredValue::new_local(status);

    // "Send" was pressed before the form could act: sent now by this form, the one that showed
    // it (a reply opened meanwhile dropped it).
    if region.send_waiting.get_untracked() {
        region.send_waiting.set(false);
        if form.is_connected() {
            send();
        }
    }
}

/// A field's validity, its description and its error message (after it), as the form's
/// problems say.
fn mark_problem(el: &Element, field: Field, composer: Composer, ui: crate::web::i18n::Lang) {
    let f = composer.form;
    let _ = el.set_attribute("aria-invalid", if f.has_problem(field) { "true" } else { "false" });
    let note = if field == Field::Email { "maqal-email-note" } else { "" };
    let _ = match f.described_by(field, note) {
        Some(ids) => el.set_attribute("aria-describedby", &ids),
        None => el.remove_attribute("aria-describedby"),
    };
    let id = error_id(field);
    let shown = el
        .parent_element()
        .and_then(|p| p.query_selector(&format!("#{id}")).ok().flatten());
    match (f.problem_message(field, ui), shown) {
        (Some(message), Some(span)) => span.set_text_content(Some(&message)),
        (Some(message), None) => {
            if let Some(span) = element("span", &[("class", "field-error"), ("id", &id)], &message) {
                let _ = el.after_with_node_1(&span);
            }
        }
        (None, Some(span)) => span.remove(),
        (None, None) => {}
    }
}

/// An element with its attributes and text.
fn element(tag: &str, attrs: &[(&str, &str)], text: &str) -> Option<Element> {
    let el = document().create_element(tag).ok()?;
    for (name, value) in attrs {
        el.set_attribute(name, value).ok()?;
    }
    el.set_text_content(Some(text));
    Some(el)
}

/// The text of a text field.
fn value_of(el: &Element) -> String {
    match el.dyn_ref::<HtmlTextAreaElement>() {
        Some(area) => area.value(),
        None => el
            .dyn_ref::<HtmlInputElement>()
            .map(HtmlInputElement::value)
            .unwrap_or_default(),
    }
}

fn set_value(el: &Element, value: &str) {
    if let Some(area) = el.dyn_ref::<HtmlTextAreaElement>() {
        area.set_value(value);
    } else if let Some(input) = el.dyn_ref::<HtmlInputElement>() {
        input.set_value(value);
    }
}
