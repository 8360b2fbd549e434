//! Light or dark: `theme="light"`/`"dark"` forces one; `auto` (the default) follows the host
//! page, live, so a dark card never sits on a light page (or the reverse).
//!
//! In order, the first that speaks decides:
//! 1. a marker on `<html>` or `<body>`: class `dark`/`light`, or `data-theme` /
//!    `data-bs-theme` = `dark`/`light` (how most sites' theme toggles say it);
//! 2. the `color-scheme` computed on the element (else the page's `<meta name="color-scheme">`),
//!    when it names one scheme only;
//! 3. the background the widget sits on (the first painted one above it), when there is one;
//! 4. nothing painted: the browser's canvas, which is light unless the page offers both schemes
//!    (`color-scheme: light dark`), when it follows the reader's system (`prefers-color-scheme`).

use leptos::prelude::*;
use web_sys::{Element, HtmlElement};

use crate::web::dom::container;
use crate::web::observe::scheme::system_dark;
use crate::web::observe::watch_scheme;

/// The colour scheme a widget shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scheme {
    Light,
    Dark,
}

impl Scheme {
    /// The `theme` attribute: `light` or `dark` force one; anything else is `auto` (None).
    pub fn parse_attr(value: &str) -> Option<Scheme> {
        match value.trim().to_ascii_lowercase().as_str() {
            "light" => Some(Scheme::Light),
            "dark" => Some(Scheme::Dark),
            _ => None,
        }
    }
}

/// What the host page says, read from the DOM (see [`HostSignals::read`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HostSignals {
    /// `class` and theme data attributes of `<html>` then `<body>`.
    pub markers: Vec<Marker>,
    /// The computed `color-scheme` on the element: `normal`, `light`, `dark`, `light dark`…
    pub color_scheme: String,
    /// The first non-transparent `background-color` above the element, as computed.
    pub background: Option<String>,
    /// `prefers-color-scheme: dark`.
    pub system_dark: bool,
}

/// One element's theme markers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Marker {
    pub class: String,
    pub data_theme: Option<String>,
}

impl Marker {
    fn scheme(&self) -> Option<Scheme> {
        let classes = || self.class.split_ascii_whitespace();
        if classes().any(|c| c == "dark") {
            return Some(Scheme::Dark);
        }
        if classes().any(|c| c == "light") {
            return Some(Scheme::Light);
        }
        self.data_theme.as_deref().and_then(Scheme::parse_attr)
    }
}

/// Decides the scheme for `auto` (pure: the rules in the module comment).
pub fn resolve(host: &HostSignals) -> Scheme {
    if let Some(marked) = host.markers.iter().find_map(Marker::scheme) {
        return marked;
    }
    let words: Vec<&str> = host.color_scheme.split_ascii_whitespace().collect();
    let offers_both = match (words.contains(&"light"), words.contains(&"dark")) {
        (true, false) => return Scheme::Light,
        (false, true) => return Scheme::Dark,
        (light, dark) => light && dark,
    };
    if let Some(luminance) = host.background.as_deref().and_then(luminance) {
        return if luminance < 0.5 { Scheme::Dark } else { Scheme::Light };
    }
    // Nothing painted: the browser's canvas shows. It follows the system only on a page that
    // offers both schemes; otherwise it is white, whatever the system says.
    if offers_both && host.system_dark {
        Scheme::Dark
    } else {
        Scheme::Light
    }
}

/// Lightness of a computed background colour, on a scale where 0 is black, 1 white and 0.5 the
/// middle grey; None for a mostly transparent colour or a form this does not read (then the next
/// rule decides). Computed colours keep their colour space: `rgb()`/`rgba()` for the legacy
/// forms, and `color(srgb …)`, `oklab()`, `oklch()`, `lab()`, `lch()` for the modern ones
/// (Tailwind 4 and DaisyUI paint in oklch). Numbers are parsed by hand, because float parsing
/// and `powf` would add kilobytes for a yes/no answer.
pub fn luminance(color: &str) -> Option<f64> {
    let (function, inner) = color.trim().strip_suffix(')')?.split_once('(')?;
    let mut parts: Vec<&str> = inner.split([',', ' ', '/']).filter(|p| !p.is_empty()).collect();
    if function == "color" {
        // `color(srgb r g b)`: the space first, then channels from 0 to 1 (display-p3 and the
        // other RGB spaces are near enough to sRGB for light or dark).
        parts.remove(0);
    }
    let (channels, alpha) = match parts.as_slice() {
        [a, b, c] => ([*a, *b, *c], None),
        [a, b, c, alpha] => ([*a, *b, *c], Some(*alpha)),
        _ => return None,
    };
    if alpha.is_some_and(|a| number(a).is_none_or(|a| a < 0.5)) {
        return None;
    }
    let [x, y, z] = channels.map(|c| if c == "none" { Some(0.0) } else { number(c) });
    // The eye's weights of the three channels.
    let weighted = |r: f64, g: f64, b: f64| 0.299 * r + 0.587 * g + 0.114 * b;
    // A perceptual lightness scaled so that the middle grey's falls at 0.5.
    let around = |l: f64, grey: f64| {
        if l < grey {
            l / grey * 0.5
        } else {
            0.5 + (l - grey) / (1.0 - grey) * 0.5
        }
    };
    Some(match function {
        "rgb" | "rgba" => weighted(x?, y?, z?) / 255.0,
        "color" => weighted(x?, y?, z?),
        // OKLab lightness from 0 to 1 (a percentage is read as a fraction); grey is 0.6.
        "oklab" | "oklch" => around(x?.clamp(0.0, 1.0), 0.6),
        // CIE lightness from 0 to 100; grey is 53.6.
        "lab" | "lch" => around((x? / 100.0).clamp(0.0, 1.0), 0.536),
        _ => return None,
    })
}

