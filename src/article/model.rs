//! An article as the widget shows it, wherever it came from (JSON-LD, a WordPress post), and why
//! one could not be shown. Pure and neutral: no wire format, no browser types.

use thiserror::Error;

use crate::web::direction::Dir;
use crate::web::http::HttpError;
use crate::web::i18n::Lang;
use crate::web::text::plain_text;

/// The largest article document we accept. A news article with a long body is a few tens of KB;
/// anything near this is a mistake or an attack, and parsing it would freeze the host page.
pub const MAX_ARTICLE_BYTES: usize = 1024 * 1024;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Article {
    pub headline: String,
    pub section: Option<String>,
    pub image: Option<Image>,
    pub body: Body,
    /// BCP 47 tag from `inLanguage`, if any.
    pub lang: Option<String>,
    /// ISO 8601 as published; the view formats it with `Intl`.
    pub date_published: Option<String>,
    pub authors: Vec<String>,
    pub source: Option<Source>,
    /// The article's canonical URL (`url`, or `mainEntityOfPage`), when given.
    pub url: Option<String>,
    /// The document's own `@id` for the article (an absolute http(s) URL), so the structured data
    /// the widget writes names the same item instead of a second one.
    pub ld_id: Option<String>,
    /// Comments the document already carries (schema.org `comment`): they seed the browser store.
    pub comments: Vec<SeedComment>,
}

/// The article's text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    /// Plain paragraphs (JSON-LD `articleBody`); a single newline inside one is a line break.
    Paragraphs(Vec<String>),
    /// HTML (a WordPress post's `content.rendered`), shown only through the sanitizer.
    Html(String),
}

/// A schema.org `Comment` embedded in the article document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeedComment {
    pub author: Option<String>,
    pub text: String,
    pub date_created: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    /// As written in the document; resolved against the document's URL by the loader.
    pub url: String,
    pub caption: Option<String>,
    pub alt: Option<String>,
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// Where the story came from ("المصدر: TechCrunch").
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Source {
    pub name: String,
    pub url: Option<String>,
}

impl Article {
    /// The article of the page itself, for `mode="comments"` without a source: the page already
    /// shows it, so nothing of it is known or drawn, and its comments are keyed by the page's
    /// address.
    pub fn this_page() -> Article {
        Article {
            headline: String::new(),
            section: None,
            image: None,
            body: Body::Paragraphs(Vec::new()),
            lang: None,
            date_published: None,
            authors: Vec::new(),
            source: None,
            url: None,
            ld_id: None,
            comments: Vec::new(),
        }
    }

    /// Direction from the language when the document names one, else from the letters of the
    /// headline and the beginning of the body, the most of them deciding: a headline that
    /// starts with a brand ("iPhone 16 يصل…") does not make an Arabic article left-to-right.
    pub fn text_dir(&self) -> Option<Dir> {
        if let Some(lang) = self.lang.as_deref() {
            return Some(Dir::for_lang_tag(lang));
        }
        let body = match &self.body {
            Body::Paragraphs(paragraphs) => paragraphs.iter().take(5).cloned().collect::<Vec<_>>().join(" "),
            Body::Html(html) => plain_text(html),
        };
        Dir::dominant(&format!("{} {body}", self.headline))
    }
}

/// Why an article could not be shown. Every variant has a localized message.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum ArticleError {
    #[error("no src attribute and no JSON-LD script inside the element")]
    NoSource,
    #[error("network error: {0}")]
    Network(String),
    #[error("HTTP status {0}")]
    Http(u16),
    #[error("timed out")]
    Timeout,
    #[error("larger than {MAX_ARTICLE_BYTES} bytes")]
    TooLarge,
    #[error("not JSON: {0}")]
    NotJson(String),
    #[error("no NewsArticle in the JSON-LD")]
    NotArticle,
    #[error("the article has no headline")]
    MissingHeadline,
    #[error("the article has no articleBody")]
    MissingBody,
    #[error("no such post on the site")]
    NotFound,
    #[error("the post is password-protected")]
    Protected,
    #[error("the post is private")]
    Private,
    #[error("the site's REST API is turned off")]
    ApiOff,
    #[error("not a site the article can be read from")]
    NotASite,
    /// The server answers, but not to this page's origin (no CORS headers for it).
    #[error("the site refuses this page's origin (CORS)")]
    CorsRefused,
}

impl From<HttpError> for ArticleError {
    fn from(error: HttpError) -> ArticleError {
        match error {
            HttpError::Network(detail) => ArticleError::Network(detail),
            HttpError::Timeout => ArticleError::Timeout,
            HttpError::TooLarge => ArticleError::TooLarge,
            HttpError::NotUtf8 => ArticleError::NotJson("not UTF-8".into()),
        }
    }
}

