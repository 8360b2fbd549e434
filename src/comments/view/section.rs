use std::time::Duration;

use leptos::ev;
use leptos::prelude::*;

use super::item::CommentItem;
use super::shell::{FormShell, want_acts};
use crate::comments::model::{Page, Sort};
use crate::comments::region::{FirstPage, Region, Setting};
use crate::comments::store::{Backend, StoreError};
use crate::comments::structured::{self, LdArticle, LdComment};
use crate::comments::thread::{Thread, UiNode};
use crate::ui::error_notice::ErrorNotice;
use crate::web::dom::{after_paint, next_task};
use crate::web::events::{Host, Part, WidgetEvent, emit};
use crate::web::observe::use_painted;
use crate::web::task::Task;

/// The comments under an article: count heading, sort, the thread (paged), and the form (or
/// the note that comments are closed).
#[component]
pub fn CommentsSection(
    backend: Backend,
    setting: Setting,
    /// What is said instead of the form when comments are closed.
    #[prop(default = "")]
    closed_note: &'static str,
    /// The opening page, already requested with the article (no waterfall).
    #[prop(default = None)]
    first: Option<FirstPage>,
    /// The article, for the structured data written with the comments shown.
    ld: LdArticle,
) -> impl IntoView {
    let ui = setting.ui;
    let page_size = setting.page_size;
    let opening_sort = setting.sort;
    let open = setting.open;
    let t = ui.text();
    let region = Region::new(backend, setting);
    let list = region.thread;
    // A `#comment-…` in the address is opened with the first page, not again after a re-sort.
    let first_load = StoredValue::new(true);

    // Used once, for the opening page in the default order; a re-sort or a retry asks anew.
    let prefetched = StoredValue::new_local(first);
    let first_page = Task::<Result<Page, StoreError>>::new();
    let fetch_first = move || {
        let request = list.first_request();
        let early = prefetched
            .try_update_value(Option::take)
            .flatten()
            .filter(|_| request == Thread::opening_request(page_size, opening_sort));
        let backend = region.backend.get_value();
        first_page.run(region.guarded(async move {
            match early {
                Some(first) => first.await,
                None => backend.page(request).await,
            }
        }));
    };
    fetch_first();
    // A new order asks for its first page (the thread in the old order stays until it comes).
    Effect::new(move |sorted: Option<()>| {
        list.sort.track();
        if sorted.is_some() {
            fetch_first();
        }
    });
    let host = region.host;
    // Told to the host page once: the first comments are on screen.
    let announced = StoredValue::new(false);
    Effect::new(move |_| {
        if let Some(Err(e)) = first_page.last() {
            emit(WidgetEvent::Error {
                part: Part::Comments,
                kind: e.kind(),
            });
            // The form still works without the thread.
            want_acts(region);
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(page)) = first_page.last() {
            if let Some(rules) = page.rules {
                region.rules.set(rules);
            }
            region.spawn(async move {
                // The date formatters cost a phone tens of milliseconds the first time (the
                // locale's data): made in this task, the comments render in the next one.
                if !page.nodes.is_empty() && crate::web::intl::prepare_comment_formats(ui.tag()) {
                    next_task().await;
                }
                if list.reset(page).await {
                    // A restored reply target that is not on screen would hide the form.
                    if region
                        .replying_to
                        .get_untracked()
                        .is_some_and(|target| list.find(&target).is_none())
                    {
                        region.replying_to.set(None);
                    }
                    if first_load.get_value() {
                        first_load.set_value(false);
                        // The page's own comments give it their place.
                        if let Some(own) = region.own {
                            own.page_ready(region);
                        }
                        region.reveal_linked();
                        // The first comments are on screen: what the reader needs to act comes
                        // next, once the browser has painted them.
                        after_paint().await;
                        want_acts(region);
                    }
                    if !announced.get_value() {
                        announced.set_value(true);
                        if let Some(host) = host {
                            host.emit(WidgetEvent::CommentsLoaded {
                                total: list.total.get_untracked(),
                            });
                        }
                    }
                }
            });
        }
    });
    // How the last press ended (whether the order changed meanwhile says nothing here).
    let load_more = Task::<Result<(), StoreError>>::new();
    Effect::new(move |_| {
        if let Some(Err(e)) = load_more
            .last()
            .filter(|r| r.as_ref().err() != Some(&StoreError::Cancelled))
        {
            emit(WidgetEvent::Error {
                part: Part::Comments,
                kind: e.kind(),
            });
        }
    });

    // The comments on screen, as structured data in the host's light DOM, kept current: once a
    // page is all on screen (not once per chunk of it), and after every change since.
    // Written by the reader's part, once it is here (asked for once, by `want_acts`: a part that
    // cannot come fails once, in one place); of several calls waiting for it, the latest writes.
    let written = StoredValue::new(0u32);
    Effect::new(move |_| {
        if !list.loaded.get() || list.rendering.get() || region.acts.with(Option::is_none) {
            return;
        }
        let shown = structured_nodes(&list.nodes.get());
        let total = list.total.get();
        let Some(element) = host.and_then(Host::element) else {
            return;
        };
        let this = written.get_value().wrapping_add(1);
        written.set_value(this);
        let ld = ld.clone();
        region.spawn(async move {
            if let Ok(write) = structured::writer().await
                && written.try_get_value() == Some(this)
            {
                write(&element, &ld, total, &shown);
            }
        });
    });

    // Relative times ("5 minutes ago") stay true while the page is open.
    if let Ok(handle) = set_interval_with_handle(
        move || {
            let _ = region.now.try_set(js_sys::Date::now());
        },
        Duration::from_secs(30),
    ) {
        on_cleanup(move || handle.clear());
    }
    let hash_listener = window_event_listener(ev::hashchange, move |_| region.reveal_linked());
    on_cleanup(move || hash_listener.remove());

    // What the thread's place shows: nothing yet, the thread, or the failure of its first page.
    let shown = Memo::new(move |_| first_page.with_last(|page| page.map(|page| page.as_ref().err().cloned())));
    let heading = move || {
        if list.loaded.get() {
            let n = list.total.get();
            ui.count(t.comment_count(), n)
        } else {
            t.comments().to_owned()
        }
    };
    let on_sort = move |ev: leptos::ev::Event| {
        if let Some(sort) = Sort::parse(&event_target_value(&ev)) {
            list.change_sort(sort);
        }
    };

    view! {
        <section class="comments" part="comments" aria-labelledby="maqal-comments-title" node_ref=region.focus.root
            hidden=region.own.is_some()>
            <div class="comments-head">
                <h2 id="maqal-comments-title" class="comments-title">{heading}</h2>
                <p class="sort">
                    <label for="maqal-sort">{t.sort_label()}</label>
                    <select id="maqal-sort" on:change=on_sort>
                        <option value="oldest" selected=move || list.sort.get() == Sort::Oldest>{t.sort_oldest()}</option>
                        <option value="newest" selected=move || list.sort.get() == Sort::Newest>{t.sort_newest()}</option>
                        {region.backend.with_value(|b| b.capabilities().votes).then(|| view! {
                            <option value="upvotes" selected=move || list.sort.get() == Sort::Upvotes>{t.sort_upvotes()}</option>
                        })}
                    </select>
                </p>
            </div>
            {move || {
                let n = list.unreadable.get();
                (n > 0).then(|| view! { <p class="notice warning" role="status">{ui.count(t.unreadable_saved(), n)}</p> })
            }}
            // "3 new comments" while the reader reads (with the reader's part of the widget).
            {move || region.acts.get().map(|acts| (acts.live)(region))}
            // Loading, the thread, or why not (with a retry). Only a change between those draws
            // anew: a new order's page replaces the comments in the list, not the list.
            {move || match shown.get() {
                None => view! { <p class="notice loading" role="status">{t.loading_comments()}</p> }.into_any(),
                Some(Some(failure)) => {
                    let message = format!("{} {}", t.err_load_comments(), failure.message(ui));
                    view! { <ErrorNotice message retry=Some(Callback::new(move |()| fetch_first())) retry_label=t.retry() /> }.into_any()
                }
                Some(None) => view! {
                    // Busy from its first render (the page it will show is on its way in)
                    // until every comment of the page is in it.
                    <ol class="comment-list" aria-busy=move || (list.rendering.get() || !list.loaded.get()).to_string()>
                        <For
                            each=move || list.nodes.get()
                            key=|node| node.id.clone()
                            children=move |node| view! { <CommentItem region node depth=0 parent_author=None /> }
                        />
                    </ol>
                }
                .into_any(),
            }}
            {move || (list.remaining.get() > 0).then(|| view! {
                <p class="load-more">
                    <button
                        type="button"
                        class="button secondary"
                        aria-disabled=move || load_more.busy().to_string()
                        on:click=move |_| {
                            if !load_more.busy_untracked() {
                                load_more.run(async move { region.load_more().await.map(|_| ()) });
                            }
                        }
                    >
                        {t.load_more()}
                    </button>
                </p>
            })}
            {move || load_more.last().and_then(Result::err).filter(|e| *e != StoreError::Cancelled).map(|e| view! {
                <p class="inline-error" role="alert">{t.err_load_comments()} " " {e.message(ui)}</p>
            })}
            <p class="announcement" role="status" aria-live="polite">{move || region.focus.announcement.get()}</p>
            // The form is below the thread: a frame later costs nothing, and keeps the region's first
            // render (heading, sort, placeholder) a short task.
            {if open {
                let painted = use_painted();
                // The thread's form, drawn with the first screen; its behaviour comes with the
                // reader's part of the widget and is given to the same elements.
                (move || painted.get().then(|| view! { <FormShell region /> })).into_any()
            } else {
                // As WordPress says it under a thread whose comments are closed.
                let note = if closed_note.is_empty() { t.comments_closed() } else { closed_note };
                view! { <p class="comments-closed">{note}</p> }.into_any()
            }}
        </section>
    }
}

/// The comments on screen (tracked: the structured data follows every change) as the structured
/// data's tree.
fn structured_nodes(nodes: &[UiNode]) -> Vec<LdComment> {
    nodes
        .iter()
        .filter(|node| !node.removed.get())
        .map(|node| LdComment {
            comment: node.comment.get(),
            replies: structured_nodes(&node.replies.get()),
        })
        .collect()
}
