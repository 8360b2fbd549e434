//! Allowlist HTML sanitizer for comment HTML from a server (Isso renders Markdown to HTML).
//!
//! The markup is parsed by the browser's inert `DOMParser` (no scripts run, nothing loads), then a
//! *new* tree is built from it with only allowed elements and attributes. Nothing is ever assigned
//! to `innerHTML` of a live element. The decisions are pure functions with native tests.

use wasm_bindgen::JsCast;
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

/// Elements whose content is not text a reader should see.
const DROP_WITH_CONTENT: &[&str] = &[
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

pub enum Decision {
    Keep,
    /// Drop the element, keep its children (like bleach's `strip=True`).
    Unwrap,
    Drop,
}

pub fn decide(tag: &str) -> Decision {
    let tag = tag.to_ascii_lowercase();
    if ALLOWED.contains(&tag.as_str()) {
        Decision::Keep
    } else if DROP_WITH_CONTENT.contains(&tag.as_str()) {
        Decision::Drop
    } else {
        Decision::Unwrap
    }
}

/// The value to keep for `attribute` on `tag`, or `None` to drop it. Only `href` on links (http,
/// https, mailto), `class="language-*"` on code and `align` on tables survive; no `on*`, no `style`.
pub fn allowed_attribute(tag: &str, attribute: &str, value: &str) -> Option<String> {
    match (
        tag.to_ascii_lowercase().as_str(),
        attribute.to_ascii_lowercase().as_str(),
    ) {
        ("a", "href") => safe_href(value),
        ("code", "class") => {
            let lang = value.strip_prefix("language-")?;
            (!lang.is_empty() && lang.len() <= 20 && lang.chars().all(|c| c.is_ascii_alphanumeric()))
                .then(|| value.to_owned())
        }
        ("table", "align") => matches!(value, "left" | "right" | "center").then(|| value.to_owned()),
        _ => None,
    }
}

pub fn safe_href(value: &str) -> Option<String> {
    let squeezed: String = value
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect();
    let lower = squeezed.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:"))
        .then(|| value.trim().to_owned())
}

/// Parses `html` inertly and returns a clean fragment, owned by `document`, ready to insert.
pub fn sanitize(html: &str, document: &Document) -> Option<DocumentFragment> {
    let parsed = DomParser::new()
        .ok()?
        .parse_from_string(html, SupportedType::TextHtml)
        .ok()?;
    let body = parsed.body()?;
    let fragment = document.create_document_fragment();
    copy_children(&body, fragment.as_ref(), document, 0);
    Some(fragment)
}

fn copy_children(from: &Node, to: &Node, document: &Document, depth: usize) {
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
                match decide(&tag) {
                    Decision::Drop => {}
                    Decision::Unwrap => copy_children(&element, to, document, depth + 1),
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
                        if tag == "a" && clean.has_attribute("href") {
                            let _ = clean.set_attribute("rel", "nofollow ugc noopener");
                            let _ = clean.set_attribute("target", "_blank");
                        }
                        copy_children(&element, &clean, document, depth + 1);
                        let _ = to.append_child(&clean);
                    }
                }
            }
            // Comments, processing instructions, CDATA: nothing a reader needs.
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags() {
        assert!(matches!(decide("p"), Decision::Keep));
        assert!(matches!(decide("STRONG"), Decision::Keep));
        for unwrap in [
            "span", "div", "img", "font", "b", "form", "input", "button", "details", "video", "a2",
        ] {
            assert!(matches!(decide(unwrap), Decision::Unwrap), "{unwrap}");
        }
        for drop in [
            "script", "SCRIPT", "style", "iframe", "svg", "math", "template", "noscript", "object",
        ] {
            assert!(matches!(decide(drop), Decision::Drop), "{drop}");
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
            ("img", "src", "https://x"),
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
            if matches!(decide(&tag), Decision::Keep) {
                assert!(ALLOWED.contains(&tag.to_ascii_lowercase().as_str()), "{tag}");
            }
        }
    }
}
