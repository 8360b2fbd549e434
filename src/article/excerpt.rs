//! `mode="excerpt"`: the beginning of an article for a partner site. However the body is made
//! (paragraphs, one long paragraph, lines, a gallery), an excerpt is at most [`BLOCKS`] text
//! blocks and about [`CHARS`] characters, an image costing [`MEDIA_COST`] of them: a full copy on
//! another site would compete with the original in search.

use wasm_bindgen::JsCast;
use web_sys::{DocumentFragment, Element, Node};

/// Text blocks (paragraphs, lists, quotes, code, tables) an excerpt shows.
pub const BLOCKS: usize = 3;
/// Characters of text after which an excerpt ends, inside a block if need be.
pub const CHARS: usize = 1200;
/// What an image, a video or an embedded frame costs of [`CHARS`]: a gallery is cut too.
const MEDIA_COST: usize = 400;
/// How far back from the budget a cut looks for a space, so it does not split a word.
const WORD_SLACK: usize = 40;

/// Whether `c` shows nothing: white space, or a format control (bidi marks, zero-width
/// characters, the byte-order mark, a soft hyphen), common in Arabic and Persian content.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// Characters a reader sees in `text`.
pub fn visible_len(text: &str) -> usize {
    text.chars().filter(|&c| !is_invisible(c)).count()
}

/// `text` cut to at most `max` characters, at a space if one is near, with an ellipsis.
pub fn truncate_words(text: &str, max: usize) -> String {
    let Some((cut, _)) = text.char_indices().nth(max) else {
        return text.to_owned();
    };
    let head = &text[..cut];
    // The space nearest the budget, if it is within the last few characters.
    let at_space = head
        .char_indices()
        .rev()
        .take(WORD_SLACK)
        .find(|&(_, c)| c.is_whitespace())
        .map_or(head, |(i, _)| &head[..i]);
    let mut cut = at_space.trim_end().to_owned();
    cut.push('…');
    cut
}

/// The excerpt of a body given as plain paragraphs (JSON-LD `articleBody`).
pub fn excerpt_paragraphs(paragraphs: Vec<String>) -> Vec<String> {
    let mut budget = CHARS;
    let mut kept = Vec::new();
    for paragraph in paragraphs {
        if kept.len() == BLOCKS || budget == 0 {
            break;
        }
        let len = paragraph.chars().count();
        if len <= budget {
            budget -= len;
            // Invisible-only paragraphs take no place among the few an excerpt shows.
            if visible_len(&paragraph) > 0 {
                kept.push(paragraph);
            }
        } else {
            kept.push(truncate_words(&paragraph, budget));
            break;
        }
    }
    kept
}

/// Cuts a sanitized HTML body the same way: at most [`BLOCKS`] text blocks (with what comes
/// before them: a heading, a figure), then at [`CHARS`], inside a block if need be. A body
/// wrapped in one element (page builders) is cut inside the wrapper.
pub fn cut_fragment(body: &DocumentFragment) {
    let mut container: Node = body.clone().into();
    // Into a lone wrapper (bounded by the depth of the sanitized tree).
    loop {
        let meaningful: Vec<Node> = children(&container)
            .into_iter()
            .filter(|n| n.node_type() == Node::ELEMENT_NODE || text_len(n) > 0)
            .collect();
        match meaningful.as_slice() {
            [only] if only.node_type() == Node::ELEMENT_NODE && !is_block(only) && only.has_child_nodes() => {
                container = only.clone();
            }
            _ => break,
        }
    }
    let mut blocks = 0;
    for node in children(&container) {
        if blocks == BLOCKS {
            remove(&node);
        } else if is_block(&node) && text_len(&node) > 0 {
            blocks += 1;
        }
    }
    let mut budget = CHARS;
    cut_at_budget(&container, &mut budget);
}

