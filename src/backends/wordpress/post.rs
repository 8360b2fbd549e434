//! A WordPress post (`wp/v2/posts`) as an [`Article`]: titles, captions and names arrive as HTML
//! (entities, curly quotes) and become text here; the body stays HTML, shown only through the
//! sanitizer. The site's discussion settings come with it, through the plugin in `wordpress/`.

use super::api::{Answer, PostRef, Rendered, WpApi, get};
use crate::article::{Article, ArticleError, Body, Image};
use crate::web::http::{self, HttpError};
use crate::web::json::{self, Lenient, Loose, loose, loose_list};
use crate::web::text::{cap_chars, plain_text};
use crate::web::url::is_absolute_http;
use serde::Deserialize;
use serde::de::{MapAccess, SeqAccess};

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

/// A post as `wp/v2/posts?_embed=author,wp:featuredmedia,wp:term` sends it: what the widget
/// reads of it. Missing or mistyped members read as absent.
#[derive(Default, Deserialize)]
pub struct WirePost {
    #[serde(default, deserialize_with = "loose")]
    id: Option<u64>,
    #[serde(default, deserialize_with = "loose")]
    title: Option<Rendered>,
    #[serde(default, deserialize_with = "loose")]
    content: Option<Rendered>,
    #[serde(default, rename = "_embedded", deserialize_with = "loose")]
    embedded: Option<WireEmbedded>,
    /// The site's discussion settings, as the Maqal plugin (`wordpress/`) adds them to a post.
    #[serde(default, deserialize_with = "loose")]
    maqal_discussion: Option<WireDiscussion>,
    #[serde(default, deserialize_with = "loose")]
    comment_status: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    date_gmt: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    link: Option<String>,
}

#[derive(Default, Deserialize)]
struct WireEmbedded {
    #[serde(default, deserialize_with = "loose_list")]
    author: Vec<WireTerm>,
    /// The post's terms, a list per taxonomy.
    #[serde(default, rename = "wp:term", deserialize_with = "loose_list")]
    terms: Vec<Vec<WireTerm>>,
    #[serde(default, rename = "wp:featuredmedia", deserialize_with = "loose_list")]
    media: Vec<WireMedia>,
}

/// A term or an author: its name.
#[derive(Default, Deserialize)]
struct WireTerm {
    #[serde(default, deserialize_with = "loose")]
    taxonomy: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    name: Option<String>,
}

#[derive(Default, Deserialize)]
struct WireMedia {
    #[serde(default, deserialize_with = "loose")]
    source_url: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    caption: Option<Rendered>,
    #[serde(default, deserialize_with = "loose")]
    alt_text: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    media_details: Option<WireSize>,
}

#[derive(Default, Deserialize)]
struct WireSize {
    #[serde(default, deserialize_with = "loose")]
    width: Option<u64>,
    #[serde(default, deserialize_with = "loose")]
    height: Option<u64>,
}

#[derive(Default, Deserialize)]
struct WireDiscussion {
    #[serde(default, deserialize_with = "loose")]
    open: Option<bool>,
    #[serde(default, deserialize_with = "loose")]
    require_name_email: Option<bool>,
    #[serde(default, deserialize_with = "loose")]
    thread_depth: Option<u64>,
    #[serde(default, deserialize_with = "loose")]
    accounts_only: Option<bool>,
    #[serde(default, deserialize_with = "loose")]
    lang: Option<String>,
}
crate::lenient_record!(WirePost, WireEmbedded, WireTerm, WireMedia, WireSize, WireDiscussion);

/// What `wp/v2/posts` answers: a post (asked by id) or a list of them (asked by slug).
struct Posts(Vec<WirePost>);

impl Lenient for Posts {
    fn from_list<'de, A: SeqAccess<'de>>(list: A) -> Result<Option<Self>, A::Error> {
        Vec::from_list(list).map(|posts| posts.map(Posts))
    }
    fn from_object<'de, A: MapAccess<'de>>(object: A) -> Result<Option<Self>, A::Error> {
        json::record(object).map(|post| post.map(|post| Posts(vec![post])))
    }
}

