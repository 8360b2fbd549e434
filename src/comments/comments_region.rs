use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;

use super::comment_form::CommentForm;
use super::comment_item::CommentItem;
use super::model::{Sort, id_from_fragment};
use super::store::{Backend, StoreError};
use super::thread_state::ThreadState;
use crate::deferred::Deferred;
use crate::dom::after_paint;
use crate::error_notice::ErrorNotice;
use crate::i18n::Lang;
use crate::intl::plural_category;

/// How many pages "open a permalink" may load to find its comment before giving up.
const MAX_PAGES_TO_FIND: usize = 20;

/// The comments under an article: count heading, sort, the thread (paged), and the form.
#[component]
pub fn CommentsRegion(backend: Backend, ui: Lang, thread: String, page_size: usize) -> impl IntoView {
    let t = ui.text();
    let state = ThreadState::new(backend, ui, &thread, page_size);

    let first_page = LocalResource::new(move || {
        state.sort.track();
        let request = state.request(None, 0);
        let backend = state.backend.get_value();
        async move { backend.page(request).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(page)) = first_page.get() {
            leptos::task::spawn_local(async move {
                if state.reset(page).await {
                    reveal_linked_comment(state, 0);
                }
            });
        }
    });
    let load_more = Action::new_local(move |_: &()| {
        let request = state.request(None, state.nodes.with_untracked(Vec::len));
        let backend = state.backend.get_value();
        async move {
            let page = backend.page(request).await?;
            state.append(page).await;
            Ok::<(), StoreError>(())
        }
    });

    // The date formatters cost a task of their own the first time; make them while the first
    // page is still on its way.
    leptos::task::spawn_local(async move {
        after_paint().await;
        if state.alive() {
            crate::intl::prepare_comment_formats(ui.tag());
        }
    });

    // Relative times ("5 minutes ago") stay true while the page is open.
    if let Ok(handle) = set_interval_with_handle(move || state.now.set(js_sys::Date::now()), Duration::from_secs(30)) {
        on_cleanup(move || handle.clear());
    }
    let hash_listener = window_event_listener(ev::hashchange, move |_| reveal_linked_comment(state, 0));
    on_cleanup(move || hash_listener.remove());

    let heading = move || {
        if state.loaded.get() {
            let n = state.total.get();
            t.comment_count(n, &plural_category(n, ui.tag()))
        } else {
            t.comments.to_owned()
        }
    };
    let on_sort = move |ev: leptos::ev::Event| {
        if let Some(sort) = Sort::parse(&event_target_value(&ev)) {
            state.sort.set(sort);
        }
    };

    view! {
        <section class="comments" aria-labelledby="maqal-comments-title" node_ref=state.root>
            <div class="comments-head">
                <h2 id="maqal-comments-title" class="comments-title">{heading}</h2>
                <p class="sort">
                    <label for="maqal-sort">{t.sort_label}</label>
                    <select id="maqal-sort" on:change=on_sort>
                        <option value="oldest" selected=move || state.sort.get() == Sort::Oldest>{t.sort_oldest}</option>
                        <option value="newest" selected=move || state.sort.get() == Sort::Newest>{t.sort_newest}</option>
                        {state.backend.with_value(|b| b.capabilities().votes).then(|| view! {
                            <option value="upvotes" selected=move || state.sort.get() == Sort::Upvotes>{t.sort_upvotes}</option>
                        })}
                    </select>
                </p>
            </div>
            <ErrorBoundary fallback=move |errors| {
                let detail = errors.with(|errors| {
                    errors.iter().find_map(|(_, e)| e.downcast_ref::<StoreError>().map(|e| e.message(ui)))
                });
                let message = detail.map_or_else(|| t.err_load_comments.to_owned(), |d| format!("{} {d}", t.err_load_comments));
                view! { <ErrorNotice message retry=Some(Callback::new(move |()| first_page.refetch())) retry_label=t.retry /> }
            }>
                <Transition fallback=move || view! { <p class="notice loading" role="status">{t.loading_comments}</p> }>
                    {move || first_page.get().map(|page| page.map(|_| view! {
                        <ol class="comment-list" aria-busy=move || state.rendering.get().to_string()>
                            <For
                                each=move || state.nodes.get()
                                key=|node| node.id.clone()
                                children=move |node| view! { <CommentItem state node depth=0 parent_author=None /> }
                            />
                        </ol>
                    }))}
                </Transition>
            </ErrorBoundary>
            {move || (state.remaining.get() > 0).then(|| view! {
                <p class="load-more">
                    <button
                        type="button"
                        class="button secondary"
                        aria-disabled=move || load_more.pending().get().to_string()
                        on:click=move |_| {
                            if !load_more.pending().get_untracked() {
                                load_more.dispatch(());
                            }
                        }
                    >
                        {t.load_more}
                    </button>
                </p>
            })}
            {move || load_more.value().get().and_then(Result::err).map(|e| view! {
                <p class="inline-error" role="alert">{t.err_load_comments} " " {e.message(ui)}</p>
            })}
            <p class="announcement" role="status" aria-live="polite">{move || state.announcement.get()}</p>
            // The form is below the thread: a frame later costs nothing, and keeps the region's first
            // render (heading, sort, placeholder) a short task.
            <Deferred>
                <Show when=move || state.replying_to.get().is_none()>
                    <CommentForm state parent=None />
                </Show>
            </Deferred>
        </section>
    }
}

/// Opens `#comment-ID` from the address bar: loads pages until the comment is there (bounded),
/// then highlights it, scrolls to it and focuses it.
fn reveal_linked_comment(state: ThreadState, pages_loaded: usize) {
    if !state.alive() {
        return;
    }
    let hash = window().location().hash().unwrap_or_default();
    let Some(id) = id_from_fragment(&hash) else { return };
    if state.find(&id).is_some() {
        state.highlighted.set(Some(id.clone()));
        request_animation_frame(move || state.scroll_to_comment(&id));
        return;
    }
    if pages_loaded >= MAX_PAGES_TO_FIND || state.remaining.get_untracked() == 0 {
        return;
    }
    let request = state.request(None, state.nodes.with_untracked(Vec::len));
    let backend = state.backend.get_value();
    leptos::task::spawn_local(async move {
        if let Ok(page) = backend.page(request).await
            && state.append(page).await
        {
            reveal_linked_comment(state, pages_loaded + 1);
        }
    });
}
