//! Likes and dislikes, where the server counts them (Isso): once per comment per browser.

use leptos::prelude::*;

use crate::comments::model::{CommentState, Vote};
use crate::comments::region::Region;
use crate::comments::store::StoreError;
use crate::comments::thread::UiNode;
use crate::web::task::Task;

/// A comment's like and dislike buttons with their counts, and what went wrong with a vote.
#[component]
pub fn Votes(region: Region, node: UiNode) -> impl IntoView {
    let ui = region.ui;
    let t = ui.text();
    let comment: RwSignal<_> = node.comment.clone().into();
    let vote = Task::<Result<(), StoreError>>::new();
    let cast = move |choice: Vote| {
        let (id, shared) = (node.id.clone(), node.comment.clone());
        let backend = region.backend.get_value();
        vote.run(region.guarded(async move {
            let (likes, dislikes) = backend.vote(&id, choice).await?;
            shared.update(|c| {
                c.likes = likes;
                c.dislikes = dislikes;
                c.my_vote = Some(choice);
            });
            Ok(())
        }));
    };
    let voted = move || comment.with(|c| c.my_vote);
    let busy = move || vote.busy() || voted().is_some();
    // Text in braces, not a literal: a wholly static element is built from an HTML string,
    // which a page enforcing Trusted Types refuses.
    view! {
        {move || (comment.with(|c| c.state) == CommentState::Published).then(|| view! {
            <button type="button" class="vote like" aria-pressed=move || (voted() == Some(Vote::Like)).to_string()
                aria-disabled=move || busy().to_string()
                on:click={let cast = cast.clone(); move |_| if !busy() { cast(Vote::Like); }}>
                <span aria-hidden="true">{"▲ "}</span>
                <span class="visually-hidden">{t.like()} " "</span>
                {move || ui.number(comment.with(|c| c.likes).max(0) as usize)}
            </button>
            <button type="button" class="vote dislike" aria-pressed=move || (voted() == Some(Vote::Dislike)).to_string()
                aria-disabled=move || busy().to_string()
                on:click={let cast = cast.clone(); move |_| if !busy() { cast(Vote::Dislike); }}>
                <span aria-hidden="true">{"▼ "}</span>
                <span class="visually-hidden">{t.dislike()} " "</span>
                {move || ui.number(comment.with(|c| c.dislikes).max(0) as usize)}
            </button>
        })}
        {move || vote.last().and_then(Result::err).map(|e| view! {
            <p class="inline-error" role="alert">{e.message(ui)}</p>
        })}
    }
}
