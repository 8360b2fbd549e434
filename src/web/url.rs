//! Every URL policy in one place: what the widget fetches, what it links to, and which servers
//! it talks to. Pure, with native tests; the callers never judge a URL themselves.

/// Keeps a URL only if it cannot run script: http(s), or relative. `javascript:`, `data:`,
/// `vbscript:` and any other scheme are refused (scheme match ignores case and whitespace
/// the way browsers do).
pub fn safe_url(raw: &str) -> Option<String> {
    let url = raw.trim();
    if url.is_empty() {
        return None;
    }
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect();
    match squeezed.find(':') {
        Some(colon) if !squeezed[..colon].contains(['/', '?', '#']) => {
            let scheme = squeezed[..colon].to_ascii_lowercase();
            (scheme == "http" || scheme == "https").then(|| url.to_owned())
        }
        _ => Some(url.to_owned()),
    }
}

/// An absolute http(s) URL (a canonical address, a lead image, an author's site).
pub fn is_absolute_http(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// A link in HTML from a server (a comment, an article body): http(s) or `mailto:`, whatever the
/// case and the whitespace or control characters a browser would ignore in the scheme.
pub fn safe_href(value: &str) -> Option<String> {
    let squeezed: String = value
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect();
    let lower = squeezed.to_ascii_lowercase();
    (lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:"))
        .then(|| value.trim().to_owned())
}

/// What an address in a server's HTML (an article body, a comment) is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    /// http(s), or `mailto:` for links.
    Absolute,
    /// A place in the same text: `#section-2`.
    Fragment,
    /// Relative to the document it was written in (`/2016/02/other/`, `other.html`, `//host/x`).
    Relative,
}

/// What `value` is as a link or image address; `None` for one that could run script or is
/// nothing (any scheme but http, https and mailto, an empty address, a lone `#`). A scheme is
/// recognised the way browsers do, ignoring case and the whitespace and control characters
/// they skip.
pub fn link_kind(value: &str) -> Option<LinkKind> {
    let squeezed: String = value
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .collect();
    if squeezed.is_empty() || squeezed == "#" {
        return None;
    }
    if squeezed.starts_with('#') {
        return Some(LinkKind::Fragment);
    }
    match squeezed.find(':') {
        Some(colon) if !squeezed[..colon].contains(['/', '?', '#']) => {
            let scheme = squeezed[..colon].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto").then_some(LinkKind::Absolute)
        }
        _ => Some(LinkKind::Relative),
    }
}

/// The address of a server the widget talks to (an Isso endpoint, a WordPress site) as a
/// publisher writes it: absolute http(s), a host, no query, fragment or whitespace; no
/// trailing slash.
pub fn service_address(raw: &str) -> Option<String> {
    let site = raw.trim();
    let lower = site.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))?;
    let ok = !rest.is_empty()
        && !rest.starts_with('/')
        && !site.contains(['?', '#'])
        && !site.chars().any(|c| c.is_whitespace() || c.is_control());
    ok.then(|| site.trim_end_matches('/').to_owned())
}

/// Query parameters that say how a reader arrived, not which page this is: dropped from a
/// thread's key, so a shared link does not open a thread of its own.
const TRACKING: &[&str] = &[
    "fbclid",
    "gclid",
    "gclsrc",
    "dclid",
    "gbraid",
    "wbraid",
    "msclkid",
    "yclid",
    "twclid",
    "igshid",
    "srsltid",
    "mc_cid",
    "mc_eid",
    "_ga",
    "_gl",
    "_hsenc",
    "_hsmi",
    "mkt_tok",
    "ref_src",
    "replytocom",
];

