//! A WordPress post (`wp/v2/posts`) as an [`Article`]: titles, captions and names arrive as HTML
//! (entities, curly quotes) and become text here; the body stays HTML, shown only through the
//! sanitizer. The site's discussion settings come with it, through the plugin in `wordpress/`.

use super::api::{Answer, PostRef, WpApi, get};
use crate::article::{Article, ArticleError, Body, Image};
use crate::web::http::{self, HttpError};
use crate::web::json::Json;
use crate::web::text::{cap_chars, plain_text};
use crate::web::url::is_absolute_http;

/// A post's page of JSON with `_embed`: a long article with its media and terms.
const MAX_POST_BYTES: usize = 4 * 1024 * 1024;
/// What the post request embeds: its author, lead image and terms. Not `_embed=1`, which also
/// brings the first page of comments (with commenters' avatars) to a page that shows none yet
/// (`loading="lazy"`, `comments="none"`) or asks for them on its own.
const EMBEDDED: &str = "author,wp:featuredmedia,wp:term";

/// Where a post's comments live and what its site asks of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WpPost {
    pub api: WpApi,
    pub id: u64,
    /// Readers may add comments: the post's `comment_status`, or, with the plugin, WordPress's
    /// own `comments_open()` (which also closes posts older than the site's limit).
    pub comments_open: bool,
    /// The site's discussion settings, when its Maqal plugin publishes them.
    pub discussion: WpDiscussion,
}

/// What a site asks of comments. WordPress's defaults until the site says otherwise.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WpDiscussion {
    pub require_name_email: bool,
    /// How deeply replies nest (1: no threading).
    pub thread_depth: usize,
    /// Only people with an account may comment.
    pub accounts_only: bool,
}

impl Default for WpDiscussion {
    fn default() -> Self {
        WpDiscussion {
            require_name_email: true,
            thread_depth: 5,
            accounts_only: false,
        }
    }
}

fn post_error(status: u16, code: &str) -> ArticleError {
    match code {
        "rest_post_invalid_id" | "rest_no_route" if status == 404 => ArticleError::NotFound,
        "rest_forbidden" | "rest_cannot_read" => ArticleError::Private,
        "rest_disabled" | "rest_not_logged_in" | "rest_cannot_access" | "rest_login_required" => ArticleError::ApiOff,
        _ if status == 401 || status == 403 => ArticleError::ApiOff,
        _ if status == 404 => ArticleError::NotFound,
        _ => ArticleError::Http(status),
    }
}

