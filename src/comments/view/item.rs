use leptos::html::Div;
use leptos::prelude::*;

use super::avatar::Avatar;
use crate::comments::autolink::{Segment, segments};
use crate::comments::model::{Body, CommentId, CommentState, MAX_VISUAL_DEPTH};
use crate::comments::region::{Arrival, Region};
use crate::comments::store::StoreError;
use crate::comments::thread::UiNode;
use crate::comments::view::shell::want_acts;
use crate::web::direction::Dir;
use crate::web::i18n::around_name;
use crate::web::intl;
use crate::web::sanitize::{Policy, Target, sanitize};
use crate::web::task::Task;
use crate::web::text::text_blocks;

/// One comment, its reply form when open, and its replies (recursively). What the reader can do
/// beyond reading and replying (votes, editing, deleting) comes from the region's [`Acts`].
///
/// Work started here ("more replies") may finish after this item is gone (a new sort order
/// replaced the list) or after the whole widget is: it runs under the region's lifetime, writes
/// to the node's reference-counted signals, and to this item's own signals only with `try_set`.
///
/// [`Acts`]: crate::comments::region::Acts
#[component]
pub fn CommentItem(region: Region, node: UiNode, depth: usize, parent_author: Option<String>) -> impl IntoView {
    let ui = region.ui;
    let t = ui.text();
    let id = node.id.clone();
    // Component-owned handles for reading in the view; continuations use the node's own.
    let comment: RwSignal<_> = node.comment.clone().into();
    let replies: RwSignal<Vec<UiNode>> = node.replies.clone().into();
    let hidden: RwSignal<usize> = node.hidden.clone().into();
    let removed: RwSignal<bool> = node.removed.clone().into();
    let editing: RwSignal<Option<String>> = node.editing.clone().into();
    let initial = comment.get_untracked();
    let author_name = initial.author.clone();
    let shown_name = author_name.clone().unwrap_or_else(|| t.anonymous().to_owned());

    let author = match initial.website.clone() {
        Some(url) => view! {
            <a class="author" href=url rel="nofollow ugc noopener" target="_blank"><bdi>{shown_name.clone()}</bdi></a>
        }
        .into_any(),
        None => view! { <bdi class="author">{shown_name.clone()}</bdi> }.into_any(),
    };
    let when = initial.created.map(|ms| {
        let relative = move || ui.relative_time(ms, region.now.get()).unwrap_or_default();
        view! { <time datetime=intl::iso(ms) title=ui.date_time(ms) lang=ui.content_lang()>{relative}</time> }
    });
    // Past the last indented level, say who is being answered instead of indenting further.
    let in_reply_to = (depth >= MAX_VISUAL_DEPTH).then(|| {
        let to = parent_author.clone().unwrap_or_else(|| t.anonymous().to_owned());
        let (before, after) = around_name(t.in_reply_to());
        view! { <p class="in-reply-to">{before} <bdi>{to}</bdi> {after}</p> }
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
    let is_target = {
        let id = id.clone();
        Memo::new(move |_| region.replying_to.with(|target| target.as_ref() == Some(&id)))
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
        // A press of "send" in the thread's form still waiting for its behaviour is dropped, and
        // said: the reader moved on, and its text goes with the form to the reply (never sent
        // later, unasked).
        if region.send_waiting.get_untracked() {
            region.send_waiting.set(false);
            region.focus.announce(t.send_dropped());
        }
        region.focus_form.set(true);
        region.replying_to.set(Some(reply_target.clone()));
        // The form comes with the reader's part of the widget, asked for now if it is not here.
        want_acts(region);
    };
    let more_replies = Task::<Result<(), StoreError>>::new();
    let ask_more_replies = {
        let node = node.clone();
        move |_| {
            if !more_replies.busy_untracked() {
                more_replies.run(region.more_replies(node.clone()));
            }
        }
    };

    let child_depth = depth + 1;
    let level = depth.min(MAX_VISUAL_DEPTH);
    let reply_id = id.reply_button_id();
    let permalink = format!("{}{}", region.permalink_base.get_value(), id.fragment());
    let form_parent = id.clone();
    let link_target = id.clone();
    // The text changes only when the comment's text does (an edit, a deletion), not with its
    // votes: a server's HTML is rebuilt into its element only then.
    let shown_body = Memo::new(move |_| comment.with(|c| (c.state == CommentState::Deleted, c.body.clone())));
    let body = {
        let node = node.clone();
        move || {
            if let (true, Some(acts)) = (editing.with(Option::is_some), region.acts.get()) {
                return (acts.editor)(region, node.clone());
            }
            match shown_body.get() {
                (true, _) => view! { <p class="comment-text deleted">{t.deleted()}</p> }.into_any(),
                (false, body) => body_view(body, region.permalink_base.get_value(), ui.content_lang()),
            }
        }
    };
    let tools = {
        let node = node.clone();
        move || region.acts.get().map(|acts| (acts.tools)(region, node.clone()))
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
                            // Its name is what it shows (the comment's time, which a screen
                            // reader then hears too) and what it is; without a time, it says so.
                            <a class="permalink" href=permalink on:click=move |ev| {
                                // A modified click (new tab, new window, download) stays the browser's.
                                if ev.ctrl_key() || ev.meta_key() || ev.shift_key() || ev.alt_key() || ev.button() != 0 {
                                    return;
                                }
                                ev.prevent_default();
                                region.reveal(link_target.clone());
                            }>
                                {match when {
                                    Some(when) => view! {
                                        {when}
                                        // The time, then what the link is, as the language lists them.
                                        <span class="visually-hidden">{t.list_separator()} {t.permalink()}</span>
                                    }.into_any(),
                                    None => t.permalink_short().into_any(),
                                }}
                            </a>
                        </span>
                    </header>
                    {in_reply_to}
                    {move || (comment.with(|c| c.state) == CommentState::Pending).then(|| view! {
                        <p class="awaiting">{t.awaiting_notice()}</p>
                    })}
                    {body}
                    <div class="comment-actions">
                        {tools}
                        {
                        let shown_name = shown_name.clone();
                        move || may_reply().then(|| view! {
                            <button type="button" class="link-button reply-button" id=reply_id.clone()
                                aria-expanded=move || is_target.get().to_string() on:click=open_reply.clone()>
                                {t.reply()}
                                <span class="visually-hidden">" " <bdi>{shown_name.clone()}</bdi></span>
                            </button>
                        })
                        }
                    </div>
                </article>
                {
                    // "Reply" answers at once, where the reader pressed it: the form, or while the
                    // reader's part of the widget is on its way a short line saying so, or, if it
                    // could not be fetched, why, with a retry.
                    let form_parent = form_parent.clone();
                    move || {
                        if !is_target.get() {
                            return None;
                        }
                        Some(match region.acts.get() {
                            // The region's one form comes here.
                            Some(_) => view! { <ReplySlot region id=form_parent.clone() /> }.into_any(),
                            None if region.arrival.get() == Arrival::Failed => view! {
                                <div class="notice error reply-failed" role="alert">
                                    <p>{t.err_part()}</p>
                                    <button type="button" class="button" on:click=move |_| want_acts(region)>{t.retry()}</button>
                                </div>
                            }
                            .into_any(),
                            None => view! { <p class="reply-pending" role="status">{t.loading_form()}</p> }.into_any(),
                        })
                    }
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
                        aria-disabled=move || more_replies.busy().to_string()
                        on:click=ask_more_replies.clone()
                    >
                        {move || ui.count(t.more_replies(), hidden.get())}
                    </button>
                })}
                {move || more_replies.last().and_then(Result::err).map(|e| view! {
                    <p class="inline-error" role="alert">{e.message(ui)}</p>
                })}
            </li>
    }
}