/// The key of the thread an address names: its path and the query parameters that pick the page
/// (`/article.php?id=5` and `?id=6` are two articles, as are WordPress's plain permalinks
/// `/?p=12`), in a stable order, without tracking parameters (`utm_*`, `fbclid`, …) or a fragment.
/// `search` is the query as `URL.search` gives it (with or without the `?`).
pub fn thread_path(path: &str, search: &str) -> String {
    let mut params: Vec<&str> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| !pair.is_empty())
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or_default().to_ascii_lowercase();
            !name.starts_with("utm_") && !TRACKING.contains(&name.as_str())
        })
        .collect();
    params.sort_unstable();
    params.dedup();
    let path = if path.is_empty() { "/" } else { path };
    if params.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{}", params.join("&"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_addresses() {
        assert_eq!(
            service_address(" https://news.example/ "),
            Some("https://news.example".into())
        );
        assert_eq!(
            service_address("http://127.0.0.1:8081/isso/"),
            Some("http://127.0.0.1:8081/isso".into())
        );
        for bad in [
            "news.example",
            "javascript:alert(1)",
            "https://",
            "https:///x",
            "https://a b",
            "https://a/?x=1",
            "ftp://x",
            "",
        ] {
            assert_eq!(service_address(bad), None, "{bad}");
        }
    }

    #[test]
    fn absolute_http_and_links() {
        assert!(is_absolute_http("HTTPS://x.example"));
        assert!(!is_absolute_http("//x.example"));
        assert_eq!(safe_href(" mailto:a@b.c "), Some("mailto:a@b.c".into()));
        assert_eq!(safe_href("java\tscript:x"), None);
    }

    #[test]
    fn url_safety() {
        assert_eq!(safe_url("https://a/b"), Some("https://a/b".into()));
        assert_eq!(safe_url("HTTP://a"), Some("HTTP://a".into()));
        assert_eq!(safe_url("/img/a.png?x=a:b"), Some("/img/a.png?x=a:b".into()));
        assert_eq!(safe_url("a:b.png"), None, "a colon before any slash is a scheme");
        assert_eq!(safe_url("img/a:b.png"), Some("img/a:b.png".into()));
        assert_eq!(safe_url("./a:b.png"), Some("./a:b.png".into()));
        assert_eq!(safe_url("java\nscript:x"), None);
        assert_eq!(safe_url("vbscript:x"), None);
        assert_eq!(safe_url("  "), None);
    }

    #[test]
    fn a_thread_is_its_path_and_the_query_that_picks_the_page() {
        assert_eq!(thread_path("/news/a", ""), "/news/a");
        assert_eq!(thread_path("/article.php", "?id=5"), "/article.php?id=5");
        assert_ne!(
            thread_path("/article.php", "?id=5"),
            thread_path("/article.php", "?id=6")
        );
        assert_eq!(thread_path("/", "?p=12"), "/?p=12", "WordPress's plain permalinks");
        assert_eq!(
            thread_path("/a", "?utm_source=x&id=5&fbclid=y&UTM_Medium=z&gclid=1"),
            "/a?id=5",
            "how a reader arrived does not pick the page"
        );
        assert_eq!(
            thread_path("/a", "?b=2&a=1"),
            thread_path("/a", "a=1&b=2"),
            "order does not matter"
        );
        assert_eq!(thread_path("/a", "?utm_campaign=q"), "/a");
        // Google's result id, HubSpot's and Marketo's mail ids, WordPress's "reply to" link.
        assert_eq!(
            thread_path("/a", "?id=5&srsltid=x&_hsenc=y&_hsmi=z&mkt_tok=w&replytocom=12"),
            "/a?id=5"
        );
        assert_eq!(thread_path("", ""), "/");
    }

    #[test]
    fn links_in_markup_are_absolute_fragments_or_relative() {
        assert_eq!(link_kind("https://x.example/a"), Some(LinkKind::Absolute));
        assert_eq!(link_kind(" MAILTO:a@b.c"), Some(LinkKind::Absolute));
        assert_eq!(link_kind("#part-2"), Some(LinkKind::Fragment));
        assert_eq!(link_kind("#%D8%A7"), Some(LinkKind::Fragment));
        for relative in ["/2016/02/other/", "other.html", "//cdn.example/x.png", "?p=12", "a/b:c"] {
            assert_eq!(link_kind(relative), Some(LinkKind::Relative), "{relative}");
        }
        for bad in [
            "javascript:alert(1)",
            " java\tscript:x",
            "JaVaScRiPt:x",
            "data:text/html,x",
            "vbscript:x",
            "",
            "#",
            "  ",
        ] {
            assert_eq!(link_kind(bad), None, "{bad}");
        }
    }
}
