//! Allowlist HTML sanitizer for HTML from a server: comments (Isso renders Markdown, WordPress
//! keeps a few tags) and WordPress article bodies, each with its own [`Policy`].
//!
//! The markup is parsed by the browser's inert `DOMParser` (no scripts run, nothing loads), then a
//! *new* tree is built from it with only allowed elements and attributes. Nothing is ever assigned
//! to `innerHTML` of a live element. The decisions are pure functions with native tests.
//!
//! Under Trusted Types, `DOMParser` takes only a `TrustedHTML`: the markup is handed over through
//! the widget's policy (`super::trusted`). A page that does not allow it gets [`Blocked`]: the
//! caller shows the text.

use js_sys::{Function, Reflect};
use wasm_bindgen::JsCast;

use super::trusted;
use super::url::{LinkKind, link_kind, safe_href};
use web_sys::{Document, DocumentFragment, DomParser, Node};

/// What the article's ids become inside the widget: theirs, prefixed, so they never meet the
/// widget's own (`comment-12`, `maqal-comment`).
pub const ID_PREFIX: &str = "maqal-in-";

/// The page forbids handing markup to a parser: Trusted Types are enforced and the page's
/// policy does not allow [`TRUSTED_TYPES_POLICY`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Blocked;

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

/// The value to keep for `attribute` on `tag`, or `None` to drop it: `href` on links (http,
/// https, mailto, a place in the same text, or an address relative to the document, resolved
/// later), `class="language-*"` on code, `align` on tables, `dir` and `lang` on anything (an
/// English quotation in an Arabic post keeps its direction), and in articles an image's `src`,
/// `alt` and size, and table spans. No `on*`, no `style`. Ids are decided apart ([`allowed_id`]).
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
        ("a", "href") => link_kind(value).map(|_| value.trim().to_owned()),
        ("img", "src") => match link_kind(value)? {
            LinkKind::Absolute if !value.trim().to_ascii_lowercase().starts_with("mailto:") => {
                Some(value.trim().to_owned())
            }
            LinkKind::Relative => Some(value.trim().to_owned()),
            _ => None,
        },
        (_, "dir") => {
            let dir = value.trim().to_ascii_lowercase();
            matches!(dir.as_str(), "ltr" | "rtl" | "auto").then_some(dir)
        }
        (_, "lang") => {
            let lang = value.trim();
            (!lang.is_empty() && lang.len() <= 35 && lang.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
                .then(|| lang.to_owned())
        }
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

/// An id from an article (a table of contents' target), as the widget keeps it: prefixed with
/// [`ID_PREFIX`]; `None` for an empty, spaced or absurdly long one.
pub fn allowed_id(value: &str) -> Option<String> {
    let id = value.trim();
    (!id.is_empty() && id.chars().count() <= 200 && !id.chars().any(char::is_whitespace))
        .then(|| format!("{ID_PREFIX}{id}"))
}

/// What a sanitized fragment is made for: which allowlist applies, and the address its relative
/// links and images are relative to (the article's, which is not the page's on a partner site).
#[derive(Clone, Copy)]
pub struct Target<'a> {
    pub policy: Policy,
    pub base: Option<&'a str>,
}

