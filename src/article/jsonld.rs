//! schema.org `NewsArticle` JSON-LD → [`Article`]: the only place that knows that wire format.
//!
//! Pure: no browser types, so every bad-input case is a native test.

use super::model::{Article, ArticleError, Body, Image, MAX_ARTICLE_BYTES, SeedComment, Source};
use crate::web::json::{self, Json};
use crate::web::url::{is_absolute_http, safe_url};

/// More comments than this in the document itself is not a seed, it is a thread: use a server.
pub const MAX_SEED_COMMENTS: usize = 500;

/// schema.org types we render as an article (`NewsArticle` and its relatives).
const ARTICLE_TYPES: &[&str] = &[
    "NewsArticle",
    "Article",
    "ReportageNewsArticle",
    "AnalysisNewsArticle",
    "OpinionNewsArticle",
    "BackgroundNewsArticle",
    "ReviewNewsArticle",
    "AskPublicNewsArticle",
    "BlogPosting",
    "TechArticle",
    "Report",
];

/// Parses a JSON-LD document into an [`Article`].
pub fn parse_article(text: &str) -> Result<Article, ArticleError> {
    if text.len() > MAX_ARTICLE_BYTES {
        return Err(ArticleError::TooLarge);
    }
    let doc: Json = json::tree(text).map_err(|e| ArticleError::NotJson(e.to_string()))?;
    let node = find_article(&doc).ok_or(ArticleError::NotArticle)?;

    let headline = text_of(node.get("headline")).ok_or(ArticleError::MissingHeadline)?;
    let paragraphs = node.get("articleBody").map(paragraphs_of).unwrap_or_default();
    if paragraphs.is_empty() {
        return Err(ArticleError::MissingBody);
    }
    Ok(Article {
        headline,
        section: text_of(node.get("articleSection")),
        image: node.get("image").and_then(image_of),
        body: Body::Paragraphs(paragraphs),
        lang: node.get("inLanguage").and_then(language_of),
        date_published: text_of(node.get("datePublished")),
        authors: names_of(node.get("author")),
        source: node
            .get("isBasedOn")
            .and_then(source_of)
            .or_else(|| node.get("citation").and_then(source_of)),
        // May be relative to the document they were written in: the loader resolves them (and
        // drops what is not http(s) then).
        url: text_of(node.get("url"))
            .or_else(|| text_of(node.get("mainEntityOfPage")))
            .or_else(|| text_of(node.get("mainEntityOfPage").and_then(|m| m.get("@id"))))
            .and_then(|u| safe_url(&u)),
        ld_id: text_of(node.get("@id")).and_then(|id| safe_url(&id)),
        comments: seed_comments_of(node.get("comment")),
    })
}

fn seed_comments_of(value: Option<&Json>) -> Vec<SeedComment> {
    let items: Vec<&Json> = match value {
        Some(Json::Array(items)) => items.iter().collect(),
        Some(item @ Json::Object(_)) => vec![item],
        _ => Vec::new(),
    };
    items
        .into_iter()
        .filter_map(|item| {
            Some(SeedComment {
                // Capped where it becomes a comment (the browser store), as a reader's text is.
                text: text_of(item.get("text"))?,
                author: names_of(item.get("author")).into_iter().next(),
                date_created: text_of(item.get("dateCreated")).or_else(|| text_of(item.get("datePublished"))),
            })
        })
        .take(MAX_SEED_COMMENTS)
        .collect()
}

/// The first article node: the document itself, an element of a top-level array, or of `@graph`.
fn find_article(doc: &Json) -> Option<&Json> {
    match doc {
        Json::Array(items) => items.iter().find_map(find_article),
        obj @ Json::Object(_) if is_article(obj) => Some(obj),
        obj @ Json::Object(_) => obj.get("@graph").and_then(find_article),
        _ => None,
    }
}

fn is_article(obj: &Json) -> bool {
    let type_matches = |t: &Json| {
        t.as_str()
            .map(|s| s.rsplit(['/', ':']).next().unwrap_or(s))
            .is_some_and(|s| ARTICLE_TYPES.contains(&s))
    };
    match obj.get("@type") {
        Some(Json::Array(types)) => types.iter().any(type_matches),
        Some(t) => type_matches(t),
        None => false,
    }
}

