//! Editing and deleting one's own comment, inside the server's window (Isso's cookie). The edit
//! box starts from what the author wrote (the server's source), not from the rendered HTML.

use leptos::prelude::*;

use crate::comments::model::{Body, Comment};
use crate::comments::region::Region;
use crate::comments::store::StoreError;
use crate::comments::thread::UiNode;
use crate::web::direction::Dir;
use crate::web::task::Task;

/// Whole minutes left to edit or delete `comment` from this browser, if any.
fn minutes_left(region: Region, comment: RwSignal<Comment>) -> Option<usize> {
    let until = comment.with(|c| c.editable_until)?;
    // `now` ticks the display; the exact time keeps a fresh comment at the full window.
    region.now.track();
    let left = ((until - js_sys::Date::now()) / 60_000.0).ceil();
    (left >= 1.0).then_some(left as usize)
}

/// A failure to edit or delete, as the reader should hear it: a refusal inside the window we were
/// given means the browser withheld the comment's cookie.
fn own_error(region: Region, comment: RwSignal<Comment>, error: StoreError) -> String {
    let ui = region.ui;
    match error {
        StoreError::Forbidden if minutes_left(region, comment).is_some() => ui.text().err_cookie_blocked().to_owned(),
        other => other.message(ui).to_owned(),
    }
}

/// The edit and delete buttons of one's own comment, with the time left, while the window lasts.
#[component]
pub fn OwnTools(region: Region, node: UiNode) -> impl IntoView {
    let t = region.ui.text();
    let comment: RwSignal<Comment> = node.comment.clone().into();
    let editing: RwSignal<Option<String>> = node.editing.clone().into();
    let loading_source = RwSignal::new(false);
    let source_failed = RwSignal::new(None::<StoreError>);
    let confirming_delete = RwSignal::new(false);
    let start_edit = {
        let (id, shared_editing) = (node.id.clone(), node.editing.clone());
        move || {
            source_failed.set(None);
            if let Body::Text(text) = comment.get_untracked().body {
                editing.set(Some(text));
                return;
            }
            loading_source.set(true);
            let (id, backend, shared_editing) = (id.clone(), region.backend.get_value(), shared_editing.clone());
            region.spawn(async move {
                match backend.source(&id).await {
                    Ok(text) => shared_editing.set(Some(text)),
                    Err(error) => {
                        let _ = source_failed.try_set(Some(error));
                    }
                }
                let _ = loading_source.try_set(false);
            });
        }
    };
    let delete = Task::<Result<(), StoreError>>::new();
    let start_delete = move || {
        let node = node.clone();
        let backend = region.backend.get_value();
        delete.run(region.guarded(async move {
            let kept = backend.delete(&node.id).await?;
            region.deleted(&node, kept);
            region.focus.announce(t.deleted_notice());
            Ok(())
        }));
    };
    let failure = Memo::new(move |_| delete.last().and_then(Result::err).or_else(|| source_failed.get()));
    view! {
        {move || editing.with(Option::is_none).then(|| minutes_left(region, comment)).flatten().map(|left| {
            let start_edit = start_edit.clone();
            view! {
                <button type="button" class="link-button" aria-disabled=move || loading_source.get().to_string()
                    on:click=move |_| if !loading_source.get_untracked() { start_edit() }>{t.edit()}</button>
                <button type="button" class="link-button danger"
                    aria-disabled=move || delete.busy().to_string()
                    on:click={let start_delete = start_delete.clone(); move |_| {
                        if confirming_delete.get_untracked() {
                            if !delete.busy_untracked() { start_delete(); }
                        } else {
                            confirming_delete.set(true);
                        }
                    }}>
                    {move || if confirming_delete.get() { t.confirm_delete() } else { t.delete() }}
                </button>
                <span class="time-left">{region.ui.count(t.edit_time_left(), left)}</span>
            }
        })}
        {move || loading_source.get().then(|| view! { <p class="notice loading" role="status">{t.loading_source()}</p> })}
        {move || failure.get().map(|e| view! { <p class="inline-error" role="alert">{own_error(region, comment, e)}</p> })}
    }
}

/// The edit box, in place of the comment's text while its author edits it.
#[component]
pub fn Editor(region: Region, node: UiNode) -> impl IntoView {
    let t = region.ui.text();
    let comment: RwSignal<Comment> = node.comment.clone().into();
    let editing: RwSignal<Option<String>> = node.editing.clone().into();
    let edit_box_id = node.id.edit_box_id();
    let edit = Task::<Result<(), StoreError>>::new();
    let save = move |text: String| {
        let (id, shared, shared_editing) = (node.id.clone(), node.comment.clone(), node.editing.clone());
        let backend = region.backend.get_value();
        edit.run(region.guarded(async move {
            let updated = backend.edit(&id, &text).await?;
            shared.set(updated);
            shared_editing.set(None);
            region.focus.announce(t.edited_notice());
            Ok(())
        }));
    };
    view! {
        <form class="edit-form" on:submit=move |ev| {
            ev.prevent_default();
            if let Some(text) = editing.get_untracked().filter(|t| t.trim().chars().count() >= 3) {
                save(text);
            }
        }>
            <label class="visually-hidden" for=edit_box_id.clone()>{t.edit()}</label>
            <textarea id=edit_box_id rows="4" lang=region.ui.content_lang()
                dir=move || Dir::of_field(&editing.get().unwrap_or_default(), region.ui.dir()) prop:value=editing.get_untracked().unwrap_or_default()
                on:input=move |ev| editing.set(Some(event_target_value(&ev)))></textarea>
            <p class="edit-actions">
                <button type="submit" class="button" aria-disabled=move || edit.busy().to_string()>{t.save()}</button>
                <button type="button" class="link-button" on:click=move |_| editing.set(None)>{t.cancel()}</button>
            </p>
            {move || edit.last().and_then(Result::err).map(|e| view! {
                <p class="inline-error" role="alert">{own_error(region, comment, e)}</p>
            })}
        </form>
    }
}