/// Parses `html` inertly and returns a clean fragment, owned by `document`, ready to insert;
/// [`Blocked`] when the page's Trusted Types forbid parsing markup.
pub fn sanitize(html: &str, document: &Document, target: Target<'_>) -> Result<DocumentFragment, Blocked> {
    if !trusted::allowed() {
        return Err(Blocked);
    }
    let parser = DomParser::new().map_err(|_| Blocked)?;
    let parse: Function = Reflect::get(&parser, &"parseFromString".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or(Blocked)?;
    let parsed: Document = parse
        .call2(&parser, &trusted::html(html), &"text/html".into())
        .map_err(|_| Blocked)?
        .unchecked_into();
    let fragment = document.create_document_fragment();
    if let Some(body) = parsed.body() {
        copy_children(&body, fragment.as_ref(), document, 0, target);
    }
    Ok(fragment)
}

/// Where an `href` or `src` kept by the allowlist leads, as the widget writes it: absolute, a
/// place in the same text (`#…`), or resolved against `base`; `None` when a relative address has
/// no base or resolves to anything but http(s).
fn resolved(value: &str, base: Option<&str>) -> Option<String> {
    match link_kind(value)? {
        LinkKind::Absolute | LinkKind::Fragment => Some(value.trim().to_owned()),
        LinkKind::Relative => {
            let url = web_sys::Url::new_with_base(value.trim(), base?).ok()?;
            matches!(url.protocol().as_str(), "http:" | "https:").then(|| url.href())
        }
    }
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

fn copy_children(from: &Node, to: &Node, document: &Document, depth: usize, target: Target<'_>) {
    let policy = target.policy;
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
                    // An image in a comment (WordPress's smileys, an emoji as a picture): what it
                    // says, as text.
                    _ if tag == "img" && policy == Policy::Comment => {
                        let alt: String = element
                            .get_attribute("alt")
                            .unwrap_or_default()
                            .chars()
                            .take(100)
                            .collect();
                        if !alt.trim().is_empty() {
                            let _ = to.append_child(&document.create_text_node(&alt));
                        }
                    }
                    // A link to a place in a comment, which has none (comments keep no ids): its
                    // text, and the page's address is never the commenter's to change.
                    Decision::Keep
                        if tag == "a"
                            && policy == Policy::Comment
                            && element
                                .get_attribute("href")
                                .is_some_and(|h| h.trim_start().starts_with('#')) =>
                    {
                        copy_children(&element, to, document, depth + 1, target)
                    }
                    Decision::Drop => {}
                    Decision::Link => {
                        if let Some(link) = embed_link(&element, document) {
                            let _ = to.append_child(&link);
                        }
                    }
                    Decision::Unwrap => copy_children(&element, to, document, depth + 1, target),
                    Decision::Keep => {
                        let Ok(clean) = document.create_element(&tag) else {
                            continue;
                        };
                        for name in element.get_attribute_names().iter().filter_map(|n| n.as_string()) {
                            let value = element.get_attribute(&name).unwrap_or_default();
                            let name = name.to_ascii_lowercase();
                            let kept = match name.as_str() {
                                "id" if policy == Policy::Article => allowed_id(&value),
                                "href" | "src" => {
                                    allowed_attribute(&tag, &name, &value).and_then(|v| resolved(&v, target.base))
                                }
                                _ => allowed_attribute(&tag, &name, &value),
                            };
                            if let Some(value) = kept {
                                let _ = clean.set_attribute(&name, &value);
                            }
                        }
                        match (tag.as_str(), policy) {
                            // A place in the same text: the widget takes the reader there.
                            ("a", _) if clean.get_attribute("href").is_some_and(|h| h.starts_with('#')) => {}
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
                        copy_children(&element, &clean, document, depth + 1, target);
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
            "",
            "#",
        ] {
            assert_eq!(allowed_attribute("a", "href", bad), None, "{bad}");
        }
        // A place in the same text and an address relative to the article are kept; the latter
        // is resolved against the article's own address when the element is built.
        for kept in ["/relative", "#frag", "other.html", "//cdn.example/x"] {
            assert_eq!(allowed_attribute("a", "href", kept), Some(kept.into()), "{kept}");
        }
        assert_eq!(allowed_attribute("p", "dir", " LTR "), Some("ltr".into()));
        assert_eq!(allowed_attribute("blockquote", "dir", "rtl"), Some("rtl".into()));
        assert_eq!(allowed_attribute("p", "dir", "sideways\"x"), None);
        assert_eq!(allowed_attribute("span", "lang", "en-GB"), Some("en-GB".into()));
        assert_eq!(allowed_attribute("span", "lang", "en\"><x"), None);
        assert_eq!(allowed_id("part-2"), Some("maqal-in-part-2".into()));
        assert_eq!(allowed_id("h-القسم-الثاني"), Some("maqal-in-h-القسم-الثاني".into()));
        for bad in ["", "a b", &"x".repeat(201)] {
            assert_eq!(allowed_id(bad), None, "{bad}");
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
        for bad in ["data:image/png;base64,AA", "javascript:x", "mailto:a@b.c", "#x"] {
            assert_eq!(allowed_attribute("img", "src", bad), None, "{bad}");
        }
        assert_eq!(
            allowed_attribute("img", "src", "/relative.png"),
            Some("/relative.png".into())
        );
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
                // Absolute ones are http(s) or mailto; anything else has no scheme at all (a
                // fragment, or relative: resolved to http(s) later, or dropped).
                let scheme = lower
                    .find(':')
                    .filter(|&colon| !lower[..colon].contains(['/', '?', '#']));
                assert!(
                    scheme.is_none()
                        || lower.starts_with("http:")
                        || lower.starts_with("https:")
                        || lower.starts_with("mailto:"),
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
