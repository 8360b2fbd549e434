//! Allowlist HTML sanitizer for HTML from a server: comments (Isso renders Markdown, WordPress
//! keeps a few tags) and WordPress article bodies, each with its own [`Policy`].
//!
//! The markup is parsed by the browser's inert `DOMParser` (no scripts run, nothing loads), then a
//! *new* tree is built from it with only allowed elements and attributes. Nothing is ever assigned
//! to `innerHTML` of a live element. The decisions are pure functions with native tests.

use wasm_bindgen::JsCast;

use super::url::safe_href;
use web_sys::{Document, DocumentFragment, DomParser, Node, SupportedType};

/// Isso's own allowlist (isso/html/__init__.py), which is what its renderer can produce.
const ALLOWED: &[&str] = &[
    "a",
    "p",
    "hr",
    "br",
    "ol",
    "ul",
    "li",
    "pre",
    "code",
    "blockquote",
    "del",
    "ins",
    "strong",
    "em",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "sub",
    "sup",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
];

/// WordPress's comment tags (`$allowedtags`) beyond Isso's list.
const ALLOWED_IN_COMMENTS: &[&str] = &["b", "i", "q", "s", "cite", "abbr", "strike"];

/// What an article body (a WordPress post) may contain beyond a comment's tags.
const ALLOWED_IN_ARTICLES: &[&str] = &[
    "figure",
    "figcaption",
    "img",
    "caption",
    "tfoot",
    "mark",
    "small",
    "dl",
    "dt",
    "dd",
    "time",
];

/// Embedded players in an article: shown as a plain link to what they would have loaded.
const EMBEDS: &[&str] = &["iframe", "video", "audio", "embed", "object"];

/// Elements whose content is not text a reader should see.
const DROP_WITH_CONTENT: &[&str] = &[
    "form",
    "button",
    "input",
    "script",
    "style",
    "template",
    "iframe",
    "object",
    "embed",
    "noscript",
    "svg",
    "math",
    "textarea",
    "select",
    "title",
    "head",
    "frameset",
    "frame",
    "noembed",
    "xmp",
    "plaintext",
];

/// Deeper nesting than this is flattened to text: no real comment needs it.
const MAX_DEPTH: usize = 32;

/// Which allowlist applies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Policy {
    /// A reader's comment: text formatting, lists, quotes, code, links.
    Comment,
    /// A publisher's article body: also figures, images, tables; embeds become links.
    Article,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Decision {
    Keep,
    /// Drop the element, keep its children (like bleach's `strip=True`).
    Unwrap,
    Drop,
    /// An embedded player: replaced by a link to its source (articles only).
    Link,
}

pub fn decide(tag: &str, policy: Policy) -> Decision {
    let tag = tag.to_ascii_lowercase();
    let tag = tag.as_str();
    let article = policy == Policy::Article;
    if ALLOWED.contains(&tag) || ALLOWED_IN_COMMENTS.contains(&tag) || (article && ALLOWED_IN_ARTICLES.contains(&tag)) {
        Decision::Keep
    } else if article && EMBEDS.contains(&tag) {
        Decision::Link
    } else if DROP_WITH_CONTENT.contains(&tag) || EMBEDS.contains(&tag) {
        Decision::Drop
    } else {
        Decision::Unwrap
    }
}

/// The value to keep for `attribute` on `tag`, or `None` to drop it. Only `href` on links (http,
/// https, mailto), `class="language-*"` on code and `align` on tables survive, and in articles an
/// image's http(s) `src`, `alt` and size, and table spans; no `on*`, no `style`.
pub fn allowed_attribute(tag: &str, attribute: &str, value: &str) -> Option<String> {
    let number = |max: u32| {
        let v = value.trim();
        v.parse::<u32>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .map(|_| v.to_owned())
    };
    match (
        tag.to_ascii_lowercase().as_str(),
        attribute.to_ascii_lowercase().as_str(),
    ) {
        ("a", "href") => safe_href(value),
        ("img", "src") => safe_href(value).filter(|v| !v.to_ascii_lowercase().starts_with("mailto:")),
        ("img", "alt") | ("abbr", "title") => Some(value.chars().take(500).collect()),
        ("img", "width" | "height") => number(20_000),
        ("td" | "th", "colspan" | "rowspan") => number(100),
        ("ol", "start") => number(1_000_000),
        ("code", "class") => {
            let lang = value.strip_prefix("language-")?;
            (!lang.is_empty() && lang.len() <= 20 && lang.chars().all(|c| c.is_ascii_alphanumeric()))
                .then(|| value.to_owned())
        }
        ("table", "align") => matches!(value, "left" | "right" | "center").then(|| value.to_owned()),
        _ => None,
    }
}

/// Parses `html` inertly and returns a clean fragment, owned by `document`, ready to insert.
pub fn sanitize(html: &str, document: &Document, policy: Policy) -> Option<DocumentFragment> {
    let parsed = DomParser::new()
        .ok()?
        .parse_from_string(html, SupportedType::TextHtml)
        .ok()?;
    let body = parsed.body()?;
    let fragment = document.create_document_fragment();
    copy_children(&body, fragment.as_ref(), document, 0, policy);
    Some(fragment)
}

