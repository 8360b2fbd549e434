//! The embed contract: the custom element's attributes → a validated [`Config`].
//!
//! Pure, so every attribute combination is natively tested; `element.rs` feeds it real attributes.
//!
//! | attribute | meaning |
//! |---|---|
//! | `src` | URL of the article's JSON-LD (fetched with CORS). Wins over inline JSON-LD. |
//! | (child) `<script type="application/ld+json">` | the article inline, when there is no `src` |
//! | `lang` | interface language (`ar`, `en`); default: the article's `inLanguage`, then the page's |
//! | `dir` | `rtl`/`ltr` to override the direction derived from the article's language |
//! | `theme` | `light`/`dark` to force a colour scheme; default follows `prefers-color-scheme` (CSS only) |

use crate::article::safe_url;
use crate::i18n::{Dir, Lang};

pub const TAG: &str = "maqal-article";
pub const OBSERVED_ATTRIBUTES: &[&str] = &["src", "lang", "dir"];

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArticleSource {
    Url(String),
    Inline(String),
    Missing,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub source: ArticleSource,
    /// Interface language forced by the publisher.
    pub lang: Option<Lang>,
    /// Direction forced by the publisher.
    pub dir: Option<Dir>,
    /// Problems with the attributes that did not stop rendering; logged to the console.
    pub warnings: Vec<String>,
}

impl Config {
    /// `attr` reads one attribute of the element; `inline_json` is the text of its JSON-LD child.
    pub fn from_element(
        attr: impl Fn(&str) -> Option<String>,
        inline_json: Option<String>,
    ) -> Config {
        let mut warnings = Vec::new();
        let src = attr("src")
            .map(|s| s.trim().to_owned())
            .filter(|s| !s.is_empty());
        let source = match (src, inline_json.filter(|j| !j.trim().is_empty())) {
            (Some(src), inline) => match safe_url(&src) {
                Some(url) => ArticleSource::Url(url),
                None => {
                    warnings.push(format!(
                        "ignoring src={src:?}: only http(s) and relative URLs are fetched"
                    ));
                    inline.map_or(ArticleSource::Missing, ArticleSource::Inline)
                }
            },
            (None, Some(json)) => ArticleSource::Inline(json),
            (None, None) => ArticleSource::Missing,
        };
        let lang = attr("lang").filter(|l| !l.trim().is_empty()).and_then(|l| {
            let lang = Lang::from_tag(&l);
            if lang.is_none() {
                warnings.push(format!(
                    "lang={l:?} has no interface translation; choosing from the article and page"
                ));
            }
            lang
        });
        let dir = attr("dir").and_then(|d| {
            let dir = Dir::parse_attr(&d);
            if dir.is_none() && !d.trim().eq_ignore_ascii_case("auto") {
                warnings.push(format!(
                    "dir={d:?} is not rtl, ltr or auto; deriving it from the language"
                ));
            }
            dir
        });
        if let Some(theme) =
            attr("theme").filter(|t| !matches!(t.trim(), "" | "light" | "dark" | "auto"))
        {
            warnings.push(format!(
                "theme={theme:?} is not light, dark or auto; following the system"
            ));
        }
        Config {
            source,
            lang,
            dir,
            warnings,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(attrs: &[(&str, &str)], inline: Option<&str>) -> Config {
        let map: Vec<(String, String)> = attrs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_element(
            |name| map.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()),
            inline.map(str::to_owned),
        )
    }

    #[test]
    fn source_precedence() {
        assert_eq!(
            config(&[("src", " /a.json ")], Some("{}")).source,
            ArticleSource::Url("/a.json".into())
        );
        assert_eq!(
            config(&[], Some("{\"a\":1}")).source,
            ArticleSource::Inline("{\"a\":1}".into())
        );
        assert_eq!(
            config(&[("src", "")], Some("  ")).source,
            ArticleSource::Missing
        );
        assert_eq!(config(&[], None).source, ArticleSource::Missing);
    }

    #[test]
    fn unsafe_src_is_refused_with_a_warning() {
        let c = config(&[("src", "javascript:alert(1)")], None);
        assert_eq!(c.source, ArticleSource::Missing);
        assert_eq!(c.warnings.len(), 1);
        let c = config(&[("src", "data:application/json,{}")], Some("{}"));
        assert_eq!(c.source, ArticleSource::Inline("{}".into()));
    }

    #[test]
    fn language_direction_theme() {
        let c = config(
            &[("lang", "ar-MA"), ("dir", "LTR"), ("theme", "dark")],
            None,
        );
        assert_eq!((c.lang, c.dir), (Some(Lang::Ar), Some(Dir::Ltr)));
        assert!(c.warnings.is_empty());
        let c = config(&[("lang", "fr"), ("dir", "auto")], None);
        assert_eq!((c.lang, c.dir), (None, None));
        assert_eq!(c.warnings.len(), 1);
        let c = config(&[("dir", "up"), ("theme", "neon")], None);
        assert_eq!(c.dir, None);
        assert_eq!(c.warnings.len(), 2);
    }
}
