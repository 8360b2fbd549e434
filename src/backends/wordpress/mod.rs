//! A WordPress site: its REST API (`api`), a post as the article (`post`) and the post's
//! comments (`comments`). The only place that knows WordPress's wire formats.

pub mod api;
pub mod comments;
pub mod post;

pub use api::{PostRef, WpApi};
pub use comments::WordPressStore;
pub use post::{WpDiscussion, WpPost, load_post};
