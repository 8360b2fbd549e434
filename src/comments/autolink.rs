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

/// Where a URL starting at `s` ends: at whitespace or a delimiter, minus trailing punctuation
/// that belongs to the sentence (Latin and Arabic), and a closing bracket with no opener.
fn link_end(s: &str) -> usize {
    let mut end = s
        .find(|c: char| c.is_whitespace() || "<>\"“”«»".contains(c))
        .unwrap_or(s.len());
    while let Some(last) = s[..end].chars().next_back() {
        let unbalanced =
            |open: char, close: char| last == close && s[..end].matches(open).count() < s[..end].matches(close).count();
        if ".,;:!?'…،؛؟".contains(last) || unbalanced('(', ')') || unbalanced('[', ']') {
            end -= last.len_utf8();
        } else {
            break;
        }
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
