//! The article region: its model (pure), its loader (browser) and its view.

mod article_view;
mod excerpt;
mod load;
mod model;

pub use article_view::ArticleView;
pub use load::load_article;
pub use model::{
    Article, ArticleError, Image, MAX_ARTICLE_BYTES, SeedComment, Source, WpDiscussion, WpPost, cap_chars,
    is_absolute_http, parse_article, safe_url, text_of,
};
