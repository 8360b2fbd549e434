use leptos::html::Div;
use leptos::prelude::*;

use super::autolink::{Segment, segments};
use super::avatar::Avatar;
use super::comment_form::CommentForm;
use super::model::{Body, Comment, CommentState, MAX_VISUAL_DEPTH, Vote};
use super::region::Region;
use super::store::StoreError;
use super::thread::UiNode;
use crate::i18n::Catalog;
use crate::intl;
use crate::sanitize::{Policy, sanitize};

/// One comment, its reply form when open, and its replies (recursively).
///
/// Work started here (votes, edits, "more replies") may finish after this item is gone (a new
/// sort order replaced the list) or after the whole widget is: it runs under the region's
/// lifetime, writes to the node's reference-counted signals, and to this item's own signals only
/// with `try_set`.
#[component]
pub fn CommentItem(region: Region, node: UiNode, depth: usize, parent_author: Option<String>) -> impl IntoView {
    let ui = region.ui;
    let t = ui.text();
    let locale = ui.tag();
    let id = node.id.clone();
    // Component-owned handles for reading in the view; continuations use the node's own.
    let comment: RwSignal<Comment> = node.comment.clone().into();
    let replies: RwSignal<Vec<UiNode>> = node.replies.clone().into();
    let hidden: RwSignal<usize> = node.hidden.clone().into();
    let removed: RwSignal<bool> = node.removed.clone().into();
    let initial = comment.get_untracked();
    let author_name = initial.author.clone();
    let shown_name = author_name.clone().unwrap_or_else(|| t.anonymous.to_owned());
    let capabilities = region.backend.with_value(|b| b.capabilities());

    let author = match initial.website.clone() {
        Some(url) => view! {
            <a class="author" href=url rel="nofollow ugc noopener" target="_blank"><bdi>{shown_name.clone()}</bdi></a>
        }
        .into_any(),
        None => view! { <bdi class="author">{shown_name.clone()}</bdi> }.into_any(),
    };
    let when = initial.created.map(|ms| {
        let relative = move || intl::relative_time(ms, region.now.get(), locale).unwrap_or_default();
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
        let nesting = region.rules.get_untracked().nesting;
        match (nesting, initial.parent.clone()) {
            (Some(levels), Some(parent)) if depth + 1 >= levels => parent,
            _ => id.clone(),
        }
    };
    let composer = region.composer;
    let is_target = {
        let id = id.clone();
        Memo::new(move |_| composer.replying_to.with(|target| target.as_ref() == Some(&id)))
    };
    // The server's `reply-to-self` setting: no reply button on one's own comment when it is off.
    let may_reply = move || {
        // A site that does not thread (one level) takes no replies.
        region.open
            && region.rules.with(|r| r.nesting != Some(1))
            && comment.with(|c| {
                c.state == CommentState::Published && (c.editable_until.is_none() || region.rules.get().reply_to_self)
            })
    };
    let highlighted = {
        let id = id.clone();
        Memo::new(move |_| region.focus.highlighted.with(|h| h.as_ref() == Some(&id)))
    };
    let open_reply = move |_| {
        composer.focus_form.set(true);
        composer.replying_to.set(Some(reply_target.clone()));
    };
    let more_replies = {
        let node = node.clone();
        Action::new_local(move |_: &()| region.more_replies(node.clone()))
    };

    // Votes: once per comment per browser.
    let vote = {
        let (id, shared) = (id.clone(), node.comment.clone());
        Action::new_local(move |choice: &Vote| {
            let (id, choice, shared) = (id.clone(), *choice, shared.clone());
            let backend = region.backend.get_value();
            region.guarded(async move {
                let (likes, dislikes) = backend.vote(&id, choice).await?;
                shared.update(|c| {
                    c.likes = likes;
                    c.dislikes = dislikes;
                    c.my_vote = Some(choice);
                });
                Ok(())
            })
        })
    };

    // Editing and deleting one's own comment, inside the server's window. The edit box starts
    // from what the author wrote (the server's source), not from the rendered HTML.
    let editing = RwSignal::new(None::<String>);
    let loading_source = RwSignal::new(false);
    let source_failed = RwSignal::new(None::<StoreError>);
    let confirming_delete = RwSignal::new(false);
    let minutes_left = move || {
        let until = comment.with(|c| c.editable_until)?;
        // `now` ticks the display; the exact time keeps a fresh comment at the full window.
        region.now.track();
        let left = ((until - js_sys::Date::now()) / 60_000.0).ceil();
        (left >= 1.0).then_some(left as usize)
    };
    let start_edit = {
        let id = id.clone();
        move || {
            source_failed.set(None);
            if let Body::Text(text) = comment.get_untracked().body {
                editing.set(Some(text));
                return;
            }
            loading_source.set(true);
            let (id, backend) = (id.clone(), region.backend.get_value());
            region.spawn(async move {
                match backend.source(&id).await {
                    Ok(text) => {
                        let _ = editing.try_set(Some(text));
                    }
                    Err(error) => {
                        let _ = source_failed.try_set(Some(error));
                    }
                }
                let _ = loading_source.try_set(false);
            });
        }
    };
    let edit = {
        let (id, shared) = (id.clone(), node.comment.clone());
        Action::new_local(move |text: &String| {
            let (id, text, shared) = (id.clone(), text.clone(), shared.clone());
            let backend = region.backend.get_value();
            region.guarded(async move {
                let updated = backend.edit(&id, &text).await?;
                shared.set(updated);
                let _ = editing.try_set(None);
                region.focus.announce(t.edited_notice);
                Ok(())
            })
        })
    };
    let delete = {
        let node = node.clone();
        Action::new_local(move |_: &()| {
            let node = node.clone();
            let backend = region.backend.get_value();
            region.guarded(async move {
                let kept = backend.delete(&node.id).await?;
                region.deleted(&node, kept);
                region.focus.announce(t.deleted_notice);
                Ok(())
            })
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
            .or_else(|| source_failed.get())
    });

    let child_depth = depth + 1;
    let level = depth.min(MAX_VISUAL_DEPTH);
    let reply_id = id.reply_button_id();
    let edit_box_id = id.edit_box_id();
    let permalink = format!("{}{}", region.permalink_base.get_value(), id.fragment());
    let form_parent = id.clone();
    let link_target = id.clone();

    let body = move || {
        let current = comment.get();
        if current.state == CommentState::Deleted {
            return view! { <p class="comment-text deleted">{t.deleted}</p> }.into_any();
        }
        if let Some(draft) = editing.get() {
            let edit_box_id = edit_box_id.clone();
            return view! {
                <form class="edit-form" on:submit=move |ev| {
                    ev.prevent_default();
                    if let Some(text) = editing.get_untracked().filter(|t| t.trim().chars().count() >= 3) {
                        edit.dispatch(text);
                    }
                }>
                    <label class="visually-hidden" for=edit_box_id.clone()>{t.edit}</label>
                    <textarea id=edit_box_id rows="4" dir="auto" prop:value=draft
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
            <li id=id.dom_id() class=format!("comment depth-{level}") class:highlight=highlighted tabindex="-1"
                hidden=move || removed.get()>
                <article class="comment-body" aria-label=shown_name.clone()>
                    <header class="comment-meta">
                        <Avatar name=author_name.clone() image=initial.avatar.clone() />
                        <span class="comment-who">
                            {author}
                            // The link to share is the article's address; following it here opens
                            // the comment in place and leaves the host page's address (and its
                            // router) alone.
                            <a class="permalink" href=permalink aria-label=t.permalink on:click=move |ev| {
                                // A modified click (new tab, new window, download) stays the browser's.
                                if ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() || ev.button() != 0 {
                                    return;
                                }
                                ev.prevent_default();
                                region.reveal(link_target.clone());
                            }>
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
                        {move || (capabilities.edit && editing.with(Option::is_none)).then(minutes_left).flatten().map(|left| {
                            let start_edit = start_edit.clone();
                            view! {
                            <button type="button" class="link-button" aria-disabled=move || loading_source.get().to_string()
                                on:click=move |_| if !loading_source.get_untracked() { start_edit() }>{t.edit}</button>
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
                        }})}
                    </div>
                    {move || loading_source.get().then(|| view! { <p class="notice loading" role="status">{t.loading_source}</p> })}
                    {move || own_failure.get().map(|e| view! { <p class="inline-error" role="alert">{own_error(e)}</p> })}
                    {move || vote.value().get().and_then(Result::err).map(|e| view! {
                        <p class="inline-error" role="alert">{e.message(ui)}</p>
                    })}
                </article>
                {
                    let form_parent = form_parent.clone();
                    move || is_target.get().then(|| view! { <CommentForm region parent=Some(form_parent.clone()) /> })
                }
                <ol class="replies">
                    <For
                        each=move || replies.get()
                        key=|node| node.id.clone()
                        children=move |child| {
                            view! {
                                <CommentItem region node=child depth=child_depth parent_author=author_name.clone() />
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
                if let Some(clean) = sanitize(&html, &document(), Policy::Comment) {
                    // Appending a freshly built, sanitized fragment: no markup string reaches the page.
                    let _ = element.append_child(&clean);
                }
            });
            view! { <div class="comment-text html" dir="auto" node_ref=holder></div> }.into_any()
        }
    }
}
