//! Fetches and parses the article in the browser.

use super::model::{Article, ArticleError, MAX_ARTICLE_BYTES, parse_article};
use crate::embed::ArticleSource;
use crate::http::{self, HttpError};

/// Loads the article; `abort` cancels the download when the widget goes away.
pub async fn load_article(source: ArticleSource, abort: Option<web_sys::AbortSignal>) -> Result<Article, ArticleError> {
    match source {
        ArticleSource::Missing => Err(ArticleError::NoSource),
        ArticleSource::WordPress { site, post } => crate::wordpress::load_post(&site, &post, abort).await,
        ArticleSource::Inline(json) => {
            let base = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.base_uri().ok().flatten())
                .unwrap_or_default();
            Ok(resolve_urls(parse_article(&json)?, &base))
        }
        ArticleSource::Url(url) => {
            let request = http::Request {
                method: "GET",
                url: &url,
                json_body: None,
                with_credentials: false,
                max_bytes: MAX_ARTICLE_BYTES,
                abort: abort.as_ref(),
            };
            let reply = http::send(request).await.map_err(|e| match e {
                HttpError::Network(detail) => ArticleError::Network(detail),
                HttpError::Timeout => ArticleError::Timeout,
                HttpError::TooLarge => ArticleError::TooLarge,
                HttpError::NotUtf8 => ArticleError::NotJson("not UTF-8".into()),
            })?;
            if !reply.ok() {
                return Err(ArticleError::Http(reply.status));
            }
            Ok(resolve_urls(parse_article(&reply.body)?, &reply.url))
        }
    }
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
