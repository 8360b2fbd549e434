use leptos::html::Div;
use leptos::prelude::*;

use super::autolink::{Segment, segments};
use super::avatar::Avatar;
use super::comment_form::CommentForm;
use super::model::{Body, CommentState, MAX_VISUAL_DEPTH, Vote, fragment_for};
use super::store::StoreError;
use super::thread_state::{ThreadState, UiNode};
use crate::i18n::Catalog;
use crate::intl;
use crate::sanitize::sanitize;

/// One comment, its reply form when open, and its replies (recursively).
#[component]
pub fn CommentItem(state: ThreadState, node: UiNode, depth: usize, parent_author: Option<String>) -> impl IntoView {
    let ui = state.ui;
    let t = ui.text();
    let locale = ui.tag();
    let UiNode {
        id,
        comment,
        replies,
        hidden,
        removed,
    } = node;
    // Component-owned handles onto the node's shared, reference-counted signals.
    let comment: RwSignal<super::model::Comment> = comment.into();
    let replies: RwSignal<Vec<UiNode>> = replies.into();
    let hidden: RwSignal<usize> = hidden.into();
    let removed: RwSignal<bool> = removed.into();
    let initial = comment.get_untracked();
    let author_name = initial.author.clone();
    let shown_name = author_name.clone().unwrap_or_else(|| t.anonymous.to_owned());
    let capabilities = state.backend.with_value(|b| b.capabilities());

    let author = match initial.website.clone() {
        Some(url) => view! {
            <a class="author" href=url rel="nofollow ugc noopener" target="_blank"><bdi>{shown_name.clone()}</bdi></a>
        }
        .into_any(),
        None => view! { <bdi class="author">{shown_name.clone()}</bdi> }.into_any(),
    };
    let when = initial.created.map(|ms| {
        let relative = move || intl::relative_time(ms, state.now.get(), locale).unwrap_or_default();
        view! { <time datetime=intl::iso(ms) title=intl::date_time(ms, locale)>{relative}</time> }
    });
    // Past the last indented level, say who is being answered instead of indenting further.
    let in_reply_to = (depth >= MAX_VISUAL_DEPTH).then(|| {
        let to = parent_author.clone().unwrap_or_else(|| t.anonymous.to_owned());
        view! { <p class="in-reply-to">{t.in_reply_to} " " <bdi>{to}</bdi></p> }
    });

    // Where a reply goes: here, or, on a server that keeps fewer levels (Isso keeps two),
    // the top of this conversation, so the form never promises nesting the server drops.
    let reply_target = {
        let nesting = state.rules.get_untracked().nesting;
        match (nesting, initial.parent.clone()) {
            (Some(levels), Some(parent)) if depth + 1 >= levels => parent,
            _ => id.clone(),
        }
    };
    let is_target = {
        let id = id.clone();
        Memo::new(move |_| state.replying_to.get().as_deref() == Some(id.as_str()))
    };
    // The server's `reply-to-self` setting: no reply button on one's own comment when it is off.
    let may_reply = move || {
        comment.with(|c| {
            c.state == CommentState::Published && (c.editable_until.is_none() || state.rules.get().reply_to_self)
        })
    };
    let highlighted = {
        let id = id.clone();
        Memo::new(move |_| state.highlighted.get().as_deref() == Some(id.as_str()))
    };
    let open_reply = move |_| {
        state.focus_form.set(true);
        state.replying_to.set(Some(reply_target.clone()));
    };
    let more_replies = {
        let id = id.clone();
        Action::new_local(move |_: &()| {
            let request = state.request(Some(id.clone()), replies.with_untracked(Vec::len));
            let backend = state.backend.get_value();
            async move {
                let page = backend.page(request).await?;
                replies.update(|r| r.extend(page.nodes.into_iter().map(UiNode::new)));
                hidden.set(page.remaining);
                Ok::<(), StoreError>(())
            }
        })
    };

    // Votes: once per comment per browser.
    let vote = {
        let id = id.clone();
        Action::new_local(move |choice: &Vote| {
            let (id, choice) = (id.clone(), *choice);
            let backend = state.backend.get_value();
            async move {
                let (likes, dislikes) = backend.vote(&id, choice).await?;
                comment.update(|c| {
                    c.likes = likes;
                    c.dislikes = dislikes;
                    c.my_vote = Some(choice);
                });
                Ok::<(), StoreError>(())
            }
        })
    };

    // Editing and deleting one's own comment, inside the server's window.
    let editing = RwSignal::new(None::<String>);
    let confirming_delete = RwSignal::new(false);
    let minutes_left = move || {
        let until = comment.with(|c| c.editable_until)?;
        // `now` ticks the display; the exact time keeps a fresh comment at the full window.
        state.now.track();
        let left = ((until - js_sys::Date::now()) / 60_000.0).ceil();
        (left >= 1.0).then_some(left as usize)
    };
    let edit = {
        let id = id.clone();
        Action::new_local(move |text: &String| {
            let (id, text) = (id.clone(), text.clone());
            let backend = state.backend.get_value();
            async move {
                let updated = backend.edit(&id, &text).await?;
                comment.set(updated);
                editing.set(None);
                state.announcement.set(Some(t.edited_notice.to_owned()));
                Ok::<(), StoreError>(())
            }
        })
    };
    let delete = {
        let id = id.clone();
        Action::new_local(move |_: &()| {
            let id = id.clone();
            let backend = state.backend.get_value();
            async move {
                match backend.delete(&id).await? {
                    Some(kept) => comment.set(kept),
                    None => removed.set(true),
                }
                state.total.update(|n| *n = n.saturating_sub(1));
                state.announcement.set(Some(t.deleted_notice.to_owned()));
                Ok::<(), StoreError>(())
            }
        })
    };
    // A refusal inside the window we were given means the browser withheld the cookie.
    let own_error = move |error: StoreError| match error {
        StoreError::Forbidden if minutes_left().is_some() => t.err_cookie_blocked.to_owned(),
        other => other.message(ui).to_owned(),
    };
    let own_failure = Memo::new(move |_| {
        edit.value()
            .get()
            .and_then(Result::err)
            .or_else(|| delete.value().get().and_then(Result::err))
    });

    let child_depth = depth + 1;
    let level = depth.min(MAX_VISUAL_DEPTH);
    let reply_id = format!("reply-{id}");
    let permalink = fragment_for(&id);
    let form_parent = id.clone();

    let body = move || {
        let current = comment.get();
        if current.state == CommentState::Deleted {
            return view! { <p class="comment-text deleted">{t.deleted}</p> }.into_any();
        }
        if let Some(draft) = editing.get() {
            return view! {
                <form class="edit-form" on:submit=move |ev| {
                    ev.prevent_default();
                    if let Some(text) = editing.get_untracked().filter(|t| t.trim().chars().count() >= 3) {
                        edit.dispatch(text);
                    }
                }>
                    <label class="visually-hidden" for="maqal-edit">{t.edit}</label>
                    <textarea id="maqal-edit" rows="4" dir="auto" prop:value=draft
                        on:input=move |ev| editing.set(Some(event_target_value(&ev)))></textarea>
                    <p class="edit-actions">
                        <button type="submit" class="button" aria-disabled=move || edit.pending().get().to_string()>{t.save}</button>
                        <button type="button" class="link-button" on:click=move |_| editing.set(None)>{t.cancel}</button>
                    </p>
                </form>
            }
            .into_any();
        }
        body_view(current.body)
    };

    view! {
            // Deleted without replies: hidden rather than unmounted, so in-flight actions finish.
            <li id=format!("comment-{id}") class=format!("comment depth-{level}") class:highlight=highlighted tabindex="-1"
                hidden=move || removed.get()>
                <article class="comment-body" aria-label=shown_name.clone()>
                    <header class="comment-meta">
                        <Avatar name=author_name.clone() />
                        <span class="comment-who">
                            {author}
                            <a class="permalink" href=permalink aria-label=t.permalink>
                                {when.map(IntoAny::into_any).unwrap_or_else(|| "#".into_any())}
                            </a>
                        </span>
                    </header>
                    {in_reply_to}
                    {move || (comment.with(|c| c.state) == CommentState::Pending).then(|| view! {
                        <p class="awaiting">{t.awaiting_notice}</p>
                    })}
                    {body}
                    <div class="comment-actions">
                        {move || (capabilities.votes && comment.with(|c| c.state) == CommentState::Published).then(|| {
                            let voted = move || comment.with(|c| c.my_vote);
                            let busy = move || vote.pending().get() || voted().is_some();
                            view! {
                                <button type="button" class="vote like" aria-pressed=move || (voted() == Some(Vote::Like)).to_string()
                                    aria-disabled=move || busy().to_string()
                                    on:click=move |_| if !busy() { vote.dispatch(Vote::Like); }>
                                    <span aria-hidden="true">"▲ "</span>
                                    <span class="visually-hidden">{t.like} " "</span>
                                    {move || comment.with(|c| c.likes)}
                                </button>
                                <button type="button" class="vote dislike" aria-pressed=move || (voted() == Some(Vote::Dislike)).to_string()
                                    aria-disabled=move || busy().to_string()
                                    on:click=move |_| if !busy() { vote.dispatch(Vote::Dislike); }>
                                    <span aria-hidden="true">"▼ "</span>
                                    <span class="visually-hidden">{t.dislike} " "</span>
                                    {move || comment.with(|c| c.dislikes)}
                                </button>
                            }
                        })}
                        {
                        let shown_name = shown_name.clone();
                        move || may_reply().then(|| view! {
                            <button type="button" class="link-button reply-button" id=reply_id.clone()
                                aria-expanded=move || is_target.get().to_string() on:click=open_reply.clone()>
                                {t.reply}
                                <span class="visually-hidden">" " <bdi>{shown_name.clone()}</bdi></span>
                            </button>
                        })
                        }
                        {move || (capabilities.edit && editing.with(Option::is_none)).then(minutes_left).flatten().map(|left| view! {
                            <button type="button" class="link-button" on:click=move |_| {
                                editing.set(Some(plain_text(&comment.get_untracked().body)));
                            }>{t.edit}</button>
                            <button type="button" class="link-button danger"
                                aria-disabled=move || delete.pending().get().to_string()
                                on:click=move |_| {
                                    if confirming_delete.get_untracked() {
                                        if !delete.pending().get_untracked() { delete.dispatch(()); }
                                    } else {
                                        confirming_delete.set(true);
                                    }
                                }>
                                {move || if confirming_delete.get() { t.confirm_delete } else { t.delete }}
                            </button>
                            <span class="time-left">{Catalog::fill(t.edit_time_left, left)}</span>
                        })}
                    </div>
                    {move || own_failure.get().map(|e| view! { <p class="inline-error" role="alert">{own_error(e)}</p> })}
                    {move || vote.value().get().and_then(Result::err).map(|e| view! {
                        <p class="inline-error" role="alert">{e.message(ui)}</p>
                    })}
                </article>
                {
                    let form_parent = form_parent.clone();
                    move || is_target.get().then(|| view! { <CommentForm state parent=Some(form_parent.clone()) /> })
                }
                <ol class="replies">
                    <For
                        each=move || replies.get()
                        key=|node| node.id.clone()
                        children=move |child| {
                            view! {
                                <CommentItem state node=child depth=child_depth parent_author=author_name.clone() />
                            }
                            .into_any()
                        }
                    />
                </ol>
                {move || (hidden.get() > 0).then(|| view! {
                    <button
                        type="button"
                        class="link-button more-replies"
                        aria-disabled=move || more_replies.pending().get().to_string()
                        on:click=move |_| { if !more_replies.pending().get_untracked() { more_replies.dispatch(()); } }
                    >
                        {Catalog::fill(t.more_replies, hidden.get())}
                    </button>
                })}
                {move || more_replies.value().get().and_then(Result::err).map(|e| view! {
                    <p class="inline-error" role="alert">{e.message(ui)}</p>
                })}
            </li>
    }
}

