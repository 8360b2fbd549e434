//! The embed contract: the custom element's attributes → a validated [`Config`].
//!
//! Pure, so every attribute combination is natively tested; `article_element.rs` feeds it real attributes.
//!
//! | attribute | meaning |
//! |---|---|
//! | `src` | URL of the article's JSON-LD (fetched with CORS). Wins over inline JSON-LD. |
//! | (child) `<script type="application/ld+json">` | the article inline, when there is no `src` |
//! | `lang` | interface language (a BCP 47 tag: `fa`, `pt-BR`); default: the article's `inLanguage`, then the page's, then the reader's |
//! | `dir` | `rtl`/`ltr` to override the direction derived from the article's language |
//! | `theme` | `light`/`dark` to force a colour scheme; `auto` (default) follows the host page, live (see `theme.rs`) |
//! | `comments` | `local` (default: in this browser), `local:moderated,offline,delay=MS` (demos/tests), `isso:URL`, `none` |
//! | `thread` | the thread id; default: the article's `url` path, else the `src` path, else the page path |
//! | `page-size` | top-level comments per page, 1–100 (default 10) |
//! | `wordpress` + `post` | a WordPress site and a post's slug or id: the article and its comments from its REST API |
//! | `post-type` | the REST base of the post's type (`pages`, a custom type's); default `posts` |
//! | `avatars` | `wordpress`: show the avatar images WordPress sends (a request to Gravatar); default: local initials |
//! | `thread-depth` | how deeply replies nest (WordPress: default 5), 1–10 |
//! | `loading` | `lazy`: the comments are requested and shown only when they come within a viewport of the screen; default `eager` |
//! | `sort` | `newest`: top-level comments open newest first (the reader can change it); default `oldest` |
//! | `live` | `off`: no new comments while the reader reads (default `on`: a button shows them; docs/live.md) |
//! | `mode` | `excerpt`: headline, lead image and the first paragraphs, with a link to the original; `comments`: the comments alone (the page shows the article); default `full` |

use crate::app::config::{ArticleSource, CommentsSpec, Config, DEFAULT_PAGE_SIZE, Mode};
use crate::backends::isso;
use crate::backends::local::LocalOptions;
use crate::backends::wordpress::PostRef;
use crate::comments::model::Sort;
use crate::web::direction::Dir;
use crate::web::url::{safe_url, service_address};

pub const TAG: &str = "maqal-article";
pub const OBSERVED_ATTRIBUTES: &[&str] = &[
    "src",
    "lang",
    "dir",
    "comments",
    "thread",
    "page-size",
    "wordpress",
    "post",
    "post-type",
    "avatars",
    "thread-depth",
    "loading",
    "mode",
    "sort",
    "live",
];

/// The `comments` attribute: where comments live.
pub fn comments_spec(raw: &str, warnings: &mut Vec<String>) -> CommentsSpec {
    let raw = raw.trim();
    let (kind, options) = raw.split_once(':').unwrap_or((raw, ""));
    match kind.to_ascii_lowercase().as_str() {
        "none" | "off" => CommentsSpec::Off,
        "" | "local" => {
            let mut local = LocalOptions::default();
            for option in options.split(',').map(str::trim).filter(|o| !o.is_empty()) {
                match option.split_once('=') {
                    None if option == "moderated" => local.moderated = true,
                    None if option == "offline" => local.offline = true,
                    Some(("delay", ms)) if ms.parse::<u32>().is_ok_and(|ms| ms <= 10_000) => {
                        local.delay_ms = ms.parse().unwrap_or(0);
                    }
                    _ => bad(
                        warnings,
                        "comments",
                        option,
                        "is not a local option (moderated, offline, delay=MS)",
                    ),
                }
            }
            CommentsSpec::Local(local)
        }
        "wordpress" => CommentsSpec::WordPress,
        "isso" => match isso::endpoint(options) {
            Some(endpoint) => CommentsSpec::Isso(endpoint),
            None => {
                bad(
                    warnings,
                    "comments",
                    raw,
                    "needs Isso's http(s) address, e.g. isso:https://comments.example.com",
                );
                CommentsSpec::Off
            }
        },
        _ => {
            bad(
                warnings,
                "comments",
                raw,
                "is not a known backend; using this browser's storage",
            );
            CommentsSpec::Local(LocalOptions::default())
        }
    }
}

