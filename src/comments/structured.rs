//! Structured data search engines read: the article as schema.org `NewsArticle` with its
//! `commentCount` and the comments on screen as nested `Comment` items, written as one
//! `<script type="application/ld+json">` in the element's light DOM (where a crawler reading the
//! rendered page finds it; the shadow root is the widget's own).
//!
//! The document is built purely (natively tested); [`writer`] puts it in the page. Neither is
//! needed to show a comment: they come with the reader's part of the widget (the same file, asked
//! for once the first comments are on screen), and the structured data follows a frame or two
//! after the comments it describes.

use web_sys::HtmlElement;

use super::model::{Body, Comment, CommentState};
use crate::article::Article;
use crate::web::json;
use crate::web::split::split;
use crate::web::text::plain_text;
use crate::web::url::is_absolute_http;
use serde::Serialize;

/// Marks the script this widget writes, so it is never taken for the publisher's own JSON-LD.
pub const MARKER: &str = "data-maqal";
/// The script this widget writes, inside its element.
const OURS: &str = "script[data-maqal]";
/// The publisher's own JSON-LD inside the element (the article inline), never ours.
pub const PUBLISHERS: &str = r#"script[type="application/ld+json"]:not([data-maqal])"#;

/// The article's facts that go with its comments.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LdArticle {
    pub headline: String,
    /// The canonical address (the original's, also in excerpt mode).
    pub url: String,
    /// The item's `@id`: the publisher's own, else the canonical address with `#article`.
    pub id: String,
    /// Shown as an excerpt on another page: the article is not this page's main entity.
    pub excerpt: bool,
    pub date_published: Option<String>,
    pub image: Option<String>,
    pub authors: Vec<String>,
    pub lang: Option<String>,
    pub section: Option<String>,
}

impl LdArticle {
    /// `url` is the article's canonical address; `excerpt`: this page shows only the beginning
    /// of an article that lives there (a partner page).
    pub fn of(article: &Article, url: String, excerpt: bool) -> LdArticle {
        LdArticle {
            headline: article.headline.clone(),
            // Not the bare address: that is the `@id` SEO plugins (Yoast) give the page itself;
            // theirs for its article is this one, so both describe one item.
            id: article.ld_id.clone().unwrap_or_else(|| format!("{url}#article")),
            url,
            excerpt,
            date_published: article.date_published.clone(),
            image: article.image.as_ref().map(|img| img.url.clone()),
            authors: article.authors.clone(),
            lang: article.lang.clone(),
            section: article.section.clone(),
        }
    }
}

/// One comment on screen, with its replies on screen.
#[derive(Clone, Debug, PartialEq)]
pub struct LdComment {
    pub comment: Comment,
    pub replies: Vec<LdComment>,
}

/// The document: schema.org's `NewsArticle` (absent members are left out).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LdDocument<'a> {
    #[serde(rename = "@context")]
    context: &'static str,
    #[serde(rename = "@type")]
    kind: &'static str,
    /// The same `@id` as the publisher's own JSON-LD, if it gave one: one item, not two.
    #[serde(rename = "@id")]
    id: &'a str,
    headline: &'a str,
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    main_entity_of_page: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_published: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    in_language: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    article_section: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    author: Vec<Person<'a>>,
    comment_count: usize,
    comment: Vec<LdItem<'a>>,
}

#[derive(Serialize)]
struct Person<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<&'a str>,
}

impl<'a> Person<'a> {
    fn new(name: &'a str, url: Option<&'a str>) -> Person<'a> {
        Person {
            kind: "Person",
            name,
            url,
        }
    }
}

/// A `Comment` item.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LdItem<'a> {
    #[serde(rename = "@type")]
    kind: &'static str,
    #[serde(rename = "@id")]
    id: String,
    url: String,
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    date_created: Option<String>,
    author: Person<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent_item: Option<ItemRef>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    comment: Vec<LdItem<'a>>,
}

/// Another item, by its `@id`.
#[derive(Serialize)]
struct ItemRef {
    #[serde(rename = "@id")]
    id: String,
}

