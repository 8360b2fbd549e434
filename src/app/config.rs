//! What a widget is told: where its article comes from, where its comments live, and how to
//! show them. `crate::host::attributes` reads it from the element's attributes.

use crate::backends::local::LocalOptions;
use crate::backends::wordpress::PostRef;
use crate::comments::model::Sort;
use crate::web::direction::Dir;

/// Top-level comments per page when the publisher does not say.
pub const DEFAULT_PAGE_SIZE: usize = 10;

/// Where comments live.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CommentsSpec {
    Off,
    /// The in-browser store. The options let a demo or a test show every state of the form.
    Local(LocalOptions),
    /// An Isso server at this http(s) endpoint (no trailing slash).
    Isso(String),
    /// The comments of the WordPress post the article came from.
    WordPress,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArticleSource {
    Url(String),
    Inline(String),
    /// A post of a WordPress site (its address, without a trailing slash).
    WordPress {
        site: String,
        post: PostRef,
        /// The post type's REST base (`posts`, `pages`, a custom type's): `post-type`.
        kind: String,
    },
    Missing,
}

/// The `mode` attribute: what of the article the widget shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// The article and its comments.
    #[default]
    Full,
    /// The article's beginning and a link to the original (a partner site), then the comments.
    Excerpt,
    /// The comments alone: the page already shows the article (a WordPress theme, any CMS).
    Comments,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub source: ArticleSource,
    /// Direction forced by the publisher.
    pub dir: Option<Dir>,
    pub comments: CommentsSpec,
    /// Thread id forced by the publisher.
    pub thread: Option<String>,
    pub page_size: usize,
    /// Show the avatar images a WordPress site sends (they load from Gravatar).
    pub remote_avatars: bool,
    /// How deeply replies nest, when the publisher says (WordPress's own default is 5).
    pub thread_depth: Option<usize>,
    /// `loading="lazy"`: comments wait until the reader comes near them.
    pub lazy: bool,
    /// What the widget shows: the article and its comments, an excerpt, or the comments alone.
    pub mode: Mode,
    /// The order the top-level comments open in (`sort`; the reader can change it).
    pub sort: Sort,
    /// New comments appear while the reader reads (`live`; default on, `off` turns it off).
    pub live: bool,
    /// Problems with the attributes that did not stop rendering; logged to the console.
    pub warnings: Vec<String>,
}