/// The link an embedded player becomes: to its `src` (or `data`), named by its `title`.
fn embed_link(element: &web_sys::Element, document: &Document) -> Option<web_sys::Element> {
    let src = element
        .get_attribute("src")
        .or_else(|| element.get_attribute("data"))
        .or_else(|| {
            element
                .query_selector("source[src]")
                .ok()
                .flatten()?
                .get_attribute("src")
        })
        .and_then(|src| safe_href(&src))
        .filter(|src| !src.to_ascii_lowercase().starts_with("mailto:"))?;
    let paragraph = document.create_element("p").ok()?;
    paragraph.set_class_name("embed");
    let link = document.create_element("a").ok()?;
    link.set_attribute("href", &src).ok()?;
    link.set_attribute("rel", "noopener").ok()?;
    let title = element.get_attribute("title").filter(|t| !t.trim().is_empty());
    link.set_text_content(Some(title.as_deref().unwrap_or(&src)));
    paragraph.append_child(&link).ok()?;
    Some(paragraph)
}

fn copy_children(from: &Node, to: &Node, document: &Document, depth: usize, policy: Policy) {
    let children = from.child_nodes();
    for i in 0..children.length() {
        let Some(child) = children.item(i) else { continue };
        match child.node_type() {
            Node::TEXT_NODE => {
                let text = document.create_text_node(&child.text_content().unwrap_or_default());
                let _ = to.append_child(&text);
            }
            Node::ELEMENT_NODE => {
                let Ok(element) = child.dyn_into::<web_sys::Element>() else {
                    continue;
                };
                let tag = element.local_name();
                if depth >= MAX_DEPTH {
                    let text = document.create_text_node(&element.text_content().unwrap_or_default());
                    let _ = to.append_child(&text);
                    continue;
                }
                match decide(&tag, policy) {
                    Decision::Drop => {}
                    Decision::Link => {
                        if let Some(link) = embed_link(&element, document) {
                            let _ = to.append_child(&link);
                        }
                    }
                    Decision::Unwrap => copy_children(&element, to, document, depth + 1, policy),
                    Decision::Keep => {
                        let Ok(clean) = document.create_element(&tag) else {
                            continue;
                        };
                        for name in element.get_attribute_names().iter().filter_map(|n| n.as_string()) {
                            let value = element.get_attribute(&name).unwrap_or_default();
                            if let Some(value) = allowed_attribute(&tag, &name, &value) {
                                let _ = clean.set_attribute(&name, &value);
                            }
                        }
                        match (tag.as_str(), policy) {
                            ("a", Policy::Comment) if clean.has_attribute("href") => {
                                let _ = clean.set_attribute("rel", "nofollow ugc noopener");
                                let _ = clean.set_attribute("target", "_blank");
                            }
                            ("a", Policy::Article) if clean.has_attribute("href") => {
                                let rel = article_rel(element.get_attribute("rel").as_deref());
                                let _ = clean.set_attribute("rel", &rel);
                            }
                            // An image without a usable source is nothing; one with it loads only
                            // when near, and its width and height keep the text from jumping.
                            ("img", _) if !clean.has_attribute("src") => continue,
                            ("img", _) => {
                                let _ = clean.set_attribute("loading", "lazy");
                                let _ = clean.set_attribute("decoding", "async");
                                if !clean.has_attribute("alt") {
                                    let _ = clean.set_attribute("alt", "");
                                }
                            }
                            _ => {}
                        }
                        copy_children(&element, &clean, document, depth + 1, policy);
                        let _ = to.append_child(&clean);
                    }
                }
            }
            // Comments, processing instructions, CDATA: nothing a reader needs.
            _ => {}
        }
    }
}