/// A non-empty, trimmed string; for arrays the first such string.
pub fn text_of(value: Option<&Json>) -> Option<String> {
    match value? {
        Json::String(s) => Some(s.trim()).filter(|s| !s.is_empty()).map(str::to_owned),
        Json::Array(items) => items.iter().find_map(|v| text_of(Some(v))),
        _ => None,
    }
}

/// `articleBody` as paragraphs: blank lines separate them, single newlines stay inside one.
fn paragraphs_of(body: &Json) -> Vec<String> {
    let split = |s: &str| -> Vec<String> {
        let normalized = s.replace("\r\n", "\n");
        normalized
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_owned)
            .collect()
    };
    match body {
        Json::String(s) => split(s),
        Json::Array(items) => items.iter().filter_map(Json::as_str).flat_map(split).collect(),
        _ => Vec::new(),
    }
}

fn image_of(value: &Json) -> Option<Image> {
    match value {
        Json::String(url) => Some(Image {
            url: safe_url(url)?,
            caption: None,
            alt: None,
            width: None,
            height: None,
        }),
        Json::Array(items) => items.iter().find_map(image_of),
        obj @ Json::Object(_) => {
            let url = text_of(obj.get("url")).or_else(|| text_of(obj.get("contentUrl")))?;
            Some(Image {
                url: safe_url(&url)?,
                caption: text_of(obj.get("caption")),
                alt: text_of(obj.get("description")).or_else(|| text_of(obj.get("name"))),
                width: dimension_of(obj.get("width")),
                height: dimension_of(obj.get("height")),
            })
        }
        _ => None,
    }
}

/// schema.org allows a number, a string ("600") or a QuantitativeValue.
fn dimension_of(value: Option<&Json>) -> Option<u32> {
    match value? {
        n @ Json::Number(_) => n.as_i64().and_then(|n| u32::try_from(n).ok()),
        Json::String(s) => s.trim().trim_end_matches("px").parse().ok(),
        obj @ Json::Object(_) => dimension_of(obj.get("value")),
        _ => None,
    }
    .filter(|&n| n > 0 && n <= 20_000)
}

/// `inLanguage` as a language tag, written as the loader writes an element's `lang` (`fa_IR` →
/// `fa-IR`, `AR` → `ar`): a string, or a `Language` by its `alternateName` (or a `name` that is a
/// tag). Not a tag (a language's name, "Arabic"; junk): none, and the article then runs in the
/// direction of most of its letters, never left to right by default.
fn language_of(value: &Json) -> Option<String> {
    match value {
        Json::String(_) => text_of(Some(value)).and_then(|tag| canonical_tag(&tag)),
        obj @ Json::Object(_) => ["alternateName", "name"]
            .iter()
            .find_map(|key| text_of(obj.get(key)).and_then(|tag| canonical_tag(&tag))),
        Json::Array(items) => items.iter().find_map(language_of),
        _ => None,
    }
}

