//! A WordPress site's REST API (v2): where it is, what its answers mean, and a post as an
//! [`Article`]. The wire formats stay here and in `comments/store/wordpress.rs`.
//!
//! The API is found at `/wp-json/` (pretty permalinks) or, on sites without them, at
//! `/?rest_route=/`. Titles, captions and names arrive as HTML (entities, curly quotes): they
//! become text here; bodies stay HTML and are shown only through the sanitizer.

use serde::Deserialize;

use crate::article::{Article, ArticleError, Image, WpDiscussion, WpPost, cap_chars, is_absolute_http};
use crate::http::{self, HttpError};
use crate::json::{self, Value, lenient};

/// A post's page of JSON with `_embed`: a long article with its media and terms.
const MAX_POST_BYTES: usize = 4 * 1024 * 1024;
/// What the post request embeds: its author, lead image and terms. Not `_embed=1`, which also
/// brings the first page of comments (with commenters' avatars) to a page that shows none yet
/// (`loading="lazy"`, `comments="none"`) or asks for them on its own.
const EMBEDDED: &str = "author,wp:featuredmedia,wp:term";

/// Where a site's REST API answers.
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

/// What a REST answer means, before its body is read as a particular type.
#[derive(Debug, PartialEq)]
pub enum Answer {
    Json(Value),
    /// A JSON error object: `{"code": "...", ...}` with a status.
    Error {
        status: u16,
        code: String,
    },
    /// Not JSON at all: no REST API here (a 404 page, another kind of site).
    NotJson(u16),
}

pub fn classify(status: u16, body: &str) -> Answer {
    match json::parse::<Value>(body) {
        Ok(value) if (200..300).contains(&status) => Answer::Json(value),
        Ok(value) => Answer::Error {
            status,
            code: value.get("code").and_then(Value::as_str).unwrap_or_default().to_owned(),
        },
        Err(_) => Answer::NotJson(status),
    }
}

/// An error answer for a post as the reader should hear it.
fn post_error(status: u16, code: &str) -> ArticleError {
    match code {
        "rest_post_invalid_id" | "rest_no_route" if status == 404 => ArticleError::WpNotFound,
        "rest_forbidden" | "rest_cannot_read" => ArticleError::WpPrivate,
        "rest_disabled" | "rest_not_logged_in" | "rest_cannot_access" | "rest_login_required" => {
            ArticleError::WpRestDisabled
        }
        _ if status == 401 || status == 403 => ArticleError::WpRestDisabled,
        _ if status == 404 => ArticleError::WpNotFound,
        _ => ArticleError::Http(status),
    }
}

/// HTML as text: tags dropped, character references decoded, spaces collapsed. For titles,
/// captions and names, which WordPress sends as HTML and we show as text. Linear.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        match c {
            '<' => {
                rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
                out.push(' ');
            }
            '&' => {
                let (decoded, used) = entity(rest);
                out.push_str(&decoded);
                rest = &rest[used..];
            }
            c => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The character reference at the start of `s` (which starts with `&`): what it stands for and
