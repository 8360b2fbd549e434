//! Fetches and parses an article given as JSON-LD: at a URL (`src`), or inline in the element.

use super::jsonld::parse_article;
use super::model::{Article, ArticleError, MAX_ARTICLE_BYTES};
use crate::web::http;

/// The article inline in the element; relative addresses in it are the page's.
pub fn from_inline(json: &str) -> Result<Article, ArticleError> {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .unwrap_or_default();
    Ok(resolve_urls(parse_article(json)?, &base))
}

/// The article at `url`; `abort` cancels the download when the widget goes away.
pub async fn from_url(url: &str, abort: Option<&web_sys::AbortSignal>) -> Result<Article, ArticleError> {
    let request = http::Request {
        method: "GET",
        url,
        json_body: None,
        with_credentials: false,
        max_bytes: MAX_ARTICLE_BYTES,
        abort,
    };
    let reply = http::exchange(request).await.map_err(ArticleError::from)?;
    if !reply.ok() {
        return Err(ArticleError::Http(reply.status));
    }
    Ok(resolve_urls(parse_article(&reply.body)?, &reply.url))
}

/// Relative URLs (the image, the canonical `url`, the `@id`) are relative to the document they
/// were written in, not to the host page. A partner page with a relative `url` left unresolved
/// would name itself the original.
fn resolve_urls(mut article: Article, base: &str) -> Article {
    article.image = article.image.and_then(|mut image| {
        image.url = resolve_http(&image.url, base)?;
        Some(image)
    });
    article.url = article.url.and_then(|url| resolve_http(&url, base));
    article.ld_id = article.ld_id.and_then(|id| resolve_http(&id, base));
    article
}

fn resolve_http(url: &str, base: &str) -> Option<String> {
    let resolved = web_sys::Url::new_with_base(url, base).ok()?;
    matches!(resolved.protocol().as_str(), "http:" | "https:").then(|| resolved.href())
}