/// The whole JSON-LD document, as text safe inside a `<script>` element.
pub fn document(article: &LdArticle, total: usize, comments: &[LdComment]) -> String {
    let doc = LdDocument {
        context: "https://schema.org",
        kind: "NewsArticle",
        id: &article.id,
        headline: &article.headline,
        url: &article.url,
        // On the article's own page it is the page's main entity; on a partner page (an
        // excerpt) it is not, and saying so would claim the original for this page.
        main_entity_of_page: (!article.excerpt).then_some(article.url.as_str()),
        date_published: article.date_published.as_deref(),
        image: article.image.as_deref(),
        in_language: article.lang.as_deref(),
        article_section: article.section.as_deref(),
        author: article.authors.iter().map(|name| Person::new(name, None)).collect(),
        comment_count: total,
        comment: items(&article.url, None, comments),
    };
    // `</script>` inside a string would end the element if the page were ever serialized and
    // parsed again; `<` as an escape reads the same to any JSON parser.
    json::to_string(&doc).replace('<', "\\u003c")
}

/// The published comments among `comments`, as `Comment` items. A deleted comment's replies
/// take its place; held and removed ones are the author's alone and are left out.
fn items<'a>(base: &str, parent: Option<&str>, comments: &'a [LdComment]) -> Vec<LdItem<'a>> {
    let mut out = Vec::new();
    for node in comments {
        let c = &node.comment;
        if c.state != CommentState::Published {
            if c.state == CommentState::Deleted {
                out.extend(items(base, parent, &node.replies));
            }
            continue;
        }
        let id = format!("{base}#{}", c.id.dom_id());
        let text = match &c.body {
            Body::Text(text) => text.clone(),
            Body::Html(html) => plain_text(html),
        };
        // schema.org wants a name; the widget shows "Anonymous" in the reader's language.
        let site = c.website.as_deref().filter(|site| is_absolute_http(site));
        out.push(LdItem {
            kind: "Comment",
            comment: items(base, Some(&id), &node.replies),
            url: id.clone(),
            text,
            date_created: c.created.and_then(iso_date_time),
            author: Person::new(c.author.as_deref().unwrap_or("Anonymous"), site),
            parent_item: parent.map(|parent| ItemRef { id: parent.to_owned() }),
            id,
        });
    }
    out
}

/// Milliseconds since the epoch as an ISO 8601 UTC date-time (`2016-02-23T10:15:00Z`); None
/// outside years 0–9999.
pub fn iso_date_time(ms: f64) -> Option<String> {
    if !ms.is_finite() {
        return None;
    }
    let seconds = (ms / 1000.0).floor() as i64;
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    if !(0..=9999).contains(&year) {
        return None;
    }
    let (h, m, s) = (rest / 3600, rest % 3600 / 60, rest % 60);
    Some(format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}Z"))
}

/// Writes the structured data of an article with `total` comments, those on screen given.
pub type Writer = fn(&HtmlElement, &LdArticle, usize, &[LdComment]);

split!(
    compose,
    /// What writes the structured data, fetched with the reader's part of the widget.
    pub fn writer() -> Writer {
        |host, article, total, comments| {
            // The comments alone of a page whose article the widget does not know
            // (`mode="comments"` without a source): no article to hang them on, so none.
            if !article.headline.is_empty() {
                write(host, &document(article, total, comments));
            }
        }
    }
);

/// Writes `json` as the element's structured data: one script of ours, kept and updated.
fn write(host: &HtmlElement, json: &str) {
    if !crate::web::trusted::allowed() {
        return;
    }
    let script = match host.query_selector(OURS).ok().flatten() {
        Some(script) => script,
        None => {
            let Ok(script) = leptos::prelude::document().create_element("script") else {
                return;
            };
            let _ = script.set_attribute("type", "application/ld+json");
            let _ = script.set_attribute(MARKER, "");
            let _ = host.append_child(&script);
            script
        }
    };
    if script.text_content().as_deref() != Some(json) {
        // Through the widget's Trusted Types policy, where the page enforces them: a JSON-LD
        // script is never run, but its text is set like any script's. A page that does not allow
        // the policy gets no structured data (the widget said so when it started).
        let _ = js_sys::Reflect::set(&script, &"text".into(), &crate::web::trusted::script(json));
    }
}