impl ArticleError {
    /// A stable, data-free name for the failure (the `kind` of a `maqal:error` event).
    pub fn kind(&self) -> &'static str {
        match self {
            ArticleError::NoSource => "no-source",
            ArticleError::Network(_) => "network",
            ArticleError::Http(_) => "http",
            ArticleError::Timeout => "timeout",
            ArticleError::TooLarge => "too-large",
            ArticleError::NotJson(_) => "not-json",
            ArticleError::NotArticle => "not-article",
            ArticleError::MissingHeadline => "no-headline",
            ArticleError::MissingBody => "no-body",
            ArticleError::NotFound => "not-found",
            ArticleError::Protected => "protected",
            ArticleError::Private => "private",
            ArticleError::ApiOff => "rest-disabled",
            ArticleError::NotASite => "not-wordpress",
            ArticleError::CorsRefused => "cors",
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let t = lang.text();
        match self {
            ArticleError::NoSource => t.err_no_source().into(),
            ArticleError::Network(_) => t.err_network().into(),
            ArticleError::Http(status) => lang.fill_code(t.err_http(), "{code}", usize::from(*status)),
            ArticleError::Timeout => t.err_timeout().into(),
            ArticleError::TooLarge => t
                .err_too_large()
                .replace("{size}", &lang.number(MAX_ARTICLE_BYTES / 1024)),
            ArticleError::NotJson(_) => t.err_not_json().into(),
            ArticleError::NotArticle => t.err_not_article().into(),
            ArticleError::MissingHeadline => t.err_no_headline().into(),
            ArticleError::MissingBody => t.err_no_body().into(),
            ArticleError::NotFound => t.err_wp_not_found().into(),
            ArticleError::Protected => t.err_wp_protected().into(),
            ArticleError::Private => t.err_wp_private().into(),
            ArticleError::ApiOff => t.err_wp_rest_disabled().into(),
            ArticleError::NotASite => t.err_not_wordpress().into(),
            ArticleError::CorsRefused => t.err_cors_refused().into(),
        }
    }

    /// Whether trying again could help (the document itself is not at fault).
    pub fn is_transient(&self) -> bool {
        matches!(
            self,
            ArticleError::Network(_) | ArticleError::Timeout | ArticleError::Http(408 | 429 | 500..=599)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_messages_are_localized() {
        for e in [
            ArticleError::NoSource,
            ArticleError::Network("x".into()),
            ArticleError::Http(404),
            ArticleError::Timeout,
            ArticleError::TooLarge,
            ArticleError::NotJson("x".into()),
            ArticleError::NotArticle,
            ArticleError::MissingHeadline,
            ArticleError::MissingBody,
        ] {
            let (ar, en) = (
                e.message(crate::web::i18n::from_file("ar")),
                e.message(Lang::english("en")),
            );
            assert_ne!(ar, en);
            assert!(ar.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)), "{ar}");
            assert!(en.is_ascii(), "{en}");
        }
        assert!(
            ArticleError::Http(503)
                .message(Lang::english("en"))
                .ends_with("error 503.")
        );
        assert!(
            ArticleError::TooLarge
                .message(Lang::english("en"))
                .contains(&format!(" {} KiB", MAX_ARTICLE_BYTES / 1024))
        );
        assert!(ArticleError::Http(503).is_transient());
        assert!(!ArticleError::Http(404).is_transient());
        assert!(!ArticleError::NotArticle.is_transient());
    }

    #[test]
    fn direction_from_the_language_else_from_most_letters() {
        let article = |headline: &str, body: Body, lang: Option<&str>| Article {
            headline: headline.into(),
            body,
            lang: lang.map(Into::into),
            ..Article::this_page()
        };
        let html = |h: &str| Body::Html(h.into());
        assert_eq!(
            article(
                "iPhone 16 يصل إلى الأسواق العربية",
                html("<p>أعلنت Apple اليوم</p>"),
                None
            )
            .text_dir(),
            Some(Dir::Rtl),
            "a brand first does not make an Arabic post left-to-right"
        );
        assert_eq!(
            article(
                "Telegram: 12 billion",
                Body::Paragraphs(vec!["Said «تيليجرام» today.".into()]),
                None
            )
            .text_dir(),
            Some(Dir::Ltr)
        );
        assert_eq!(article("x", html("<p>y</p>"), Some("fa-IR")).text_dir(), Some(Dir::Rtl));
        assert_eq!(article("123", html("<p>456</p>"), None).text_dir(), None);
    }
}
