//! What a reader needs only to act: the comment form and its state (drafts, the post in flight
//! and its outcome), editing and deleting one's own comment, and votes. The comments region
//! reaches it only through [`ACTS`], so none of it is needed to read a thread.

pub mod composer;
pub mod drafts;
pub mod edit;
pub mod form;
pub mod outbox;
pub mod sending;
pub mod vote;

use futures::future::LocalBoxFuture;
use leptos::prelude::*;

use crate::comments::model::CommentId;
use crate::comments::region::{Acts, Region};
use crate::comments::thread::UiNode;
use crate::web::split::{LoadError, split};
use composer::Composer;

/// The reader's part of a comments region.
pub const ACTS: Acts = Acts {
    setup: sending::setup,
    form,
    tools,
    editor,
};

split!(
    compose,
    fn arrive() -> Acts {
        ACTS
    }
);

/// The reader's part of a comments region, fetched (in a release build, as `split_compose.wasm`)
/// when the region asks for it: after its first comments are on screen, or when the reader acts.
pub fn load() -> LocalBoxFuture<'static, Result<Acts, LoadError>> {
    Box::pin(arrive())
}

/// The comment form under a comment (`Some`), or in the thread's own place (`None`): there unless
/// it answers a comment on screen, which shows it under that comment. A restored draft's reply to
/// one that is not (behind "more", deleted, another order) keeps its text in view there. A memo,
/// so comments arriving do not rebuild the form the reader is typing in.
fn form(region: Region, parent: Option<CommentId>) -> AnyView {
    let Some(composer) = Composer::current() else {
        return ().into_any();
    };
    if parent.is_some() {
        return view! { <form::CommentForm region composer parent /> }.into_any();
    }
    let here = Memo::new(move |_| {
        region.thread.nodes.track();
        region.thread.total.track();
        region
            .replying_to
            .with(|target| target.as_ref().is_none_or(|t| region.thread.find(t).is_none()))
    });
    (move || {
        let parent = region.replying_to.get();
        here.get()
            .then(|| view! { <form::CommentForm region composer parent /> })
    })
    .into_any()
}

fn tools(region: Region, node: UiNode) -> AnyView {
    let can = region.backend.with_value(|b| b.capabilities());
    view! {
        {can.votes.then(|| view! { <vote::Votes region node=node.clone() /> })}
        {can.edit.then(|| view! { <edit::OwnTools region node /> })}
    }
    .into_any()
}

fn editor(region: Region, node: UiNode) -> AnyView {
    view! { <edit::Editor region node /> }.into_any()
}
