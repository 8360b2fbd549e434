//! Which store a widget's comments live in, and under which thread key, once its article is known.

use leptos::prelude::window;

use std::rc::Rc;

use super::config::CommentsSpec;
use super::discussion::Open;
use crate::article::Article;
use crate::backends::wordpress::WpPost;
use crate::backends::{isso, local, wordpress};
use crate::comments::store::opening;
use crate::web::url::thread_path;

/// What the publisher said about comments beyond where they live.
#[derive(Clone, Copy)]
pub struct Options {
    pub remote_avatars: bool,
    pub thread_depth: Option<usize>,
}

/// The thread an address names, resolved against the page ([`thread_path`]).
pub fn thread_of(url: &str) -> Option<String> {
    let base = window().location().href().ok()?;
    let url = web_sys::Url::new_with_base(url, &base).ok()?;
    Some(thread_path(&url.pathname(), &url.search()))
}

/// This page's thread.
pub fn page_thread() -> String {
    let location = window().location();
    thread_path(
        &location.pathname().unwrap_or_default(),
        &location.search().unwrap_or_default(),
    )
}

/// The comments' store for a loaded article (on its way: its code is fetched in a release
/// build), and its thread key: the `thread` attribute, else the article's canonical address, else
/// its `src` (not for Isso), else the page. A WordPress post's thread is the post itself (site and
/// id), whatever its address looks like.
pub fn choose(
    spec: &CommentsSpec,
    thread: Option<String>,
    src: Option<&str>,
    article: &Article,
    wordpress: Option<&WpPost>,
    options: Options,
) -> Option<(Open, String)> {
    // Isso's own client keys threads by the page's address; skipping `src` there keeps both
    // clients on the same thread, so a site can switch without migrating.
    let src = if matches!(spec, CommentsSpec::Isso(_)) {
        None
    } else {
        src
    };
    let key = || {
        thread
            .clone()
            .or_else(|| article.url.as_deref().and_then(thread_of))
            .or_else(|| src.and_then(thread_of))
            .unwrap_or_else(page_thread)
    };
    match spec {
        CommentsSpec::Off => None,
        CommentsSpec::WordPress => match wordpress {
            Some(post) => {
                let key = thread.unwrap_or_else(|| format!("wp:{}#{}", post.api.root(), post.id));
                // The publisher's attribute, else the site's own setting.
                let depth = options.thread_depth.unwrap_or(post.discussion.thread_depth);
                let (post, avatars) = (post.clone(), options.remote_avatars);
                Some((
                    Rc::new(move || opening(wordpress::open(post.clone(), depth, avatars))),
                    key,
                ))
            }
            None => {
                web_sys::console::warn_1(
                    &"maqal: comments=\"wordpress\" needs a WordPress article (wordpress and post attributes)".into(),
                );
                None
            }
        },
        CommentsSpec::Isso(endpoint) => {
            let key = key();
            let (endpoint, uri, title) = (endpoint.clone(), key.clone(), article.headline.clone());
            Some((
                Rc::new(move || opening(isso::open(endpoint.clone(), uri.clone(), title.clone()))),
                key,
            ))
        }
        CommentsSpec::Local(options) => {
            let key = key();
            let (thread, seed, options) = (key.clone(), article.comments.clone(), options.clone());
            Some((
                Rc::new(move || opening(local::open(thread.clone(), seed.clone(), options.clone()))),
                key,
            ))
        }
    }
}