/// Spends `budget` on `node`'s text and media in document order; where it runs out, the text is
/// cut at a word and everything after is removed. `true` once it has run out.
fn cut_at_budget(node: &Node, budget: &mut usize) -> bool {
    let mut spent = false;
    for child in children(node) {
        let text = (child.node_type() == Node::TEXT_NODE).then(|| child.text_content().unwrap_or_default());
        // White space between tags costs nothing and is never where a cut happens.
        if text.as_deref().is_some_and(|t| t.trim().is_empty()) {
            continue;
        }
        if spent || *budget == 0 {
            remove(&child);
            spent = true;
            continue;
        }
        match text {
            Some(text) => {
                let len = text.chars().count();
                if len <= *budget {
                    *budget -= len;
                } else {
                    child.set_text_content(Some(&truncate_words(&text, *budget)));
                    *budget = 0;
                    spent = true;
                }
            }
            None if is_media(&child) => {
                if *budget < MEDIA_COST {
                    remove(&child);
                    *budget = 0;
                    spent = true;
                } else {
                    *budget -= MEDIA_COST;
                }
            }
            _ => spent = cut_at_budget(&child, budget),
        }
    }
    spent
}

fn children(node: &Node) -> Vec<Node> {
    let nodes = node.child_nodes();
    (0..nodes.length()).filter_map(|i| nodes.item(i)).collect()
}

fn remove(node: &Node) {
    if let Some(parent) = node.parent_node() {
        let _ = parent.remove_child(node);
    }
}

fn tag(node: &Node) -> Option<String> {
    node.dyn_ref::<Element>().map(|el| el.tag_name().to_ascii_lowercase())
}

fn text_len(node: &Node) -> usize {
    node.text_content().map_or(0, |t| visible_len(&t))
}

/// A block of text (headings and figures come along uncounted).
fn is_block(node: &Node) -> bool {
    tag(node).is_some_and(|t| matches!(t.as_str(), "p" | "ul" | "ol" | "blockquote" | "pre" | "table"))
}

fn is_media(node: &Node) -> bool {
    tag(node).is_some_and(|t| matches!(t.as_str(), "img" | "picture" | "video" | "audio" | "iframe" | "svg"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn para(n: usize, c: char) -> String {
        std::iter::repeat_n(c, n).collect()
    }

    #[test]
    fn invisible_characters_are_not_counted() {
        assert_eq!(visible_len("\u{200f}\u{200b} \u{feff}\n"), 0);
        assert_eq!(visible_len("نص\u{200f}"), 2);
    }

    #[test]
    fn truncation_prefers_a_space_and_marks_the_cut() {
        assert_eq!(truncate_words("short", 10), "short");
        assert_eq!(truncate_words("one two three", 9), "one two…");
        assert_eq!(truncate_words("كلمة أخرى طويلة", 12), "كلمة أخرى…");
        // A single long word is cut where the budget ends.
        assert_eq!(truncate_words(&para(100, 'x'), 10), format!("{}…", para(10, 'x')));
        // Never more than the budget (plus the ellipsis), whatever the characters.
        for max in 0..30 {
            let cut = truncate_words("a bb ccc dddd eeeee ffffff ggggggg", max);
            assert!(cut.chars().count() <= max + 1, "{max}: {cut}");
        }
    }

    #[test]
    fn a_few_paragraphs() {
        let body: Vec<String> = (0..6).map(|i| format!("p{i}")).collect();
        assert_eq!(excerpt_paragraphs(body), vec!["p0", "p1", "p2"]);
    }

    #[test]
    fn one_long_paragraph_is_cut_inside() {
        let words = "word ".repeat(1000);
        let cut = excerpt_paragraphs(vec![words, "after".into()]);
        assert_eq!(cut.len(), 1);
        assert!(
            cut[0].chars().count() <= CHARS + 1 && cut[0].ends_with("word…"),
            "{}",
            cut[0]
        );
    }

    #[test]
    fn the_budget_spans_paragraphs() {
        let cut = excerpt_paragraphs(vec![
            para(1000, 'a'),
            format!("{} {}", para(180, 'b'), para(100, 'c')),
            "c".into(),
        ]);
        assert_eq!(cut.len(), 2);
        assert_eq!(cut[1], format!("{}…", para(180, 'b')));
    }

    #[test]
    fn invisible_paragraphs_take_no_place() {
        let cut = excerpt_paragraphs(vec![
            "\u{200f}".into(),
            "a".into(),
            "\u{200b}".into(),
            "b".into(),
            "c".into(),
            "d".into(),
        ]);
        assert_eq!(cut, vec!["a", "b", "c"]);
    }
}