/// A CSS number as computed styles serialize it (`12`, `0.25`, `.9`, `-3.5`, `40%` as 0.4);
/// None for anything else.
fn number(text: &str) -> Option<f64> {
    let (text, scale) = match text.strip_suffix('%') {
        Some(percent) => (percent, 100.0),
        None => (text, 1.0),
    };
    let (negative, text) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty() && fraction.is_empty() || !whole.chars().chain(fraction.chars()).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let mut value = 0.0;
    for digit in whole.bytes() {
        value = value * 10.0 + f64::from(digit - b'0');
    }
    let mut place = 1.0;
    // Beyond six decimals nothing changes the answer.
    for digit in fraction.bytes().take(6) {
        place /= 10.0;
        value += f64::from(digit - b'0') * place;
    }
    let value = value / scale;
    Some(if negative { -value } else { value })
}

impl HostSignals {
    /// Reads what the page says around `host`.
    pub fn read(host: &HtmlElement) -> HostSignals {
        let document = document();
        let markers = page_roots()
            .map(|el| Marker {
                class: el.class_name(),
                data_theme: el
                    .get_attribute("data-theme")
                    .or_else(|| el.get_attribute("data-bs-theme")),
            })
            .collect();
        let computed = |el: &Element, property: &str| {
            window()
                .get_computed_style(el)
                .ok()
                .flatten()
                .and_then(|style| style.get_property_value(property).ok())
                .unwrap_or_default()
        };
        // A page may declare its scheme with `<meta name="color-scheme">` alone, which colours
        // its canvas without changing any element's computed `color-scheme`.
        let color_scheme = Some(computed(host, "color-scheme"))
            .filter(|c| !matches!(c.trim(), "" | "normal"))
            .or_else(|| {
                document
                    .query_selector(r#"meta[name="color-scheme"]"#)
                    .ok()
                    .flatten()
                    .and_then(|meta| meta.get_attribute("content"))
            })
            .unwrap_or_default();
        // Bounded by the tree's depth; a transparent chain means the page's canvas shows.
        let mut background = None;
        let mut above = container(host);
        while let Some(el) = above {
            let color = computed(&el, "background-color");
            if luminance(&color).is_some() {
                background = Some(color);
                break;
            }
            above = container(&el);
        }
        HostSignals {
            markers,
            color_scheme,
            background,
            system_dark: system_dark().is_some_and(|q| q.matches()),
        }
    }
}

/// `<html>` and `<body>`, where pages mark their theme.
fn page_roots() -> impl Iterator<Item = Element> {
    let document = document();
    [document.document_element(), document.body().map(Element::from)]
        .into_iter()
        .flatten()
}

/// Keeps class `dark` on `frame` in step with the theme, for as long as the current reactive
/// owner lives: decided now, and again whenever the page may have changed its look
/// ([`watch_scheme`]: the `theme` attribute, a class or attribute on any element the widget sits
/// in, the color-scheme meta tag, stylesheets, a colour transition's end, the system's scheme).
pub fn follow(host: HtmlElement, frame: Element) {
    let decide = {
        let host = host.clone();
        move || {
            let forced = host.get_attribute("theme").as_deref().and_then(Scheme::parse_attr);
            let scheme = forced.unwrap_or_else(|| resolve(&HostSignals::read(&host)));
            let _ = frame.class_list().toggle_with_force("dark", scheme == Scheme::Dark);
        }
    };
    decide();
    watch_scheme(host, decide);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signals(class: &str, color_scheme: &str, background: Option<&str>, system_dark: bool) -> HostSignals {
        HostSignals {
            markers: vec![Marker {
                class: class.into(),
                data_theme: None,
            }],
            color_scheme: color_scheme.into(),
            background: background.map(Into::into),
            system_dark,
        }
    }

    #[test]
    fn markers_then_color_scheme_then_background_then_system() {
        use Scheme::*;
        assert_eq!(
            resolve(&signals("page dark", "light", Some("rgb(255, 255, 255)"), false)),
            Dark
        );
        assert_eq!(resolve(&signals("light", "dark", None, true)), Light);
        assert_eq!(resolve(&signals("darkish", "normal", None, false)), Light);
        let data = HostSignals {
            markers: vec![
                Marker::default(),
                Marker {
                    class: String::new(),
                    data_theme: Some("DARK".into()),
                },
            ],
            ..HostSignals::default()
        };
        assert_eq!(resolve(&data), Dark);
        assert_eq!(resolve(&signals("", "dark", Some("rgb(255, 255, 255)"), false)), Dark);
        assert_eq!(resolve(&signals("", "only light", None, true)), Light);
        // Both schemes offered: the page's painted background says which one it shows.
        assert_eq!(
            resolve(&signals("", "light dark", Some("rgb(18, 18, 18)"), false)),
            Dark
        );
        assert_eq!(resolve(&signals("", "normal", Some("rgb(241, 243, 244)"), true)), Light);
        // Nothing painted: the canvas, which follows the system only where both are offered.
        assert_eq!(resolve(&signals("", "light dark", None, true)), Dark);
        assert_eq!(resolve(&signals("", "light dark", None, false)), Light);
        assert_eq!(resolve(&signals("", "normal", None, true)), Light);
        assert_eq!(resolve(&signals("", "", None, true)), Light);
    }

    #[test]
    fn luminance_of_computed_colours() {
        assert_eq!(
            luminance("rgb(255, 255, 255)").map(|l| (l * 100.0).round()),
            Some(100.0)
        );
        assert_eq!(luminance("rgb(0, 0, 0)"), Some(0.0));
        assert!(luminance("rgb(22, 24, 29)").is_some_and(|l| l < 0.4));
        assert_eq!(luminance("rgba(0, 0, 0, 0)"), None);
        assert!(luminance("rgba(255, 255, 255, 0.9)").is_some_and(|l| l > 0.9));
        assert!(luminance("rgb(0 0 0 / 0.8)").is_some());
        // Modern colour spaces, as computed styles keep them.
        assert!(luminance("oklch(0.15 0 0)").is_some_and(|l| l < 0.2));
        assert!(luminance("oklch(0.97 0.01 250)").is_some_and(|l| l > 0.9));
        assert!(luminance("oklch(15% 0 0)").is_some_and(|l| l < 0.2));
        assert!(luminance("oklab(0.2 -0.01 0.02)").is_some_and(|l| l < 0.5));
        assert_eq!(luminance("oklch(0.2 0 0 / 0.3)"), None);
        assert!(luminance("lab(12 3 -4)").is_some_and(|l| l < 0.2));
        assert!(luminance("lch(96.5 2 250)").is_some_and(|l| l > 0.9));
        assert!(luminance("color(srgb 0.1 0.1 0.12)").is_some_and(|l| l < 0.2));
        assert!(luminance("color(display-p3 1 1 1 / 0.9)").is_some_and(|l| l > 0.9));
        assert!(luminance("color(srgb none 0 0)").is_some_and(|l| l < 0.1));
        // Middle grey is the middle, in every space.
        for grey in [
            "rgb(128, 128, 128)",
            "oklch(0.6 0 0)",
            "lab(53.6 0 0)",
            "color(srgb 0.5 0.5 0.5)",
        ] {
            assert!(luminance(grey).is_some_and(|l| (l - 0.5).abs() < 0.01), "{grey}");
        }
        for unreadable in [
            "hwb(0 0% 0%)",
            "rgb(1e2, 0, 0)",
            "oklch(0.5 0)",
            "transparent",
            "",
            "rgb(a, b, c)",
        ] {
            assert_eq!(luminance(unreadable), None, "{unreadable}");
        }
        for junk in ["", "transparent", "rgb(1, 2)", "rgb(a, b, c)", "rgb(1,2,3"] {
            assert_eq!(luminance(junk), None, "{junk}");
        }
    }

    #[test]
    fn theme_attribute() {
        assert_eq!(Scheme::parse_attr(" Dark "), Some(Scheme::Dark));
        assert_eq!(Scheme::parse_attr("light"), Some(Scheme::Light));
        assert_eq!(Scheme::parse_attr("auto"), None);
        assert_eq!(Scheme::parse_attr("neon"), None);
    }
}
