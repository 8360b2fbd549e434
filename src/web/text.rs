//! Text from markup: HTML as plain text (WordPress sends titles, captions and names as HTML;
//! structured data and fingerprints want words), and caps on how long a text may be.
//! Pure and linear in the input, with native tests.

/// HTML as text: tags dropped, character references decoded, spaces collapsed. For titles,
/// captions and names, which WordPress sends as HTML and we show as text. Linear.
pub fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(c) = rest.chars().next() {
        match c {
            '<' => {
                let tag = tag_name(&rest[1..]);
                rest = rest.find('>').map_or("", |end| &rest[end + 1..]);
                // Words go on across an inline element ("و<a>رابط</a>" is one word); any other
                // tag separates them.
                if !INLINE.contains(&tag.as_str()) {
                    out.push(' ');
                }
            }
            '&' => {
                let (decoded, used) = entity(rest);
                out.push_str(&decoded);
                rest = &rest[used..];
            }
            c => {
                out.push(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Elements that sit inside a line of text.
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q", "s", "samp",
    "small", "span", "strike", "strong", "sub", "sup", "time", "u", "var",
];

/// The lower-cased name of the tag `s` starts with (after its `<`), closing or not.
fn tag_name(s: &str) -> String {
    s.trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase()
}

/// The character reference at the start of `s` (which starts with `&`): what it stands for and
/// how many bytes it used. Unknown references stay as they are.
fn entity(s: &str) -> (String, usize) {
    let Some(end) = s[1..]
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '#'))
        .map(|i| i + 1)
    else {
        return ("&".into(), 1);
    };
    let name = &s[1..end];
    let used = if s[end..].starts_with(';') { end + 1 } else { end };
    let numeric = name
        .strip_prefix("#x")
        .or_else(|| name.strip_prefix("#X"))
        .map(|hex| u32::from_str_radix(hex, 16))
        .or_else(|| name.strip_prefix('#').map(str::parse::<u32>));
    let decoded = match numeric {
        Some(Ok(code)) => char::from_u32(code).filter(|c| *c != '\0').map(String::from),
        Some(Err(_)) => None,
        None => NAMED.iter().find(|(n, _)| *n == name).map(|(_, c)| (*c).to_owned()),
    };
    match decoded {
        Some(text) => (text, used),
        None => ("&".into(), 1),
    }
}

/// The named references WordPress's formatting produces (`esc_html`, `wptexturize`).
const NAMED: &[(&str, &str)] = &[
    ("amp", "&"),
    ("lt", "<"),
    ("gt", ">"),
    ("quot", "\""),
    ("apos", "'"),
    ("nbsp", "\u{a0}"),
    ("hellip", "…"),
    ("ndash", "–"),
    ("mdash", "—"),
    ("lsquo", "‘"),
    ("rsquo", "’"),
    ("ldquo", "“"),
    ("rdquo", "”"),
    ("laquo", "«"),
    ("raquo", "»"),
    ("times", "×"),
    ("copy", "©"),
];

/// HTML as paragraphs of text: a new one at every block (`<p>`, a heading, a list item, a
/// quotation, a table row, `<br>`), each as [`plain_text`]. What is shown of a server's HTML
/// where the page forbids parsing markup (Trusted Types without the widget's policy).
pub fn text_blocks(html: &str) -> Vec<String> {
    const BREAKS: &[&str] = &[
        "p",
        "br",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "blockquote",
        "tr",
        "div",
        "figure",
        "figcaption",
        "pre",
        "hr",
        "dt",
        "dd",
    ];
    let mut blocks = Vec::new();
    let mut start = 0;
    let mut search = 0;
    while let Some(open) = html[search..].find('<').map(|i| i + search) {
        let rest = &html[open + 1..];
        let name = tag_name(rest);
        let end = rest.find('>').map_or(html.len(), |i| open + 1 + i + 1);
        if BREAKS.contains(&name.as_str()) {
            blocks.push(plain_text(&html[start..open]));
            start = end;
        }
        search = end.max(open + 1);
        if search >= html.len() {
            break;
        }
    }
    blocks.push(plain_text(&html[start.min(html.len())..]));
    blocks.retain(|b| !b.is_empty());
    blocks
}

/// At most `max` characters of `text` (cut on a character boundary).
pub fn cap_chars(mut text: String, max: usize) -> String {
    if let Some((cut, _)) = text.char_indices().nth(max) {
        text.truncate(cut);
    }
    text
}

/// Unicode's tables, the browser's: what these ask (letters, digits, small letters, capitals)
/// the module asks of JavaScript (`RegExp` with `\p{…}`, `toLowerCase`, `toUpperCase`), whose
/// tables are the same Unicode's, instead of carrying Rust's case and property tables in its
/// data (which every page downloads, whichever part uses them). Native builds (the tests) use
/// Rust's own.
mod unicode {
    #[cfg(target_arch = "wasm32")]
    fn replaced(text: &str, pattern: &str) -> String {
        let pattern = js_sys::RegExp::new(pattern, "gu");
        String::from(js_sys::JsString::from(text).replace_by_pattern(&pattern, ""))
    }

    /// The letters of `text` (Unicode's `Alphabetic`), in order.
    pub fn letters(text: &str) -> String {
        #[cfg(target_arch = "wasm32")]
        {
            replaced(text, "\\P{Alphabetic}+")
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            text.chars().filter(|c| c.is_alphabetic()).collect()
        }
    }

    /// The letters and digits of `text` (`Alphabetic` and `Numeric`), in order.
    pub fn letters_and_digits(text: &str) -> String {
        #[cfg(target_arch = "wasm32")]
        {
            replaced(text, "[^\\p{Alphabetic}\\p{N}]+")
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            text.chars().filter(|c| c.is_alphanumeric()).collect()
        }
    }

    /// `text` in small letters (a final sigma as such).
    pub fn lower(text: &str) -> String {
        #[cfg(target_arch = "wasm32")]
        {
            String::from(js_sys::JsString::from(text).to_lower_case())
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            text.to_lowercase()
        }
    }

    /// `text` in capitals (`ß` → `SS`).
    pub fn upper(text: &str) -> String {
        #[cfg(target_arch = "wasm32")]
        {
            String::from(js_sys::JsString::from(text).to_upper_case())
        }
        #[cfg(not(target_arch = "wasm32"))]
        {
            text.to_uppercase()
        }
    }
}
pub use unicode::{letters, letters_and_digits, lower, upper};

#[cfg(test)]
mod tests {
    use super::*;

    /// What the module asks of the browser's Unicode tables (the browser tests check the same
    /// cases there: avatars, directions, a post found again by its words).
    #[test]
    fn letters_digits_and_case() {
        assert_eq!(letters("iPhone 16 يصل، «غدا»!"), "iPhoneيصلغدا");
        assert_eq!(letters_and_digits("iPhone 16 يصل ٣ مرات"), "iPhone16يصل٣مرات");
        assert_eq!(letters_and_digits("— … «»"), "");
        assert_eq!(lower("ΣΟΦΟΣ Hello"), "σοφος hello");
        assert_eq!(upper("ßeta ǆ"), "SSETA Ǆ");
    }

    #[test]
    fn html_becomes_text() {
        assert_eq!(
            plain_text("Rich &amp; &#8220;quoted&#8221; content"),
            "Rich & “quoted” content"
        );
        assert_eq!(plain_text("<p>A <em>caption</em></p>\n"), "A caption");
        assert_eq!(
            plain_text("نص <strong>مهم</strong> و<a href=\"x\">رابط</a>"),
            "نص مهم ورابط",
            "inline tags part no words"
        );
        assert_eq!(plain_text("<p>one</p><p>two</p>"), "one two");
        assert_eq!(
            plain_text("&#x1F600; &lt;b&gt; &bogus; & alone &#0; &#xZZ;"),
            "😀 <b> &bogus; & alone &#0; &#xZZ;"
        );
        assert_eq!(plain_text("a<b"), "a", "an unclosed tag ends the text");
        for input in crate::fuzz::strings("<>&#x;ampltb1 \u{feff}ت", 3_000, 30) {
            let _ = plain_text(&input);
        }
    }

    #[test]
    fn html_as_paragraphs_of_text() {
        assert_eq!(
            text_blocks("<p>One &amp; <b>two</b></p>\n<h2>Three</h2><ul><li>Four</li><li>Five<br />six</li></ul>"),
            vec!["One & two", "Three", "Four", "Five", "six"]
        );
        assert_eq!(text_blocks("plain"), vec!["plain"]);
        assert!(text_blocks("<p> </p><div></div>").is_empty());
        assert_eq!(text_blocks("a<p"), vec!["a"], "an unclosed tag ends the text");
        for input in crate::fuzz::strings("<>/pbrh2&amp;ت ", 3_000, 30) {
            let _ = text_blocks(&input);
        }
    }

    #[test]
    fn caps_cut_on_characters() {
        assert_eq!(cap_chars("تيليجرام".into(), 3), "تيل");
        assert_eq!(cap_chars("ab".into(), 5), "ab");
    }
}