/// `rendered` as text, if there is any.
fn text_of(rendered: Option<&str>) -> Option<String> {
    rendered.map(plain_text).filter(|t| !t.is_empty())
}

/// A post as an article whose comments live at `api`. A post needs its id, a title and a body.
pub fn post_to_article(post: WirePost, api: WpApi) -> Result<(Article, WpPost), ArticleError> {
    let id = post
        .id
        .ok_or_else(|| ArticleError::NotJson("a post without an id".into()))?;
    let content = post.content.unwrap_or_default();
    if content.protected == Some(true) {
        return Err(ArticleError::Protected);
    }
    let headline = plain_text(post.title.and_then(|t| t.rendered).as_deref().unwrap_or_default());
    if headline.is_empty() {
        return Err(ArticleError::MissingHeadline);
    }
    let content = content.rendered.unwrap_or_default();
    if plain_text(&content).is_empty() && !content.contains("<img") {
        return Err(ArticleError::MissingBody);
    }
    let embedded = post.embedded.unwrap_or_default();
    let section = embedded
        .terms
        .iter()
        .flatten()
        .find(|term| term.taxonomy.as_deref() == Some("category"))
        .and_then(|term| text_of(term.name.as_deref()));
    let image = embedded.media.into_iter().next().and_then(|media| {
        let url = media.source_url.filter(|u| is_absolute_http(u))?;
        let size = media.media_details.unwrap_or_default();
        let dimension = |n: Option<u64>| {
            n.and_then(|n| u32::try_from(n).ok())
                .filter(|n| (1..=20_000).contains(n))
        };
        Some(Image {
            url,
            caption: text_of(media.caption.and_then(|c| c.rendered).as_deref()),
            alt: text_of(media.alt_text.as_deref()),
            width: dimension(size.width),
            height: dimension(size.height),
        })
    });
    let authors = embedded
        .author
        .first()
        .and_then(|author| text_of(author.name.as_deref()))
        .into_iter()
        .collect();
    let discussion = post.maqal_discussion.unwrap_or_default();
    let lang = discussion
        .lang
        .filter(|tag| tag.len() <= 35 && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_'));
    let defaults = WpDiscussion::default();
    let home = WpPost {
        api,
        id,
        // WordPress's `comments_open()` (the plugin): also false on a post older than the site's
        // limit ("close comments on posts older than N days"), which `comment_status` does not say.
        comments_open: discussion
            .open
            .unwrap_or(post.comment_status.as_deref() == Some("open")),
        discussion: WpDiscussion {
            require_name_email: discussion.require_name_email.unwrap_or(defaults.require_name_email),
            thread_depth: discussion
                .thread_depth
                .map(|n| n as usize)
                .filter(|n| (1..=10).contains(n))
                .unwrap_or(defaults.thread_depth),
            accounts_only: discussion.accounts_only.unwrap_or(defaults.accounts_only),
        },
    };
    let article = Article {
        headline: cap_chars(headline, 1_000),
        section,
        image,
        body: Body::Html(content),
        lang,
        // WordPress's `date_gmt` has no zone: it is UTC.
        date_published: post.date_gmt.filter(|d| !d.is_empty()).map(|d| format!("{d}Z")),
        authors,
        source: None,
        url: post.link.filter(|l| is_absolute_http(l)),
        ld_id: None,
        comments: Vec::new(),
    };
    Ok((article, home))
}

/// Finds the site's REST API and loads the post from it: the article, and where its comments live.
pub async fn load_post(
    site: &str,
    post: &PostRef,
    kind: &str,
    abort: Option<web_sys::AbortSignal>,
) -> Result<(Article, WpPost), ArticleError> {
    let query = |api: &WpApi| match post {
        PostRef::Id(id) => api.url(&format!("wp/v2/{kind}/{id}"), &[("_embed", EMBEDDED.into())]),
        PostRef::Slug(slug) => api.url(
            &format!("wp/v2/{kind}"),
            &[("slug", slug.clone()), ("_embed", EMBEDDED.into())],
        ),
    };
    let mut unreachable = None;
    for api in WpApi::candidates(site) {
        let answer = match get::<Loose<Posts>>(&query(&api), abort.as_ref(), MAX_POST_BYTES).await {
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
            Answer::Json(Loose(Some(Posts(posts)))) => {
                return match posts.into_iter().next() {
                    None => Err(ArticleError::NotFound),
                    Some(post) => post_to_article(post, api),
                };
            }
            Answer::Json(Loose(None)) => return Err(ArticleError::NotASite),
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

    /// The loader asks for the post while the module downloads (embed/maqal.js), as it would.
    #[test]
    fn the_loader_embeds_what_the_module_does() {
        let loader = include_str!("../../../embed/maqal.js");
        assert!(loader.contains(&format!("['_embed', '{EMBEDDED}']")));
    }

    #[test]
    fn posts_read_anything() {
        json::reads_anything::<Loose<Posts>>(
            r#"[{"id": 5, "link": "https://news.example/t/", "date_gmt": "2016-02-23T08:00:00", "comment_status": "open",
                "title": {"rendered": "t"}, "content": {"rendered": "<p>x</p>", "protected": false},
                "maqal_discussion": {"open": true, "require_name_email": true, "thread_depth": 5, "accounts_only": false, "lang": "ar"},
                "_embedded": {"author": [{"name": "a"}], "wp:term": [[{"taxonomy": "category", "name": "c"}]],
                    "wp:featuredmedia": [{"source_url": "https://news.example/t.jpg", "alt_text": "x", "caption": {"rendered": "c"},
                        "media_details": {"width": 1200, "height": 630}}]}}]"#,
        );
    }
    use serde_json::json;

    #[test]
    fn post_errors_as_the_reader_should_hear_them() {
        assert_eq!(post_error(404, "rest_post_invalid_id"), ArticleError::NotFound);
        assert_eq!(post_error(401, "rest_forbidden"), ArticleError::Private);
        assert_eq!(post_error(401, "rest_disabled"), ArticleError::ApiOff);
        assert_eq!(post_error(403, "whatever"), ArticleError::ApiOff);
        assert_eq!(post_error(500, ""), ArticleError::Http(500));
    }

    /// A post as the REST API sends it, read as the widget reads it.
    fn wp(value: serde_json::Value) -> WirePost {
        json::parse(&value.to_string()).expect("JSON")
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
        let (a, post) = post_to_article(wp(post), api()).expect("an article");
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
        let read = post_to_article(wp(post), api()).ok();
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
        let read = post_to_article(wp(odd), api()).ok();
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
        assert_eq!(post_to_article(wp(protected), api()), Err(ArticleError::Protected));
        let untitled = json!({"id": 1, "title": {"rendered": " "}, "content": {"rendered": "<p>x</p>"}});
        assert_eq!(post_to_article(wp(untitled), api()), Err(ArticleError::MissingHeadline));
        let empty = json!({"id": 1, "title": {"rendered": "T"}, "content": {"rendered": "<p> </p>"}});
        assert_eq!(post_to_article(wp(empty), api()), Err(ArticleError::MissingBody));
        let odd = json!({"id": 1, "title": "not an object", "content": {"rendered": "<p>x</p>"},
            "link": "javascript:alert(1)", "_embedded": {"wp:featuredmedia": [{"source_url": "data:x"}]}});
        assert_eq!(post_to_article(wp(odd), api()), Err(ArticleError::MissingHeadline));
        let odd = json!({"id": 1, "title": {"rendered": "T"}, "content": {"rendered": "<p>x</p>"},
            "link": "javascript:alert(1)", "comment_status": "closed", "_embedded": {"wp:featuredmedia": [{"source_url": "data:x"}]}});
        let (a, w) = post_to_article(wp(odd), api()).expect("still an article");
        assert_eq!((a.url, a.image, w.comments_open), (None, None, false));
        assert!(
            post_to_article(wp(json!({"title": {"rendered": "T"}})), api()).is_err(),
            "an id is needed"
        );
    }
}