/// A comment's direction: most of its letters' ("@john_smith من…" and "iPhone جدید…" are
/// right-to-left), where `dir="auto"` would take the first letter's.
fn direction(text: &str) -> &'static str {
    Dir::dominant(text).map_or("auto", Dir::as_str)
}

/// A comment's text: plain text with bare URLs linked, or server HTML through the sanitizer (its
/// relative links are the article's, at `base`); `lang` where English words stand in around it.
fn body_view(body: Body, base: String, lang: Option<&'static str>) -> AnyView {
    match body {
        Body::Text(text) => {
            let dir = direction(&text);
            let parts = segments(&text)
                .into_iter()
                .map(|segment| match segment {
                    Segment::Text(text) => text.into_any(),
                    Segment::Link { href, shown } => {
                        view! { <a href=href rel="nofollow ugc noopener" target="_blank">{shown}</a> }.into_any()
                    }
                })
                .collect_view();
            view! { <div class="comment-text" dir=dir lang=lang>{parts}</div> }.into_any()
        }
        Body::Html(html) => {
            let holder = NodeRef::<Div>::new();
            holder.on_load(move |element| {
                let target = Target {
                    policy: Policy::Comment,
                    base: Some(&base),
                };
                match sanitize(&html, &document(), target) {
                    // A freshly built, sanitized fragment in place of what the element holds: a
                    // rebuilt view reuses its element, and appending would show the text twice.
                    Ok(clean) => {
                        let text = clean.text_content().unwrap_or_default();
                        let _ = element.set_attribute("dir", direction(&text));
                        element.replace_children_with_node_1(&clean);
                    }
                    // The page forbids parsing markup (the widget said so when it started).
                    Err(_) => {
                        let _ = element.class_list().remove_1("html");
                        let text = text_blocks(&html).join("\n");
                        let _ = element.set_attribute("dir", direction(&text));
                        element.set_text_content(Some(&text));
                    }
                }
            });
            view! { <div class="comment-text html" dir="auto" lang=lang node_ref=holder></div> }.into_any()
        }
    }
}

/// The place under a comment where the region's form goes while it answers that comment.
#[component]
fn ReplySlot(region: Region, id: CommentId) -> impl IntoView {
    region.reply_slot.set(Some(id.clone()));
    on_cleanup(move || {
        // Still this comment's (a reply to another may have taken its place already).
        let _ = region.reply_slot.try_update(|held| {
            if held.as_ref() == Some(&id) {
                *held = None;
            }
        });
    });
    view! { <div class="reply-slot"></div> }
}
