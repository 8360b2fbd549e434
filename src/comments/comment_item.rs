use leptos::prelude::*;

use super::autolink::{Segment, segments};
use super::avatar::Avatar;
use super::comment_form::CommentForm;
use super::model::{CommentState, MAX_VISUAL_DEPTH, fragment_for};
use super::store::StoreError;
use super::thread_state::{ThreadState, UiNode};
use crate::i18n::Catalog;
use crate::intl;

/// One comment, its reply form when open, and its replies (recursively).
#[component]
pub fn CommentItem(state: ThreadState, node: UiNode, depth: usize, parent_author: Option<String>) -> impl IntoView {
    let t = state.ui.text();
    let locale = state.ui.tag();
    let UiNode {
        comment,
        replies,
        hidden,
    } = node;
    let id = comment.id.clone();
    let author_name = comment.author.clone();
    let shown_name = author_name.clone().unwrap_or_else(|| t.anonymous.to_owned());

    let author = match comment.website.clone() {
        Some(url) => view! {
            <a class="author" href=url rel="nofollow ugc noopener" target="_blank"><bdi>{shown_name.clone()}</bdi></a>
        }
        .into_any(),
        None => view! { <bdi class="author">{shown_name.clone()}</bdi> }.into_any(),
    };
    let when = comment.created.map(|ms| {
        let relative = move || intl::relative_time(ms, state.now.get(), locale).unwrap_or_default();
        view! {
            <time datetime=intl::iso(ms) title=intl::date_time(ms, locale)>{relative}</time>
        }
    });
    let text = segments(&comment.text)
        .into_iter()
        .map(|segment| match segment {
            Segment::Text(text) => text.into_any(),
            Segment::Link { href, shown } => {
                view! { <a href=href rel="nofollow ugc noopener" target="_blank">{shown}</a> }.into_any()
            }
        })
        .collect_view();
    // Past the last indented level, say who is being answered instead of indenting further.
    let in_reply_to = (depth >= MAX_VISUAL_DEPTH).then(|| {
        let to = parent_author.clone().unwrap_or_else(|| t.anonymous.to_owned());
        view! { <p class="in-reply-to">{t.in_reply_to} " " <bdi>{to}</bdi></p> }
    });
    let pending = comment.state == CommentState::Pending;

    let is_target = {
        let id = id.clone();
        Memo::new(move |_| state.replying_to.get().as_deref() == Some(id.as_str()))
    };
    let highlighted = {
        let id = id.clone();
        Memo::new(move |_| state.highlighted.get().as_deref() == Some(id.as_str()))
    };
    let open_reply = {
        let id = id.clone();
        move |_| {
            state.focus_form.set(true);
            state.replying_to.set(Some(id.clone()));
        }
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
    let child_depth = depth + 1;
    let level = depth.min(MAX_VISUAL_DEPTH);

    view! {
        <li id=format!("comment-{}", comment.id) class=format!("comment depth-{level}") class:highlight=highlighted tabindex="-1">
            <article class="comment-body" aria-label=shown_name.clone()>
                <header class="comment-meta">
                    <Avatar name=author_name.clone() />
                    <span class="comment-who">
                        {author}
                        <a class="permalink" href=fragment_for(&comment.id) aria-label=t.permalink>
                            {when.map(IntoAny::into_any).unwrap_or_else(|| "#".into_any())}
                        </a>
                    </span>
                </header>
                {in_reply_to}
                {pending.then(|| view! { <p class="awaiting">{t.awaiting_notice}</p> })}
                <div class="comment-text" dir="auto">{text}</div>
                {(!pending).then(|| view! {
                    <button
                        type="button"
                        class="link-button reply-button"
                        id=format!("reply-{}", comment.id)
                        aria-expanded=move || is_target.get().to_string()
                        on:click=open_reply.clone()
                    >
                        {t.reply}
                        <span class="visually-hidden">" " <bdi>{shown_name.clone()}</bdi></span>
                    </button>
                })}
            </article>
            {
                let id = id.clone();
                move || is_target.get().then(|| view! { <CommentForm state parent=Some(id.clone()) /> })
            }
            <ol class="replies">
                <For
                    each=move || replies.get()
                    key=|node| node.comment.id.clone()
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
                    disabled=move || more_replies.pending().get()
                    on:click=move |_| { more_replies.dispatch(()); }
                >
                    {Catalog::fill(t.more_replies, hidden.get())}
                </button>
            })}
            {move || more_replies.value().get().and_then(Result::err).map(|e| view! {
                <p class="inline-error" role="alert">{e.message(state.ui)}</p>
            })}
        </li>
    }
}