/// A comment's text: plain text with bare URLs linked, or server HTML through the sanitizer.
fn body_view(body: Body) -> AnyView {
    match body {
        Body::Text(text) => {
            let parts = segments(&text)
                .into_iter()
                .map(|segment| match segment {
                    Segment::Text(text) => text.into_any(),
                    Segment::Link { href, shown } => {
                        view! { <a href=href rel="nofollow ugc noopener" target="_blank">{shown}</a> }.into_any()
                    }
                })
                .collect_view();
            view! { <div class="comment-text" dir="auto">{parts}</div> }.into_any()
        }
        Body::Html(html) => {
            let holder = NodeRef::<Div>::new();
            holder.on_load(move |element| {
                if let Some(clean) = sanitize(&html, &document()) {
                    // Appending a freshly built, sanitized fragment: no markup string reaches the page.
                    let _ = element.append_child(&clean);
                }
            });
            view! { <div class="comment-text html" dir="auto" node_ref=holder></div> }.into_any()
        }
    }
}

/// The text to put in the edit box: Isso returns HTML, the author wrote text.
fn plain_text(body: &Body) -> String {
    match body {
        Body::Text(text) => text.clone(),
        Body::Html(html) => {
            let document = document();
            sanitize(html, &document)
                .and_then(|fragment| {
                    let holder = document.create_element("div").ok()?;
                    holder.append_child(&fragment).ok()?;
                    // Paragraphs become blank-line separated text.
                    let paragraphs = holder.query_selector_all("p").ok()?;
                    let text = if paragraphs.length() > 0 {
                        (0..paragraphs.length())
                            .filter_map(|i| paragraphs.item(i).and_then(|p| p.text_content()))
                            .collect::<Vec<_>>()
                            .join("\n\n")
                    } else {
                        holder.text_content().unwrap_or_default()
                    };
                    Some(text)
                })
                .unwrap_or_default()
        }
    }
}