/// The article as JSON-LD: `src` (if safe) wins over the inline script.
fn json_source(src: Option<String>, inline: Option<String>, warnings: &mut Vec<String>) -> ArticleSource {
    match (src, inline) {
        (Some(src), inline) => match safe_url(&src) {
            Some(url) => ArticleSource::Url(url),
            None => {
                bad(
                    warnings,
                    "src",
                    &src,
                    "is ignored: only http(s) and relative URLs are fetched",
                );
                inline.map_or(ArticleSource::Missing, ArticleSource::Inline)
            }
        },
        (None, Some(json)) => ArticleSource::Inline(json),
        (None, None) => ArticleSource::Missing,
    }
}

/// `attr` reads one attribute of the element; `inline_json` is the text of its JSON-LD child.
pub fn read(attr: impl Fn(&str) -> Option<String>, inline_json: Option<String>) -> Config {
    let mut warnings = Vec::new();
    let src = attr("src").map(|s| s.trim().to_owned()).filter(|s| !s.is_empty());
    let wordpress = attr("wordpress").filter(|w| !w.trim().is_empty()).and_then(|raw| {
        let site = service_address(&raw);
        if site.is_none() {
            bad(&mut warnings, "wordpress", &raw, "is not an http(s) site address");
        }
        site
    });
    let post = attr("post").filter(|p| !p.trim().is_empty()).and_then(|raw| {
        let post = PostRef::parse(&raw);
        if post.is_none() {
            bad(&mut warnings, "post", &raw, "is not a post slug or id");
        }
        post
    });
    let kind = match attr("post-type").map(|k| k.trim().to_ascii_lowercase()) {
        None => "posts".to_owned(),
        Some(kind) if kind.is_empty() => "posts".to_owned(),
        Some(kind)
            if kind.len() <= 40
                && kind
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_') =>
        {
            kind
        }
        Some(kind) => {
            bad(
                &mut warnings,
                "post-type",
                &kind,
                "is not a REST base (such as posts or pages); using posts",
            );
            "posts".to_owned()
        }
    };
    let inline = inline_json.filter(|j| !j.trim().is_empty());
    let source = match (src, wordpress, post) {
        (None, Some(site), Some(post)) => ArticleSource::WordPress { site, post, kind },
        (src, wordpress, post) => {
            if src.is_none() && (wordpress.is_some() != post.is_some()) {
                warnings.push("a WordPress article needs both the wordpress and post attributes".into());
            }
            json_source(src, inline, &mut warnings)
        }
    };
    let dir = attr("dir").and_then(|d| {
        let dir = Dir::parse_attr(&d);
        if dir.is_none() && !d.trim().eq_ignore_ascii_case("auto") {
            bad(
                &mut warnings,
                "dir",
                &d,
                "is not rtl, ltr or auto; deriving it from the language",
            );
        }
        dir
    });
    if let Some(theme) = attr("theme").filter(|t| !matches!(t.trim(), "" | "light" | "dark" | "auto")) {
        bad(
            &mut warnings,
            "theme",
            &theme,
            "is not light, dark or auto; following the page",
        );
    }
    let comments = match (attr("comments"), &source) {
        // A WordPress article's comments are the post's, unless the publisher says otherwise.
        (None, ArticleSource::WordPress { .. }) => CommentsSpec::WordPress,
        (spec, _) => comments_spec(&spec.unwrap_or_default(), &mut warnings),
    };
    let thread = attr("thread")
        .map(|t| t.trim().to_owned())
        .filter(|t| !t.is_empty() && t.len() <= 512);
    let page_size = match attr("page-size") {
        None => DEFAULT_PAGE_SIZE,
        Some(raw) => match raw.trim().parse::<usize>() {
            Ok(n @ 1..=100) => n,
            _ => {
                bad(&mut warnings, "page-size", &raw, "is not 1–100; using the default, 10");
                DEFAULT_PAGE_SIZE
            }
        },
    };
    let remote_avatars = match attr("avatars").map(|a| a.trim().to_ascii_lowercase()) {
        None => false,
        Some(a) if a == "wordpress" || a == "remote" => true,
        Some(a) if a.is_empty() || a == "local" => false,
        Some(a) => {
            bad(
                &mut warnings,
                "avatars",
                &a,
                "is not local or wordpress; using local initials",
            );
            false
        }
    };
    let thread_depth = attr("thread-depth").and_then(|raw| match raw.trim().parse::<usize>() {
        Ok(n @ 1..=10) => Some(n),
        _ => {
            bad(&mut warnings, "thread-depth", &raw, "is not 1–10; using the backend's");
            None
        }
    });
    let lazy = match attr("loading").map(|l| l.trim().to_ascii_lowercase()).as_deref() {
        None | Some("" | "eager") => false,
        Some("lazy") => true,
        Some(other) => {
            bad(
                &mut warnings,
                "loading",
                other,
                "is not lazy or eager; loading comments at once",
            );
            false
        }
    };
    let mode = match attr("mode").map(|m| m.trim().to_ascii_lowercase()).as_deref() {
        None | Some("" | "full") => Mode::Full,
        Some("excerpt") => Mode::Excerpt,
        Some("comments") => Mode::Comments,
        Some(other) => {
            bad(
                &mut warnings,
                "mode",
                other,
                "is not full, excerpt or comments; showing the whole article",
            );
            Mode::Full
        }
    };
    let sort = match attr("sort").map(|s| s.trim().to_ascii_lowercase()).as_deref() {
        None | Some("" | "oldest") => Sort::Oldest,
        Some("newest") => Sort::Newest,
        Some(other) => {
            bad(&mut warnings, "sort", other, "is not oldest or newest; oldest first");
            Sort::Oldest
        }
    };
    let live = match attr("live").map(|l| l.trim().to_ascii_lowercase()).as_deref() {
        None | Some("" | "on") => true,
        Some("off") => false,
        Some(other) => {
            bad(&mut warnings, "live", other, "is not on or off; on");
            true
        }
    };
    Config {
        source,
        dir,
        comments,
        thread,
        page_size,
        remote_avatars,
        thread_depth,
        lazy,
        mode,
        sort,
        live,
        warnings,
    }
}

