//! The article: its neutral model, JSON-LD (the schema.org wire format) and its loading, the
//! excerpt rules, and the view.

pub mod excerpt;
pub mod jsonld;
pub mod load;
pub mod model;
pub mod view;

pub use model::{Article, ArticleError, Body, Image, SeedComment, Source};
pub use view::ArticleView;