/// The `rel` of a link in an article: what the publisher said about the link's standing
/// (`nofollow`, `sponsored`, `ugc`, `noreferrer`: a sponsored link stays one on a partner page),
/// then `noopener`; nothing else (`opener`, `me`) is kept.
pub fn article_rel(original: Option<&str>) -> String {
    let mut kept: Vec<String> = Vec::new();
    for token in original.unwrap_or_default().split_ascii_whitespace() {
        let token = token.to_ascii_lowercase();
        if matches!(token.as_str(), "nofollow" | "sponsored" | "ugc" | "noreferrer") && !kept.contains(&token) {
            kept.push(token);
        }
    }
    kept.push("noopener".into());
    kept.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        use Policy::{Article, Comment};
        assert_eq!(decide("p", Comment), Decision::Keep);
        assert_eq!(decide("STRONG", Comment), Decision::Keep);
        assert_eq!(decide("b", Comment), Decision::Keep, "WordPress comment tags");
        for unwrap in ["span", "div", "img", "font", "details", "a2", "figure"] {
            assert_eq!(decide(unwrap, Comment), Decision::Unwrap, "{unwrap}");
        }
        for drop in [
            "script", "SCRIPT", "style", "iframe", "svg", "math", "template", "noscript", "object", "form", "input",
            "button", "video",
        ] {
            assert_eq!(decide(drop, Comment), Decision::Drop, "{drop}");
        }
        for keep in [
            "figure",
            "figcaption",
            "img",
            "table",
            "h2",
            "blockquote",
            "cite",
            "code",
            "pre",
        ] {
            assert_eq!(decide(keep, Article), Decision::Keep, "{keep}");
        }
        for link in ["iframe", "IFRAME", "video", "audio", "embed", "object"] {
            assert_eq!(decide(link, Article), Decision::Link, "{link}");
        }
        for drop in ["script", "style", "form", "svg", "noscript"] {
            assert_eq!(decide(drop, Article), Decision::Drop, "{drop}");
        }
    }

    #[test]
    fn attributes() {
        assert_eq!(
            allowed_attribute("a", "href", "https://x.example/a?b"),
            Some("https://x.example/a?b".into())
        );
        assert_eq!(
            allowed_attribute("A", "HREF", "mailto:a@b.c"),
            Some("mailto:a@b.c".into())
        );
        for bad in [
            "javascript:alert(1)",
            " java\tscript:alert(1)",
            "JaVaScRiPt:x",
            "data:text/html,x",
            "vbscript:x",
            "/relative",
            "#frag",
            "",
        ] {
            assert_eq!(allowed_attribute("a", "href", bad), None, "{bad}");
        }
        for (tag, attr, value) in [
            ("a", "onclick", "x"),
            ("p", "style", "color:red"),
            ("a", "target", "_self"),
            ("img", "data-src", "https://x"),
            ("p", "class", "x"),
            ("a", "rel", "opener"),
        ] {
            assert_eq!(allowed_attribute(tag, attr, value), None, "{tag} {attr}");
        }
        assert_eq!(
            allowed_attribute("code", "class", "language-rust"),
            Some("language-rust".into())
        );
        assert_eq!(allowed_attribute("code", "class", "language-\"><x"), None);
        assert_eq!(allowed_attribute("code", "class", "hljs"), None);
        assert_eq!(allowed_attribute("table", "align", "center"), Some("center".into()));
        assert_eq!(allowed_attribute("table", "align", "expression(x)"), None);
        assert_eq!(
            allowed_attribute("img", "src", "https://x.example/a.jpg"),
            Some("https://x.example/a.jpg".into())
        );
        for bad in [
            "data:image/png;base64,AA",
            "javascript:x",
            "/relative.png",
            "mailto:a@b.c",
        ] {
            assert_eq!(allowed_attribute("img", "src", bad), None, "{bad}");
        }
        assert_eq!(allowed_attribute("img", "width", " 1200 "), Some("1200".into()));
        for bad in ["0", "-1", "100%", "9e9", "20001"] {
            assert_eq!(allowed_attribute("img", "height", bad), None, "{bad}");
        }
        assert_eq!(allowed_attribute("td", "colspan", "2"), Some("2".into()));
        assert_eq!(allowed_attribute("img", "srcset", "https://x 2x"), None);
        assert_eq!(allowed_attribute("img", "onerror", "x"), None);
    }

    #[test]
    fn random_names_and_values_never_pass_anything_unsafe() {
        for value in crate::fuzz::strings("javscriptJAVS:/\t\n \u{0}\u{1f}hps.\"'<>()", 5_000, 24) {
            if let Some(kept) = allowed_attribute("a", "href", &value) {
                let squeezed: String = kept
                    .chars()
                    .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
                    .collect();
                let lower = squeezed.to_ascii_lowercase();
                assert!(
                    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:"),
                    "{value:?}"
                );
            }
            for tag in ["p", "code", "table", "img"] {
                let kept = allowed_attribute(tag, "class", &value).or_else(|| allowed_attribute(tag, "align", &value));
                assert!(
                    kept.is_none_or(|v| !v.contains(['"', '<', '>', '\''])),
                    "{tag} {value:?}"
                );
            }
        }
        for tag in crate::fuzz::strings("scriptSCRIPTaiframe-1", 2_000, 10) {
            if decide(&tag, Policy::Comment) == Decision::Keep {
                let tag = tag.to_ascii_lowercase();
                assert!(
                    ALLOWED.contains(&tag.as_str()) || ALLOWED_IN_COMMENTS.contains(&tag.as_str()),
                    "{tag}"
                );
            }
        }
    }

    #[test]
    fn article_links_keep_their_standing() {
        assert_eq!(article_rel(None), "noopener");
        assert_eq!(
            article_rel(Some("Sponsored  NOFOLLOW sponsored")),
            "sponsored nofollow noopener"
        );
        assert_eq!(article_rel(Some("opener me ugc")), "ugc noopener");
        assert_eq!(article_rel(Some("noopener noreferrer")), "noreferrer noopener");
    }
}
