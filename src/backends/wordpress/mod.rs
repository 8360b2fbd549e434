//! A WordPress site: its REST API (`api`), a post as the article (`post`) and the post's
//! comments (`comments`). The only place that knows WordPress's wire formats.

pub mod api;
pub mod comments;
pub mod post;

pub use api::{PostRef, WpApi};
pub use comments::WordPressStore;
pub use post::{WpDiscussion, WpPost};

use futures::future::LocalBoxFuture;

use crate::article::{Article, ArticleError};
use crate::comments::store::{Backend, StoreError};
use crate::web::split::split;

/// What a post's article becomes: the article, and where its comments live.
pub type Loading = LocalBoxFuture<'static, Result<(Article, WpPost), ArticleError>>;

split!(
    wordpress,
    /// Finds the site's REST API and loads the post from it (`kind`: its type's REST base).
    pub fn load(site: String, post: PostRef, kind: String, abort: Option<web_sys::AbortSignal>) -> Loading {
        Box::pin(async move { post::load_post(&site, &post, &kind, abort).await })
    }
);

split!(
    wordpress,
    /// The comments of `post`, threaded `depth` levels deep (the site's setting unless the
    /// publisher says), with WordPress's avatar images where the publisher opted in.
    pub fn open(post: WpPost, depth: usize, remote_avatars: bool) -> Backend {
        let required = post.discussion.require_name_email;
        Backend::new(
            WordPressStore::new(post.api, post.id, Some(depth), remote_avatars).requiring_name_and_email(required),
        )
    }
);

split!(
    wordpress,
    /// How many approved comments a post has (the count badge).
    pub fn count(site: String, post: PostRef) -> LocalBoxFuture<'static, Result<usize, StoreError>> {
        Box::pin(async move { WordPressStore::count(&site, &post).await })
    }
);