/// how many bytes it used. Unknown references stay as they are.
fn entity(s: &str) -> (String, usize) {
    let Some(end) = s[1..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
        .map(|i| i + 1)
    else {
        return ("&".into(), 1);
    };
    let name = &s[1..end];
    let used = if s[end..].starts_with(';') { end + 1 } else { end };
    let numeric = name
        .strip_prefix("#x")
        .or_else(|| name.strip_prefix("#X"))
        .map(|hex| u32::from_str_radix(hex, 16))
        .or_else(|| name.strip_prefix('#').map(str::parse::<u32>));
    let decoded = match numeric {
        Some(Ok(code)) => char::from_u32(code).filter(|c| *c != '\0').map(String::from),
        Some(Err(_)) => None,
        None => NAMED.iter().find(|(n, _)| *n == name).map(|(_, c)| (*c).to_owned()),
    };
    match decoded {
        Some(text) => (text, used),
        None => ("&".into(), 1),
    }
}

/// The named references WordPress's formatting produces (`esc_html`, `wptexturize`).
const NAMED: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", "\u{a0}"),
    ("hellip", "…"),
    ("ndash", "–"),
    ("mdash", "—"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("times", "×"),
    ("copy", "©"),
];

#[derive(Deserialize, Default)]
struct Rendered {
    #[serde(default, deserialize_with = "lenient")]
    rendered: String,
    #[serde(default, deserialize_with = "lenient")]
    protected: bool,
}

#[derive(Deserialize)]
struct WirePost {
    id: u64,
    #[serde(default, deserialize_with = "lenient")]
    title: Rendered,
    #[serde(default, deserialize_with = "lenient")]
    content: Rendered,
    #[serde(default, deserialize_with = "lenient")]
    link: String,
    #[serde(default, deserialize_with = "lenient")]
    date_gmt: Option<String>,
    #[serde(default, deserialize_with = "lenient")]
    comment_status: String,
    #[serde(default, rename = "_embedded", deserialize_with = "lenient")]
    embedded: Option<Value>,
    #[serde(default, deserialize_with = "lenient")]
    maqal_discussion: Option<WireDiscussion>,
}

/// The site's discussion settings, as the Maqal plugin (`wordpress/`) adds them to a post.
#[derive(Deserialize, Default)]
struct WireDiscussion {
    #[serde(default, deserialize_with = "lenient")]
    require_name_email: Option<bool>,
    #[serde(default, deserialize_with = "lenient")]
    thread_depth: Option<usize>,
    #[serde(default, deserialize_with = "lenient")]
    accounts_only: Option<bool>,
}

/// A post (as `wp/v2/posts?_embed` sends it) as an article whose comments live at `api`.
pub fn post_to_article(value: Value, api: WpApi) -> Result<Article, ArticleError> {
    let post = WirePost::deserialize(value).map_err(|e| ArticleError::NotJson(e.to_string()))?;
    if post.content.protected {
        return Err(ArticleError::WpProtected);
    }
    let headline = plain_text(&post.title.rendered);
    if headline.is_empty() {
        return Err(ArticleError::MissingHeadline);
    }
    if plain_text(&post.content.rendered).is_empty() && !post.content.rendered.contains("<img") {
        return Err(ArticleError::MissingBody);
    }
    let embedded = post.embedded.unwrap_or_default();
    let text_at = |value: &Value, pointer: &str| {
        value
            .pointer(pointer)
            .and_then(Value::as_str)
            .map(plain_text)
            .filter(|t| !t.is_empty())
    };
    let section = embedded
        .get("wp:term")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .flat_map(|terms| terms.as_array().into_iter().flatten())
        .find(|term| term.get("taxonomy").and_then(Value::as_str) == Some("category"))
        .and_then(|term| text_at(term, "/name"));
    let image = embedded.pointer("/wp:featuredmedia/0").and_then(|media| {
        let url = media
            .get("source_url")
            .and_then(Value::as_str)
            .filter(|u| is_absolute_http(u))?;
        let dimension = |key| {
            media
                .pointer(&format!("/media_details/{key}"))
                .and_then(Value::as_u64)
                .and_then(|n| u32::try_from(n).ok())
                .filter(|n| (1..=20_000).contains(n))
        };
        Some(Image {
            url: url.to_owned(),
            caption: text_at(media, "/caption/rendered"),
            alt: text_at(media, "/alt_text"),
            width: dimension("width"),
            height: dimension("height"),
        })
    });
    let authors = text_at(&embedded, "/author/0/name").into_iter().collect();
    Ok(Article {
        headline: cap_chars(headline, 1_000),
        section,
        image,
        paragraphs: Vec::new(),
        lang: None,
        // WordPress's `date_gmt` has no zone: it is UTC.
        date_published: post.date_gmt.filter(|d| !d.is_empty()).map(|d| format!("{d}Z")),
        authors,
        source: None,
        url: Some(post.link).filter(|l| is_absolute_http(l)),
        ld_id: None,
        comments: Vec::new(),
        html_body: Some(post.content.rendered),
        wordpress: Some(WpPost {
            api,
            id: post.id,
            comments_open: post.comment_status == "open",
            discussion: post.maqal_discussion.map_or_else(WpDiscussion::default, |d| {
                let defaults = WpDiscussion::default();
                WpDiscussion {
                    require_name_email: d.require_name_email.unwrap_or(defaults.require_name_email),
                    thread_depth: d
                        .thread_depth
                        .filter(|n| (1..=10).contains(n))
                        .unwrap_or(defaults.thread_depth),
                    accounts_only: d.accounts_only.unwrap_or(defaults.accounts_only),
                }
            }),
        }),
    })
}

/// A GET against the site's REST API, read as an [`Answer`].
pub async fn get(
    url: &str,
    abort: Option<&web_sys::AbortSignal>,
    max_bytes: usize,
) -> Result<(Answer, http::Reply), HttpError> {
    let reply = http::send(http::Request {
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
pub async fn load_post(
    site: &str,
    post: &PostRef,
    abort: Option<web_sys::AbortSignal>,
) -> Result<Article, ArticleError> {
    let query = |api: &WpApi| match post {
        PostRef::Id(id) => api.url(&format!("wp/v2/posts/{id}"), &[("_embed", EMBEDDED.into())]),
        PostRef::Slug(slug) => api.url("wp/v2/posts", &[("slug", slug.clone()), ("_embed", EMBEDDED.into())]),
    };
    let mut unreachable = None;
    for api in WpApi::candidates(site) {
        let answer = match get(&query(&api), abort.as_ref(), MAX_POST_BYTES).await {
            Ok(answer) => answer,
            // A site without pretty permalinks answers /wp-json/ with a page of its own, which
            // carries no CORS headers: the browser reports that as a network error. Try the
            // other address before saying the site cannot be reached.
            // The widget went away: nothing more to ask.
            Err(HttpError::Network(detail)) if abort.as_ref().is_some_and(web_sys::AbortSignal::aborted) => {
                return Err(ArticleError::Network(detail));
            }
            Err(HttpError::Network(detail)) => {
                unreachable = Some(ArticleError::Network(detail));
                continue;
            }
            Err(HttpError::Timeout) => return Err(ArticleError::Timeout),
            Err(HttpError::TooLarge) => return Err(ArticleError::TooLarge),
            Err(HttpError::NotUtf8) => return Err(ArticleError::NotJson("not UTF-8".into())),
        };
        match answer.0 {
            // Not the REST API's answer: try the other address, then give up.
            Answer::NotJson(_) => continue,
            Answer::Error { status, code } => return Err(post_error(status, &code)),
            Answer::Json(Value::Array(mut posts)) => {
                return match posts.is_empty() {
                    true => Err(ArticleError::WpNotFound),
                    false => post_to_article(posts.swap_remove(0), api),
                };
            }
            Answer::Json(value @ Value::Object(_)) => return post_to_article(value, api),
            Answer::Json(_) => return Err(ArticleError::NotWordPress),
        }
    }
    match unreachable {
        // Both addresses failed as network errors: a site that is up but refuses this origin
        // still answers a request that does not ask for CORS.
        Some(_) if http::answers_without_cors(&format!("{}/", site.trim_end_matches('/')), abort.as_ref()).await => {
            Err(ArticleError::CorsRefused)
        }
        Some(error) => Err(error),
        None => Err(ArticleError::NotWordPress),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

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
    fn html_becomes_text() {
        assert_eq!(
            plain_text("Rich &amp; &#8220;quoted&#8221; content"),
            "Rich & “quoted” content"
        );
        assert_eq!(plain_text("<p>A <em>caption</em></p>\n"), "A caption");
        assert_eq!(
            plain_text("&#x1F600; &lt;b&gt; &bogus; & alone &#0; &#xZZ;"),
            "😀 <b> &bogus; & alone &#0; &#xZZ;"
        );
        assert_eq!(plain_text("a<b"), "a", "an unclosed tag ends the text");
        for input in crate::fuzz::strings("<>&#x;ampltb1 \u{feff}ت", 3_000, 30) {
            let _ = plain_text(&input);
        }
    }

    #[test]
    fn answers_are_classified() {
        assert_eq!(classify(200, "[]"), Answer::Json(json!([])));
        assert_eq!(
            classify(401, r#"{"code":"rest_disabled","message":"x"}"#),
            Answer::Error {
                status: 401,
                code: "rest_disabled".into()
            }
        );
        assert_eq!(classify(404, "<!doctype html><p>Not found"), Answer::NotJson(404));
        assert_eq!(classify(200, "\u{feff}{}"), Answer::Json(json!({})));
        assert_eq!(post_error(404, "rest_post_invalid_id"), ArticleError::WpNotFound);
        assert_eq!(post_error(401, "rest_forbidden"), ArticleError::WpPrivate);
        assert_eq!(post_error(401, "rest_disabled"), ArticleError::WpRestDisabled);
        assert_eq!(post_error(403, "whatever"), ArticleError::WpRestDisabled);
        assert_eq!(post_error(500, ""), ArticleError::Http(500));
    }

    fn api() -> WpApi {
        WpApi::Pretty("https://news.example/wp-json/".into())
    }

    #[test]
    fn a_post_with_its_embedded_media_terms_and_author() {
        let post = json!({
            "id": 5, "link": "https://news.example/telegram/", "date_gmt": "2016-02-23T08:00:00",
            "comment_status": "open",
            "title": {"rendered": "تيليجرام &#8211; &#8220;12 مليار&#8221;"},
            "content": {"rendered": "<p>فقرة</p>", "protected": false},
            "_embedded": {
                "author": [{"name": "محرر &amp; كاتب"}],
                "wp:featuredmedia": [{"source_url": "https://news.example/t.jpg", "alt_text": "شعار",
                    "caption": {"rendered": "<p>تيليجرام</p>\n"}, "media_details": {"width": 1200, "height": 630}}],
                "wp:term": [[{"taxonomy": "category", "name": "التقارير"}], [{"taxonomy": "post_tag", "name": "x"}]]
            }
        });
        let a = post_to_article(post, api()).expect("an article");
        assert_eq!(a.headline, "تيليجرام – “12 مليار”");
        assert_eq!(a.section.as_deref(), Some("التقارير"));
        assert_eq!(a.authors, vec!["محرر & كاتب".to_owned()]);
        assert_eq!(a.date_published.as_deref(), Some("2016-02-23T08:00:00Z"));
        assert_eq!(a.url.as_deref(), Some("https://news.example/telegram/"));
        assert_eq!(a.html_body.as_deref(), Some("<p>فقرة</p>"));
        let image = a.image.expect("lead image");
        assert_eq!(
            (image.caption.as_deref(), image.alt.as_deref(), image.width),
            (Some("تيليجرام"), Some("شعار"), Some(1200))
        );
        let post = a.wordpress.expect("from WordPress");
        assert_eq!((post.id, post.comments_open), (5, true));
        assert_eq!(
            post.discussion,
            WpDiscussion::default(),
            "WordPress's defaults without the plugin"
        );
    }

    #[test]
    fn the_plugin_publishes_the_sites_discussion_settings() {
        let post = json!({"id": 1, "title": {"rendered": "T"}, "content": {"rendered": "<p>x</p>"},
            "maqal_discussion": {"require_name_email": false, "thread_depth": 3, "accounts_only": true}});
        let discussion = post_to_article(post, api())
            .ok()
            .and_then(|a| a.wordpress)
            .map(|w| w.discussion);
        assert_eq!(
            discussion,
            Some(WpDiscussion {
                require_name_email: false,
                thread_depth: 3,
                accounts_only: true
            })
        );
        let odd = json!({"id": 1, "title": {"rendered": "T"}, "content": {"rendered": "<p>x</p>"},
            "maqal_discussion": {"require_name_email": "no", "thread_depth": 99}});
        let discussion = post_to_article(odd, api())
            .ok()
            .and_then(|a| a.wordpress)
            .map(|w| w.discussion);
        assert_eq!(
            discussion,
            Some(WpDiscussion::default()),
            "odd values read as the defaults"
        );
    }

    #[test]
    fn protected_empty_and_odd_posts() {
        let protected = json!({"id": 1, "title": {"rendered": "T"}, "content": {"rendered": "", "protected": true}});
        assert_eq!(post_to_article(protected, api()), Err(ArticleError::WpProtected));
        let untitled = json!({"id": 1, "title": {"rendered": " "}, "content": {"rendered": "<p>x</p>"}});
        assert_eq!(post_to_article(untitled, api()), Err(ArticleError::MissingHeadline));
        let empty = json!({"id": 1, "title": {"rendered": "T"}, "content": {"rendered": "<p> </p>"}});
        assert_eq!(post_to_article(empty, api()), Err(ArticleError::MissingBody));
        let odd = json!({"id": 1, "title": "not an object", "content": {"rendered": "<p>x</p>"},
            "link": "javascript:alert(1)", "_embedded": {"wp:featuredmedia": [{"source_url": "data:x"}]}});
        assert_eq!(post_to_article(odd, api()), Err(ArticleError::MissingHeadline));
        let odd = json!({"id": 1, "title": {"rendered": "T"}, "content": {"rendered": "<p>x</p>"},
            "link": "javascript:alert(1)", "comment_status": "closed", "_embedded": {"wp:featuredmedia": [{"source_url": "data:x"}]}});
        let a = post_to_article(odd, api()).expect("still an article");
        assert_eq!(
            (a.url, a.image, a.wordpress.map(|w| w.comments_open)),
            (None, None, Some(false))
        );
        assert!(
            post_to_article(json!({"title": {"rendered": "T"}}), api()).is_err(),
            "an id is needed"
        );
    }
}
