//! What a reader needs only to act: the comment form and its state (drafts, the post in flight
//! and its outcome), editing and deleting one's own comment, and votes. The comments region
//! reaches it only through [`ACTS`], so none of it is needed to read a thread.

pub mod adopt;
pub mod composer;
pub mod drafts;
pub mod edit;
pub mod form;
pub mod live;
pub mod outbox;
pub mod own;
pub mod sending;
pub mod vote;

use futures::future::LocalBoxFuture;
use leptos::prelude::*;

use crate::comments::region::{Acts, Region};
use crate::comments::thread::UiNode;
use crate::web::split::{LoadError, split};

/// The reader's part of a comments region.
pub const ACTS: Acts = Acts {
    setup,
    adopt: adopt::adopt,
    hand_over: own::hand_over,
    tools,
    editor,
    live: live::button,
};

fn setup(region: Region) {
    // First: the form's state knows the reader's visits.
    live::start(region);
    sending::setup(region);
}

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

fn tools(region: Region, node: UiNode) -> AnyView {
    let can = region.backend.with_value(|b| b.capabilities());
    view! {
        {live::mark(region, &node)}
        {can.votes.then(|| view! { <vote::Votes region node=node.clone() /> })}
        {can.edit.then(|| view! { <edit::OwnTools region node /> })}
    }
    .into_any()
}

fn editor(region: Region, node: UiNode) -> AnyView {
    view! { <edit::Editor region node /> }.into_any()
}