/// A well-formed language tag in its usual case (`zh_hant_tw` → `zh-Hant-TW`), or none: the
/// language a primary subtag of 2–3 letters; then up to seven subtags of 1–8 letters or digits.
fn canonical_tag(tag: &str) -> Option<String> {
    let tag = tag.trim();
    let mut parts = tag.split(['-', '_']);
    let language = parts.next()?;
    if !(2..=3).contains(&language.len()) || !language.chars().all(|c| c.is_ascii_alphabetic()) || tag.len() > 35 {
        return None;
    }
    let mut out = language.to_ascii_lowercase();
    let mut extension = false;
    for part in parts {
        if part.is_empty() || part.len() > 8 || !part.chars().all(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        extension |= part.len() == 1;
        out.push('-');
        match (extension, part.len()) {
            (false, 4) if part.chars().all(|c| c.is_ascii_alphabetic()) => {
                out.push_str(&part[..1].to_ascii_uppercase());
                out.push_str(&part[1..].to_ascii_lowercase());
            }
            (false, 2) => out.push_str(&part.to_ascii_uppercase()),
            _ => out.push_str(&part.to_ascii_lowercase()),
        }
    }
    Some(out)
}

fn names_of(value: Option<&Json>) -> Vec<String> {
    match value {
        Some(Json::String(_)) => text_of(value).into_iter().collect(),
        Some(obj @ Json::Object(_)) => text_of(obj.get("name")).into_iter().collect(),
        Some(Json::Array(items)) => items.iter().flat_map(|v| names_of(Some(v))).collect(),
        _ => Vec::new(),
    }
}

fn source_of(value: &Json) -> Option<Source> {
    match value {
        Json::String(s) => {
            let url = safe_url(s).filter(|u| is_absolute_http(u))?;
            Some(Source {
                name: host_of(&url).to_owned(),
                url: Some(url),
            })
        }
        obj @ Json::Object(_) => {
            let url = text_of(obj.get("url"))
                .and_then(|u| safe_url(&u))
                .filter(|u| is_absolute_http(u));
            let name = text_of(obj.get("name"))
                .or_else(|| text_of(obj.get("publisher").and_then(|p| p.get("name"))))
                .or_else(|| url.as_deref().map(|u| host_of(u).to_owned()))?;
            Some(Source { name, url })
        }
        Json::Array(items) => items.iter().find_map(source_of),
        _ => None,
    }
}

fn host_of(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    host.strip_prefix("www.").unwrap_or(host)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::web::direction::Dir;
    use serde_json::{Value, json};

    fn paragraphs(a: &Article) -> Vec<String> {
        match &a.body {
            Body::Paragraphs(p) => p.clone(),
            Body::Html(_) => Vec::new(),
        }
    }

    fn parse(v: Value) -> Result<Article, ArticleError> {
        parse_article(&v.to_string())
    }

    fn minimal() -> Value {
        json!({"@context": "https://schema.org", "@type": "NewsArticle",
               "headline": "H", "articleBody": "One.\n\nTwo."})
    }

    #[test]
    fn seed_article_parses_verbatim() {
        let text = include_str!("../../demo/articles/telegram.json");
        let a = parse_article(text).expect("seed parses");
        assert_eq!(
            a.headline,
            "تيليجرام يرسل 12 مليار رسالة في اليوم الواحد .. منها رسائل داعش فيما بينهم!"
        );
        assert_eq!(a.section.as_deref(), Some("التقارير"));
        assert_eq!(paragraphs(&a).len(), 7);
        assert!(paragraphs(&a)[0].starts_with("أعلن بافل دروف – مؤسس تيليجرام –"));
        assert!(paragraphs(&a)[1].contains("“بل لا يمكنك أيضًا إرسال وثائق من خلاله”"));
        assert!(paragraphs(&a)[3].contains("عبر الـ API،"));
        assert_eq!(a.image.as_ref().and_then(|i| i.caption.as_deref()), Some("تيليجرام"));
        assert_eq!(a.source.as_ref().map(|s| s.name.as_str()), Some("TechCrunch"));
        assert_eq!(a.lang.as_deref(), Some("ar"));
        assert_eq!(a.text_dir(), Some(Dir::Rtl));
        assert_eq!(a.comments.len(), 1);
        assert_eq!(
            a.comments[0].text,
            "لا أدري لماذا تليجرام ليس مشهورا مثل الواتسآب عندنا بالرغم أنه أفضل منه في كل النواحي"
        );
    }

    #[test]
    fn seed_comments_and_url() {
        let mut v = minimal();
        v["url"] = json!("https://news.example/telegram");
        v["comment"] = json!([
            {"@type": "Comment", "text": " أول ", "author": {"@type": "Person", "name": "سارة"}, "dateCreated": "2016-02-24T10:00:00Z"},
            {"@type": "Comment", "text": ""},
            {"@type": "Comment", "text": "بلا اسم"}
        ]);
        let a = parse(v).unwrap();
        assert_eq!(a.url.as_deref(), Some("https://news.example/telegram"));
        assert_eq!(
            a.comments,
            vec![
                SeedComment {
                    author: Some("سارة".into()),
                    text: "أول".into(),
                    date_created: Some("2016-02-24T10:00:00Z".into())
                },
                SeedComment {
                    author: None,
                    text: "بلا اسم".into(),
                    date_created: None
                },
            ]
        );
        let mut v = minimal();
        v["mainEntityOfPage"] = json!({"@type": "WebPage", "@id": "https://news.example/p"});
        v["comment"] = json!({"text": "one"});
        let a = parse(v).unwrap();
        assert_eq!(
            (a.url.as_deref(), a.comments.len()),
            (Some("https://news.example/p"), 1)
        );
    }

    #[test]
    fn paragraphs_split_on_blank_lines_only() {
        let a = parse(json!({"@type": "NewsArticle", "headline": "H",
            "articleBody": "  a\nstill a \r\n\r\n\n b \n\n\n"}))
        .unwrap();
        assert_eq!(paragraphs(&a), vec!["a\nstill a", "b"]);
        let b = parse(json!({"@type": "NewsArticle", "headline": "H", "articleBody": ["x", "", "y\n\nz"]})).unwrap();
        assert_eq!(paragraphs(&b), vec!["x", "y", "z"]);
    }

    #[test]
    fn finds_article_in_arrays_and_graphs() {
        let graph = json!({"@context": "https://schema.org", "@graph": [
            {"@type": "WebPage", "name": "p"},
            {"@type": ["Thing", "https://schema.org/ReportageNewsArticle"], "headline": "G", "articleBody": "b"}]});
        assert_eq!(parse(graph).unwrap().headline, "G");
        let array = json!([{"@type": "Organization"}, minimal()]);
        assert_eq!(parse(array).unwrap().headline, "H");
        assert_eq!(
            parse(json!({"@type": "schema:NewsArticle", "headline": "S", "articleBody": "b"}))
                .unwrap()
                .headline,
            "S"
        );
    }

    #[test]
    fn hostile_documents_are_errors_or_articles_never_panics() {
        let seed = include_str!("../../demo/articles/telegram.json");
        for cut in crate::fuzz::truncations(seed).step_by(7) {
            let _ = parse_article(cut);
        }
        let shapes = ["[", "{\"@graph\":", "{\"@type\":[\"NewsArticle\"],\"headline\":"];
        for shape in shapes {
            let deep = format!("{}{}", shape.repeat(20_000), "1");
            assert!(
                parse_article(&deep).is_err(),
                "nesting is refused, not a stack overflow"
            );
        }
        for input in crate::fuzz::strings("{}[]\":,@typeNwsArticlhdn \u{feff}\u{202e}ت", 3_000, 40) {
            let _ = parse_article(&input);
        }
        let huge_body = json!({"@type": "NewsArticle", "headline": "H", "articleBody": "ب\n\n".repeat(100_000)});
        assert_eq!(parse(huge_body).map(|a| paragraphs(&a).len()), Ok(100_000));
        let with_bom = format!("\u{feff}{}", minimal());
        assert!(parse_article(&with_bom).is_ok(), "a byte-order mark is not an error");
    }

    #[test]
    fn every_bad_input_has_its_error() {
        assert!(matches!(parse_article("<html>"), Err(ArticleError::NotJson(_))));
        assert!(matches!(parse_article(""), Err(ArticleError::NotJson(_))));
        assert_eq!(
            parse(json!({"@type": "Recipe", "name": "x"})),
            Err(ArticleError::NotArticle)
        );
        assert_eq!(
            parse(json!({"headline": "no type", "articleBody": "b"})),
            Err(ArticleError::NotArticle)
        );
        assert_eq!(parse(json!(42)), Err(ArticleError::NotArticle));
        assert_eq!(parse(json!("NewsArticle")), Err(ArticleError::NotArticle));
        assert_eq!(
            parse(json!({"@type": "NewsArticle", "articleBody": "b"})),
            Err(ArticleError::MissingHeadline)
        );
        assert_eq!(
            parse(json!({"@type": "NewsArticle", "headline": "  ", "articleBody": "b"})),
            Err(ArticleError::MissingHeadline)
        );
        assert_eq!(
            parse(json!({"@type": "NewsArticle", "headline": 7, "articleBody": "b"})),
            Err(ArticleError::MissingHeadline)
        );
        assert_eq!(
            parse(json!({"@type": "NewsArticle", "headline": "H"})),
            Err(ArticleError::MissingBody)
        );
        assert_eq!(
            parse(json!({"@type": "NewsArticle", "headline": "H", "articleBody": "\n\n \n"})),
            Err(ArticleError::MissingBody)
        );
        assert_eq!(
            parse(json!({"@type": "NewsArticle", "headline": "H", "articleBody": {"x": 1}})),
            Err(ArticleError::MissingBody)
        );
        let huge = format!(
            "{{\"@type\":\"NewsArticle\",\"headline\":\"H\",\"articleBody\":\"{}\"}}",
            "a".repeat(MAX_ARTICLE_BYTES)
        );
        assert_eq!(parse_article(&huge), Err(ArticleError::TooLarge));
    }

    #[test]
    fn images_in_all_their_shapes() {
        let with = |image: Value| {
            let mut v = minimal();
            v["image"] = image;
            parse(v).unwrap().image
        };
        assert_eq!(with(json!("a.png")).map(|i| i.url), Some("a.png".into()));
        let full = with(
            json!([{"@type": "ImageObject", "contentUrl": "https://x/i.webp", "caption": "c",
            "description": "alt text", "width": "640px", "height": {"value": 360}}]),
        )
        .unwrap();
        assert_eq!(
            (full.url.as_str(), full.caption.as_deref(), full.alt.as_deref()),
            ("https://x/i.webp", Some("c"), Some("alt text"))
        );
        assert_eq!((full.width, full.height), (Some(640), Some(360)));
        assert_eq!(
            with(json!({"url": "x.png", "width": -3, "height": 99999})).map(|i| (i.width, i.height)),
            Some((None, None))
        );
        assert_eq!(with(json!("javascript:alert(1)")), None);
        assert_eq!(with(json!({"url": " JaVa\tScRiPt:alert(1)"})), None);
        assert_eq!(with(json!("data:image/svg+xml,<svg onload=alert(1)>")), None);
        assert_eq!(with(json!(12)), None);
    }

    #[test]
    fn source_language_authors() {
        let mut v = minimal();
        v["isBasedOn"] = json!({"@type": "CreativeWork", "name": "TechCrunch", "url": "https://techcrunch.com/x"});
        v["inLanguage"] = json!({"@type": "Language", "name": "Arabic", "alternateName": "ar-EG"});
        v["author"] = json!([{"@type": "Person", "name": "A"}, "B", {"@type": "Organization"}]);
        let a = parse(v).unwrap();
        assert_eq!(
            a.source,
            Some(Source {
                name: "TechCrunch".into(),
                url: Some("https://techcrunch.com/x".into())
            })
        );
        assert_eq!(a.lang.as_deref(), Some("ar-EG"));
        assert_eq!(a.authors, vec!["A", "B"]);

        let mut v = minimal();
        v["citation"] = json!("https://www.example.org/story");
        v["inLanguage"] = json!("en\"><script>");
        let a = parse(v).unwrap();
        assert_eq!(
            a.source,
            Some(Source {
                name: "example.org".into(),
                url: Some("https://www.example.org/story".into())
            })
        );
        assert_eq!(a.lang, None);

        // Written as the loader writes an element's `lang`; a language's name is not a tag.
        for (given, read) in [
            (json!("fa_IR"), Some("fa-IR")),
            (json!("AR_sa"), Some("ar-SA")),
            (json!("zh_hant_tw"), Some("zh-Hant-TW")),
            (json!("fa-u-nu-latn"), Some("fa-u-nu-latn")),
            (json!(" ur-Aran "), Some("ur-Aran")),
            (json!({"@type": "Language", "name": "ckb"}), Some("ckb")),
            (json!({"@type": "Language", "name": "Arabic"}), None),
            (
                json!({"@type": "Language", "name": "Persian", "alternateName": "fa_AF"}),
                Some("fa-AF"),
            ),
            (json!("Arabic"), None),
            (json!("a"), None),
            (json!("ar--SA"), None),
            (json!("ar-SAUDIARABIA"), None),
        ] {
            let mut v = minimal();
            v["inLanguage"] = given.clone();
            assert_eq!(parse(v).unwrap().lang.as_deref(), read, "{given}");
        }

        let mut v = minimal();
        v["isBasedOn"] = json!({"name": "Wire", "url": "javascript:alert(1)"});
        assert_eq!(
            parse(v).unwrap().source,
            Some(Source {
                name: "Wire".into(),
                url: None
            })
        );
    }
}
