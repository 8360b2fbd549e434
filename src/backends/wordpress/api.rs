//! Where a WordPress site's REST API (v2) answers, and what its answers mean before they are
//! read as a post or as comments.
//!
//! The API is found at `/wp-json/` (pretty permalinks) or, on sites without them, at
//! `/?rest_route=/`.

use crate::web::http::{self, HttpError};
use crate::web::json::{self, Lenient, Loose, loose};
use serde::Deserialize;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WpApi {
    /// `https://site/wp-json/` + route.
    Pretty(String),
    /// `https://site/?rest_route=/` + route: sites without pretty permalinks.
    Plain(String),
}

impl WpApi {
    /// The two places to try for `site` (an absolute http(s) address), pretty first.
    pub fn candidates(site: &str) -> [WpApi; 2] {
        let root = site.trim().trim_end_matches('/');
        [
            WpApi::Pretty(format!("{root}/wp-json/")),
            WpApi::Plain(format!("{root}/")),
        ]
    }

    /// The site's own address, however its API is reached.
    pub fn root(&self) -> &str {
        match self {
            WpApi::Pretty(base) => base.trim_end_matches("wp-json/"),
            WpApi::Plain(root) => root,
        }
        .trim_end_matches('/')
    }

    /// The address of `route` (e.g. `wp/v2/comments`) with `query` (values are encoded).
    pub fn url(&self, route: &str, query: &[(&str, String)]) -> String {
        let mut url = match self {
            WpApi::Pretty(base) => format!("{base}{route}"),
            WpApi::Plain(root) => format!("{root}?rest_route=/{}", encode(route).replace("%2F", "/")),
        };
        for (i, (key, value)) in query.iter().enumerate() {
            let first = i == 0 && matches!(self, WpApi::Pretty(_));
            url.push(if first { '?' } else { '&' });
            url.push_str(key);
            url.push('=');
            url.push_str(&encode(value));
        }
        url
    }
}

/// Percent-encodes everything but unreserved characters (RFC 3986), as `encodeURIComponent`
/// does except for `!'()*`.
pub fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Which post: its numeric id or its slug.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PostRef {
    Id(u64),
    Slug(String),
}

impl PostRef {
    pub fn parse(raw: &str) -> Option<PostRef> {
        let raw = raw.trim();
        if let Ok(id) = raw.parse::<u64>() {
            return (id > 0).then_some(PostRef::Id(id));
        }
        let ok = !raw.is_empty()
            && raw.len() <= 200
            && !raw.contains(['/', '?', '#', '&'])
            && !raw.chars().any(char::is_whitespace);
        ok.then(|| PostRef::Slug(raw.to_owned()))
    }
}

/// What a REST answer means: its body read as a `T`, or why not.
#[derive(Debug, PartialEq)]
pub enum Answer<T> {
    Json(T),
    /// A JSON error object: `{"code": "...", ...}` with a status.
    Error {
        status: u16,
        code: String,
    },
    /// Not JSON at all (no REST API here: a 404 page, another kind of site), or JSON that is not
    /// a `T` (a lenient `T` is always one).
    NotJson(u16),
}

/// HTML that WordPress rendered (`title`, `content`, `caption`: `{"rendered": "…"}`), and for
/// content whether the post's password protects it.
#[derive(Debug, Default, Deserialize)]
pub struct Rendered {
    #[serde(default, deserialize_with = "loose")]
    pub rendered: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    pub protected: Option<bool>,
}

/// The REST API's error object.
#[derive(Default, Deserialize)]
pub struct WireError {
    #[serde(default, deserialize_with = "loose")]
    pub code: Option<String>,
}
crate::lenient_record!(Rendered, WireError);

impl WireError {
    /// The error code of an answer's `body`, or empty.
    pub fn code_of(body: &str) -> String {
        json::parse::<Loose<WireError>>(body)
            .ok()
            .and_then(|e| e.0?.code)
            .unwrap_or_default()
    }
}

pub fn classify<T: Lenient>(status: u16, body: &str) -> Answer<T> {
    if (200..300).contains(&status) {
        return match json::parse(body) {
            Ok(value) => Answer::Json(value),
            Err(_) => Answer::NotJson(status),
        };
    }
    match json::parse::<Loose<WireError>>(body) {
        Ok(error) => Answer::Error {
            status,
            code: error.0.and_then(|e| e.code).unwrap_or_default(),
        },
        Err(_) => Answer::NotJson(status),
    }
}

/// A GET against the site's REST API, read as an [`Answer`].
pub async fn get<T: Lenient>(
    url: &str,
    abort: Option<&web_sys::AbortSignal>,
    max_bytes: usize,
) -> Result<(Answer<T>, http::Reply), HttpError> {
    let reply = http::exchange(http::Request {
        method: "GET",
        url,
        json_body: None,
        with_credentials: false,
        max_bytes,
        abort,
    })
    .await?;
    Ok((classify(reply.status, &reply.body), reply))
}

/// Finds the site's REST API and loads the post from it.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_read_anything() {
        json::reads_anything::<Loose<WireError>>(
            r#"{"code": "rest_forbidden", "message": "x", "data": {"status": 403}}"#,
        );
    }

    #[test]
    fn api_addresses_pretty_and_plain() {
        let [pretty, plain] = WpApi::candidates("https://news.example/blog/");
        assert_eq!(
            pretty.url("wp/v2/posts", &[("slug", "تيليجرام x".into()), ("_embed", "1".into())]),
            "https://news.example/blog/wp-json/wp/v2/posts?slug=%D8%AA%D9%8A%D9%84%D9%8A%D8%AC%D8%B1%D8%A7%D9%85%20x&_embed=1"
        );
        assert_eq!(
            plain.url("wp/v2/comments", &[("post", "5".into())]),
            "https://news.example/blog/?rest_route=/wp/v2/comments&post=5"
        );
        assert_eq!(
            plain.url("wp/v2/posts/7", &[]),
            "https://news.example/blog/?rest_route=/wp/v2/posts/7"
        );
        assert_eq!(encode("a&b=c/d"), "a%26b%3Dc%2Fd");
    }

    #[test]
    fn site_and_post_attributes() {
        assert_eq!(PostRef::parse("42"), Some(PostRef::Id(42)));
        assert_eq!(
            PostRef::parse(" telegram-12-billion "),
            Some(PostRef::Slug("telegram-12-billion".into()))
        );
        assert_eq!(PostRef::parse("%d8%aa"), Some(PostRef::Slug("%d8%aa".into())));
        for bad in ["", "0", "a/b", "a b", "x?y", "a&b"] {
            assert_eq!(PostRef::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn answers_are_classified() {
        assert_eq!(classify::<Vec<u64>>(200, "[]"), Answer::Json(Vec::new()));
        assert_eq!(
            classify::<Vec<u64>>(200, "{}"),
            Answer::NotJson(200),
            "not what was asked for"
        );
        assert_eq!(
            classify::<Vec<u64>>(401, r#"{"code":"rest_disabled","message":"x"}"#),
            Answer::Error {
                status: 401,
                code: "rest_disabled".into()
            }
        );
        assert_eq!(
            classify::<Vec<u64>>(403, r#"[{"code": 5}]"#),
            Answer::Error {
                status: 403,
                code: String::new()
            }
        );
        assert_eq!(
            classify::<Vec<u64>>(404, "<!doctype html><p>Not found"),
            Answer::NotJson(404)
        );
        assert!(matches!(
            classify::<Loose<WireError>>(200, "\u{feff}{}"),
            Answer::Json(Loose(Some(WireError { code: None })))
        ));
    }
}