/// Says that attribute `name` has a `value` it cannot take, and what happens instead (`why`).
/// One formatting site for every attribute: each `format!` costs the first screen its own code.
fn bad(warnings: &mut Vec<String>, name: &str, value: &str, why: &str) {
    warnings.push(format!("{name}=\"{value}\" {why}"));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::app::config::{ArticleSource, CommentsSpec};

    fn config(attrs: &[(&str, &str)], inline: Option<&str>) -> Config {
        let map: Vec<(String, String)> = attrs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        read(
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
        assert_eq!(config(&[("src", "")], Some("  ")).source, ArticleSource::Missing);
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
    fn comments_thread_page_size() {
        let c = config(&[], None);
        assert_eq!(
            (c.comments, c.thread, c.page_size),
            (CommentsSpec::Local(LocalOptions::default()), None, 10)
        );
        let c = config(
            &[
                ("comments", "local:moderated, delay=250"),
                ("thread", " /a/b "),
                ("page-size", "25"),
            ],
            None,
        );
        assert_eq!(
            c.comments,
            CommentsSpec::Local(LocalOptions {
                moderated: true,
                offline: false,
                delay_ms: 250
            })
        );
        assert_eq!((c.thread.as_deref(), c.page_size), (Some("/a/b"), 25));
        assert!(c.warnings.is_empty());
        assert_eq!(config(&[("comments", "none")], None).comments, CommentsSpec::Off);
        let c = config(
            &[("comments", "local:offline,bogus,delay=99999"), ("page-size", "0")],
            None,
        );
        assert_eq!(
            c.comments,
            CommentsSpec::Local(LocalOptions {
                offline: true,
                ..Default::default()
            })
        );
        assert_eq!((c.page_size, c.warnings.len()), (10, 3));
        let c = config(&[("comments", "isso:https://comments.example.com/ ")], None);
        assert_eq!(c.comments, CommentsSpec::Isso("https://comments.example.com".into()));
        let c = config(&[("comments", "isso:http://127.0.0.1:8081/isso/")], None);
        assert_eq!(c.comments, CommentsSpec::Isso("http://127.0.0.1:8081/isso".into()));
        for bad in [
            "isso:",
            "isso:ftp://x",
            "isso:javascript:alert(1)",
            "isso:https:///x",
            "isso:https://a b",
        ] {
            let c = config(&[("comments", bad)], None);
            assert_eq!((c.comments, c.warnings.len()), (CommentsSpec::Off, 1), "{bad}");
        }
        let c = config(&[("comments", "disqus:x")], None);
        assert_eq!(
            (c.comments, c.warnings.len()),
            (CommentsSpec::Local(LocalOptions::default()), 1)
        );
    }

    #[test]
    fn language_direction_theme() {
        let c = config(&[("dir", "LTR"), ("theme", "dark")], None);
        assert_eq!(c.dir, Some(Dir::Ltr));
        assert!(c.warnings.is_empty());
        let c = config(&[("dir", "auto")], None);
        assert_eq!(c.dir, None);
        assert!(c.warnings.is_empty());
        let c = config(&[("dir", "up"), ("theme", "neon")], None);
        assert_eq!(c.dir, None);
        assert_eq!(c.warnings.len(), 2);
    }

    #[test]
    fn warnings_say_what_happens_instead() {
        let c = config(&[("page-size", "0"), ("mode", "teaser")], None);
        assert_eq!(
            c.warnings,
            [
                format!("page-size=\"0\" is not 1–100; using the default, {DEFAULT_PAGE_SIZE}"),
                "mode=\"teaser\" is not full, excerpt or comments; showing the whole article".to_owned(),
            ]
        );
    }

    #[test]
    fn sort() {
        let sort = |raw: Option<&str>| {
            let c = config(&raw.map(|r| vec![("sort", r)]).unwrap_or_default(), None);
            (c.sort, c.warnings.len())
        };
        assert_eq!(sort(None), (Sort::Oldest, 0));
        assert_eq!(sort(Some(" Newest ")), (Sort::Newest, 0));
        assert_eq!(sort(Some("oldest")), (Sort::Oldest, 0));
        // Votes are not every backend's: not an order a publisher can open with.
        assert_eq!(sort(Some("upvotes")), (Sort::Oldest, 1));
    }

    #[test]
    fn live() {
        let live = |raw: Option<&str>| {
            let c = config(&raw.map(|r| vec![("live", r)]).unwrap_or_default(), None);
            (c.live, c.warnings.len())
        };
        assert_eq!(live(None), (true, 0));
        assert_eq!(live(Some(" OFF ")), (false, 0));
        assert_eq!(live(Some("on")), (true, 0));
        assert_eq!(live(Some("")), (true, 0));
        assert_eq!(live(Some("false")), (true, 1));
    }

    #[test]
    fn post_type() {
        let wp = |kind: Option<&str>| {
            let mut attrs = vec![("wordpress", "https://news.example"), ("post", "7")];
            attrs.extend(kind.map(|k| ("post-type", k)));
            let c = config(&attrs, None);
            match c.source {
                ArticleSource::WordPress { kind, .. } => (kind, c.warnings.len()),
                other => panic!("{other:?}"),
            }
        };
        assert_eq!(wp(None), ("posts".into(), 0));
        assert_eq!(wp(Some(" Pages ")), ("pages".into(), 0));
        assert_eq!(wp(Some("news_items-2")), ("news_items-2".into(), 0));
        // Never a path of its own into the site's API.
        assert_eq!(wp(Some("../users")), ("posts".into(), 1));
        assert_eq!(wp(Some("pages?x=1")), ("posts".into(), 1));
    }

    #[test]
    fn loading_and_mode() {
        let c = config(&[("src", "a.json")], None);
        assert_eq!((c.lazy, c.mode), (false, Mode::Full));
        let c = config(&[("src", "a.json"), ("loading", " LAZY "), ("mode", "Excerpt")], None);
        assert_eq!((c.lazy, c.mode), (true, Mode::Excerpt));
        assert!(c.warnings.is_empty());
        let c = config(&[("src", "a.json"), ("loading", "eager"), ("mode", "full")], None);
        assert_eq!((c.lazy, c.mode, c.warnings.len()), (false, Mode::Full, 0));
        let c = config(
            &[
                ("wordpress", "https://news.example"),
                ("post", "7"),
                ("mode", " COMMENTS "),
            ],
            None,
        );
        assert_eq!((c.mode, c.warnings.len()), (Mode::Comments, 0));
        // No source of its own: the comments of this page (the page shows the article).
        let c = config(&[("mode", "comments"), ("comments", "local")], None);
        assert_eq!(
            (c.mode, c.source, c.warnings.len()),
            (Mode::Comments, ArticleSource::Missing, 0)
        );
        let c = config(&[("src", "a.json"), ("loading", "soon"), ("mode", "teaser")], None);
        assert_eq!((c.lazy, c.mode, c.warnings.len()), (false, Mode::Full, 2));
    }
}