/// A post (as `wp/v2/posts?_embed` sends it) as an article whose comments live at `api`. Missing
/// or mistyped members read as absent; a post needs its id, a title and a body.
pub fn post_to_article(post: &Json, api: WpApi) -> Result<(Article, WpPost), ArticleError> {
    let id = post
        .get("id")
        .and_then(Json::as_u64)
        .ok_or_else(|| ArticleError::NotJson("a post without an id".into()))?;
    let rendered = |key: &str| {
        post.pointer(&format!("/{key}/rendered"))
            .and_then(Json::as_str)
            .unwrap_or_default()
    };
    if post.pointer("/content/protected").and_then(Json::as_bool) == Some(true) {
        return Err(ArticleError::Protected);
    }
    let headline = plain_text(rendered("title"));
    if headline.is_empty() {
        return Err(ArticleError::MissingHeadline);
    }
    let content = rendered("content");
    if plain_text(content).is_empty() && !content.contains("<img") {
        return Err(ArticleError::MissingBody);
    }
    let embedded = post.get("_embedded").unwrap_or(&Json::Null);
    let text_at = |value: &Json, pointer: &str| {
        value
            .pointer(pointer)
            .and_then(Json::as_str)
            .map(plain_text)
            .filter(|t| !t.is_empty())
    };
    let section = embedded
        .get("wp:term")
        .map(Json::items)
        .unwrap_or_default()
        .iter()
        .flat_map(Json::items)
        .find(|term| term.str_of("taxonomy") == Some("category"))
        .and_then(|term| text_at(term, "/name"));
    let image = embedded.pointer("/wp:featuredmedia/0").and_then(|media| {
        let url = media.str_of("source_url").filter(|u| is_absolute_http(u))?;
        let dimension = |key| {
            media
                .pointer(&format!("/media_details/{key}"))
                .and_then(Json::as_u64)
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
    let authors = text_at(embedded, "/author/0/name").into_iter().collect();
    // The site's discussion settings, as the Maqal plugin (`wordpress/`) adds them to a post.
    let discussion = post.get("maqal_discussion").unwrap_or(&Json::Null);
    let setting = |key| discussion.get(key).and_then(Json::as_bool);
    let lang = discussion
        .str_of("lang")
        .filter(|tag| tag.len() <= 35 && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .map(str::to_owned);
    let defaults = WpDiscussion::default();
    let home = WpPost {
        api,
        id,
        // WordPress's `comments_open()` (the plugin): also false on a post older than the site's
        // limit ("close comments on posts older than N days"), which `comment_status` does not say.
        comments_open: setting("open").unwrap_or(post.str_of("comment_status") == Some("open")),
        discussion: WpDiscussion {
            require_name_email: setting("require_name_email").unwrap_or(defaults.require_name_email),
            thread_depth: discussion
                .get("thread_depth")
                .and_then(Json::as_u64)
                .map(|n| n as usize)
                .filter(|n| (1..=10).contains(n))
                .unwrap_or(defaults.thread_depth),
            accounts_only: setting("accounts_only").unwrap_or(defaults.accounts_only),
        },
    };
    let article = Article {
        headline: cap_chars(headline, 1_000),
        section,
        image,
        body: Body::Html(content.to_owned()),
        lang,
        // WordPress's `date_gmt` has no zone: it is UTC.
        date_published: post
            .str_of("date_gmt")
            .filter(|d| !d.is_empty())
            .map(|d| format!("{d}Z")),
        authors,
        source: None,
        url: post.str_of("link").filter(|l| is_absolute_http(l)).map(str::to_owned),
        ld_id: None,
        comments: Vec::new(),
    };
    Ok((article, home))
}

/// Finds the site's REST API and loads the post from it: the article, and where its comments live.
pub async fn load_post(
    site: &str,
    post: &PostRef,
    abort: Option<web_sys::AbortSignal>,
) -> Result<(Article, WpPost), ArticleError> {
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
            Err(other) => return Err(ArticleError::from(other)),
        };
        match answer.0 {
            // Not the REST API's answer: try the other address, then give up.
            Answer::NotJson(_) => continue,
            Answer::Error { status, code } => return Err(post_error(status, &code)),
            Answer::Json(Json::Array(mut posts)) => {
                return match posts.is_empty() {
                    true => Err(ArticleError::NotFound),
                    false => post_to_article(&posts.swap_remove(0), api),
                };
            }
            Answer::Json(value @ Json::Object(_)) => return post_to_article(&value, api),
            Answer::Json(_) => return Err(ArticleError::NotASite),
        }
    }
    match unreachable {
        // Both addresses failed as network errors: a site that is up but refuses this origin
        // still answers a request that does not ask for CORS.
        Some(_) if http::answers_without_cors(&format!("{}/", site.trim_end_matches('/')), abort.as_ref()).await => {
            Err(ArticleError::CorsRefused)
        }
        Some(error) => Err(error),
        None => Err(ArticleError::NotASite),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn post_errors_as_the_reader_should_hear_them() {
        assert_eq!(post_error(404, "rest_post_invalid_id"), ArticleError::NotFound);
        assert_eq!(post_error(401, "rest_forbidden"), ArticleError::Private);
        assert_eq!(post_error(401, "rest_disabled"), ArticleError::ApiOff);
        assert_eq!(post_error(403, "whatever"), ArticleError::ApiOff);
        assert_eq!(post_error(500, ""), ArticleError::Http(500));
    }

    /// A post as the REST API sends it, read by the widget's own JSON reader.
    fn wp(value: serde_json::Value) -> Json {
        crate::web::json::parse(&value.to_string()).expect("JSON")
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
        let (a, post) = post_to_article(&wp(post), api()).expect("an article");
        assert_eq!(a.headline, "تيليجرام – “12 مليار”");
        assert_eq!(a.section.as_deref(), Some("التقارير"));
        assert_eq!(a.authors, vec!["محرر & كاتب".to_owned()]);
        assert_eq!(a.date_published.as_deref(), Some("2016-02-23T08:00:00Z"));
        assert_eq!(a.url.as_deref(), Some("https://news.example/telegram/"));
        assert_eq!(a.body, Body::Html("<p>فقرة</p>".into()));
        let image = a.image.expect("lead image");
        assert_eq!(
            (image.caption.as_deref(), image.alt.as_deref(), image.width),
            (Some("تيليجرام"), Some("شعار"), Some(1200))
        );
        assert_eq!((post.id, post.comments_open, a.lang), (5, true, None));
        assert_eq!(
            post.discussion,
            WpDiscussion::default(),
            "WordPress's defaults without the plugin"
        );
    }

    #[test]
    fn the_plugin_publishes_the_sites_discussion_settings() {
        let post = json!({"id": 1, "title": {"rendered": "T"}, "content": {"rendered": "<p>x</p>"},
            "comment_status": "open",
            "maqal_discussion": {"require_name_email": false, "thread_depth": 3, "accounts_only": true,
                "open": false, "lang": "ar"}});
        let read = post_to_article(&wp(post), api()).ok();
        assert_eq!(
            read.as_ref().map(|(a, w)| (a.lang.as_deref(), w.comments_open)),
            Some((Some("ar"), false)),
            "comments_open() wins over comment_status; the site's language is the article's"
        );
        let discussion = read.map(|(_, w)| w.discussion);
        assert_eq!(
            discussion,
            Some(WpDiscussion {
                require_name_email: false,
                thread_depth: 3,
                accounts_only: true
            })
        );
        let odd = json!({"id": 1, "title": {"rendered": "T"}, "content": {"rendered": "<p>x</p>"},
            "maqal_discussion": {"require_name_email": "no", "thread_depth": 99, "lang": "en\"><x"}});
        let read = post_to_article(&wp(odd), api()).ok();
        assert_eq!(
            read.as_ref().map(|(a, _)| a.lang.clone()),
            Some(None),
            "an odd tag is no language"
        );
        let discussion = read.map(|(_, w)| w.discussion);
        assert_eq!(
            discussion,
            Some(WpDiscussion::default()),
            "odd values read as the defaults"
        );
    }

    #[test]
    fn protected_empty_and_odd_posts() {
        let protected = json!({"id": 1, "title": {"rendered": "T"}, "content": {"rendered": "", "protected": true}});
        assert_eq!(post_to_article(&wp(protected), api()), Err(ArticleError::Protected));
        let untitled = json!({"id": 1, "title": {"rendered": " "}, "content": {"rendered": "<p>x</p>"}});
        assert_eq!(
            post_to_article(&wp(untitled), api()),
            Err(ArticleError::MissingHeadline)
        );
        let empty = json!({"id": 1, "title": {"rendered": "T"}, "content": {"rendered": "<p> </p>"}});
        assert_eq!(post_to_article(&wp(empty), api()), Err(ArticleError::MissingBody));
        let odd = json!({"id": 1, "title": "not an object", "content": {"rendered": "<p>x</p>"},
            "link": "javascript:alert(1)", "_embedded": {"wp:featuredmedia": [{"source_url": "data:x"}]}});
        assert_eq!(post_to_article(&wp(odd), api()), Err(ArticleError::MissingHeadline));
        let odd = json!({"id": 1, "title": {"rendered": "T"}, "content": {"rendered": "<p>x</p>"},
            "link": "javascript:alert(1)", "comment_status": "closed", "_embedded": {"wp:featuredmedia": [{"source_url": "data:x"}]}});
        let (a, w) = post_to_article(&wp(odd), api()).expect("still an article");
        assert_eq!((a.url, a.image, w.comments_open), (None, None, false));
        assert!(
            post_to_article(&wp(json!({"title": {"rendered": "T"}})), api()).is_err(),
            "an id is needed"
        );
    }
}
