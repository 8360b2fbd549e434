//! Bare URLs in plain-text comments become links; everything else stays text.

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment {
    Text(String),
    /// `href` is always http(s); `shown` is what the author typed.
    Link {
        href: String,
        shown: String,
    },
}

/// Splits comment text into text and link segments.
pub fn segments(text: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut plain_start = 0;
    let mut i = 0;
    while i < text.len() {
        let rest = &text[i..];
        let at_boundary = text[..i]
            .chars()
            .next_back()
            .is_none_or(|p| p.is_whitespace() || "([{<«\"'“‘".contains(p));
        let prefix = ["https://", "http://", "www."]
            .into_iter()
            .find(|p| starts_with_ignore_case(rest, p));
        if let (true, Some(prefix)) = (at_boundary, prefix) {
            let end = link_end(rest);
            if end > prefix.len() {
                if plain_start < i {
                    out.push(Segment::Text(text[plain_start..i].to_owned()));
                }
                let shown = &rest[..end];
                let href = if prefix == "www." {
                    format!("https://{shown}")
                } else {
                    shown.to_owned()
                };
                out.push(Segment::Link {
                    href,
                    shown: shown.to_owned(),
                });
                i += end;
                plain_start = i;
                continue;
            }
        }
        i += rest.chars().next().map_or(1, char::len_utf8);
    }
    if plain_start < text.len() {
        out.push(Segment::Text(text[plain_start..].to_owned()));
    }
    out
}

fn starts_with_ignore_case(s: &str, prefix: &str) -> bool {
    s.len() >= prefix.len() && s.is_char_boundary(prefix.len()) && s[..prefix.len()].eq_ignore_ascii_case(prefix)
}

/// Characters that end a URL: spaces, markup and quotes, and the invisible bidirectional
/// controls, which could otherwise make a link read differently from where it goes.
fn ends_url(c: char) -> bool {
    c.is_whitespace()
        || "<>\"“”«»".contains(c)
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Where a URL starting at `s` ends: at whitespace or a delimiter, minus trailing punctuation
/// that belongs to the sentence (Latin and Arabic), and closing brackets with no opener. Linear:
/// the brackets are counted once, then each trimmed character updates the counts.
fn link_end(s: &str) -> usize {
    let mut end = s.find(ends_url).unwrap_or(s.len());
    let count = |c: char| s[..end].chars().filter(|x| *x == c).count();
    let (open_paren, open_square) = (count('('), count('['));
    let (mut close_paren, mut close_square) = (count(')'), count(']'));
    while let Some(last) = s[..end].chars().next_back() {
        let trim = match last {
            ')' if close_paren > open_paren => {
                close_paren -= 1;
                true
            }
            ']' if close_square > open_square => {
                close_square -= 1;
                true
            }
            _ => ".,;:!?'…،؛؟".contains(last),
        };
        if !trim {
            break;
        }
        end -= last.len_utf8();
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(href: &str, shown: &str) -> Segment {
        Segment::Link {
            href: href.into(),
            shown: shown.into(),
        }
    }
    fn text(t: &str) -> Segment {
        Segment::Text(t.into())
    }

    #[test]
    fn links_inside_text() {
        assert_eq!(
            segments("see https://a.example/x?y=1#z, then"),
            vec![
                text("see "),
                link("https://a.example/x?y=1#z", "https://a.example/x?y=1#z"),
                text(", then")
            ]
        );
        assert_eq!(
            segments("www.example.com."),
            vec![link("https://www.example.com", "www.example.com"), text(".")]
        );
        assert_eq!(
            segments("(http://x.example/a_(b)) ok"),
            vec![
                text("("),
                link("http://x.example/a_(b)", "http://x.example/a_(b)"),
                text(") ok")
            ]
        );
        assert_eq!(
            segments("رابط: https://مثال.موقع/صفحة، شكرًا"),
            vec![
                text("رابط: "),
                link("https://مثال.موقع/صفحة", "https://مثال.موقع/صفحة"),
                text("، شكرًا")
            ]
        );
        assert_eq!(
            segments("HTTPS://UP.example"),
            vec![link("HTTPS://UP.example", "HTTPS://UP.example")]
        );
    }

    #[test]
    fn bidi_controls_end_a_link() {
        let spoof = "https://good.example/\u{202e}elgoog.evil";
        assert_eq!(
            segments(spoof),
            vec![
                link("https://good.example/", "https://good.example/"),
                text("\u{202e}elgoog.evil")
            ]
        );
        for control in ['\u{200e}', '\u{200f}', '\u{061c}', '\u{2066}', '\u{2069}', '\u{202a}'] {
            let input = format!("http://a.example{control}x");
            let parts = segments(&input);
            assert_eq!(parts[0], link("http://a.example", "http://a.example"), "{control:?}");
        }
    }

    #[test]
    fn pathological_brackets_take_linear_time() {
        // 60 000 closing brackets used to be trimmed one rescan at a time (18 s in a browser).
        for tail in [")", "]", ")]", ".)"] {
            let input = format!("https://a.example/x{}", tail.repeat(300_000));
            let parts = segments(&input);
            assert_eq!(parts[0], link("https://a.example/x", "https://a.example/x"), "{tail}");
            assert_eq!(parts.len(), 2);
        }
        let nested = format!("https://a.example/{}{}", "(".repeat(200_000), ")".repeat(200_001));
        let parts = segments(&nested);
        assert!(matches!(&parts[0], Segment::Link { shown, .. } if shown.len() == nested.len() - 1));
        let many = "(http://x.example ".repeat(50_000);
        assert_eq!(segments(&many).len(), 100_001);
    }

    #[test]
    fn random_input_never_panics_and_keeps_every_character() {
        for input in crate::fuzz::strings("ht:/p.sw()[]<>\"' \n،؟«»\u{202e}\u{200f}😀تa", 3_000, 40) {
            let rebuilt: String = segments(&input)
                .into_iter()
                .map(|s| match s {
                    Segment::Text(t) => t,
                    Segment::Link { shown, href } => {
                        assert!(href.starts_with("http"), "{href}");
                        shown
                    }
                })
                .collect();
            assert_eq!(rebuilt, input);
        }
    }

    #[test]
    fn leaves_everything_else_as_text() {
        for t in [
            "javascript:alert(1)",
            "no links here",
            "https://",
            "xhttps://a.example",
            "mailto:a@b.c",
            "",
            "ftp://x",
        ] {
            let expected = if t.is_empty() { vec![] } else { vec![text(t)] };
            assert_eq!(segments(t), expected, "{t}");
        }
        assert_eq!(
            segments("<b> https://a.example\"onclick=x</b>"),
            vec![
                text("<b> "),
                link("https://a.example", "https://a.example"),
                text("\"onclick=x</b>")
            ]
        );
    }
}