/// Removes the structured data this widget wrote (the widget is gone or re-rendering).
pub fn remove(host: &HtmlElement) {
    if let Some(script) = host.query_selector(OURS).ok().flatten() {
        script.remove();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::comments::model::CommentId;
    use serde_json::{Value, json};

    fn comment(id: &str, author: Option<&str>, website: Option<&str>, body: Body, state: CommentState) -> Comment {
        Comment {
            id: CommentId::parse(id).unwrap(),
            parent: None,
            author: author.map(Into::into),
            website: website.map(Into::into),
            avatar: None,
            body,
            created: Some(1_456_222_500_000.0),
            state,
            likes: 0,
            dislikes: 0,
            editable_until: None,
            my_vote: None,
        }
    }

    fn node(c: Comment, replies: Vec<LdComment>) -> LdComment {
        LdComment { comment: c, replies }
    }

    #[test]
    fn nested_comments_with_ids_authors_and_dates() {
        let article = LdArticle {
            headline: "تيليجرام".into(),
            url: "https://example.com/news/1".into(),
            id: "https://example.com/news/1#article".into(),
            authors: vec!["سارة".into()],
            ..LdArticle::default()
        };
        let reply = comment(
            "2",
            None,
            Some("javascript:alert(1)"),
            Body::Html("<p>a &amp; <b>b</b></p>".into()),
            CommentState::Published,
        );
        let held = comment("3", Some("x"), None, Body::Text("held".into()), CommentState::Pending);
        let top = comment(
            "1",
            Some("ليلى"),
            Some("https://laila.example/"),
            Body::Text("مرحبا </script><x>".into()),
            CommentState::Published,
        );
        let text = document(&article, 5, &[node(top, vec![node(reply, vec![]), node(held, vec![])])]);
        assert!(!text.contains('<'), "{text}");
        let doc: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(doc["@type"], "NewsArticle");
        assert_eq!(doc["@id"], "https://example.com/news/1#article");
        assert_eq!(doc["commentCount"], 5);
        assert_eq!(doc["author"][0]["name"], "سارة");
        let first = &doc["comment"][0];
        assert_eq!(first["@id"], "https://example.com/news/1#comment-1");
        assert_eq!(first["text"], "مرحبا </script><x>");
        assert_eq!(first["dateCreated"], "2016-02-23T10:15:00Z");
        assert_eq!(
            first["author"],
            json!({ "@type": "Person", "name": "ليلى", "url": "https://laila.example/" })
        );
        assert!(first.get("parentItem").is_none());
        let replies = first["comment"].as_array().unwrap();
        assert_eq!(replies.len(), 1, "the held reply is left out");
        assert_eq!(replies[0]["parentItem"]["@id"], "https://example.com/news/1#comment-1");
        assert_eq!(replies[0]["text"], "a & b");
        assert_eq!(replies[0]["author"], json!({ "@type": "Person", "name": "Anonymous" }));
    }

    #[test]
    fn a_deleted_comment_gives_way_to_its_replies() {
        let article = LdArticle {
            headline: "h".into(),
            url: "https://e.com/a".into(),
            ..LdArticle::default()
        };
        let deleted = comment("1", None, None, Body::Text(String::new()), CommentState::Deleted);
        let reply = comment("2", Some("b"), None, Body::Text("r".into()), CommentState::Published);
        let doc: Value =
            serde_json::from_str(&document(&article, 2, &[node(deleted, vec![node(reply, vec![])])])).unwrap();
        assert_eq!(doc["comment"].as_array().unwrap().len(), 1);
        assert_eq!(doc["comment"][0]["@id"], "https://e.com/a#comment-2");
        assert!(doc["comment"][0].get("parentItem").is_none());
        assert_eq!(document(&article, 0, &[]).matches("\"comment\":[]").count(), 1);
    }

    #[test]
    fn iso_dates() {
        assert_eq!(iso_date_time(0.0).as_deref(), Some("1970-01-01T00:00:00Z"));
        assert_eq!(
            iso_date_time(951_782_400_000.0).as_deref(),
            Some("2000-02-29T00:00:00Z")
        );
        assert_eq!(iso_date_time(-1000.0).as_deref(), Some("1969-12-31T23:59:59Z"));
        assert_eq!(iso_date_time(f64::NAN), None);
        assert_eq!(iso_date_time(1e20), None);
        assert_eq!(iso_date_time(-1e15), None);
    }
}
