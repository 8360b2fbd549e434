//! Which store a widget's comments live in, and under which thread key, once its article is known.

use leptos::prelude::window;

use super::config::CommentsSpec;
use crate::article::Article;
use crate::backends::isso::IssoStore;
use crate::backends::local::LocalStore;
use crate::backends::wordpress::{WordPressStore, WpPost};
use crate::comments::store::Backend;
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

/// The comments backend for a loaded article, and its thread key: the `thread` attribute, else
/// the article's canonical address, else its `src` (not for Isso), else the page. A WordPress
/// post's thread is the post itself (site and id), whatever its address looks like.
pub fn choose(
    spec: &CommentsSpec,
    thread: Option<String>,
    src: Option<&str>,
    article: &Article,
    wordpress: Option<&WpPost>,
    options: Options,
) -> Option<(Backend, String)> {
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
                let store = WordPressStore::new(
                    post.api.clone(),
                    post.id,
                    // The publisher's attribute, else the site's own setting.
                    options.thread_depth.or(Some(post.discussion.thread_depth)),
                    options.remote_avatars,
                )
                .requiring_name_and_email(post.discussion.require_name_email);
                let key = thread.unwrap_or_else(|| format!("wp:{}#{}", post.api.root(), post.id));
                Some((Backend::new(store), key))
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
            Some((Backend::new(IssoStore::new(endpoint, &key, &article.headline)), key))
        }
        CommentsSpec::Local(local) => {
            let key = key();
            Some((
                Backend::new(LocalStore::new(&key, article.comments.clone(), local.clone())),
                key,
            ))
        }
    }
}
