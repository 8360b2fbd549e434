//! Text direction: of a language (its script, as the browser's locale data knows it), of a text
//! (most of its letters), and of a field as it is typed in.

use super::intl;

/// Text direction of a block of content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    Ltr,
    Rtl,
}

/// Languages written in a right-to-left script in every region (CLDR's likely subtags).
const ALWAYS_RTL: &[&str] = &["ar", "ckb", "dv", "fa", "he", "iw", "ps", "ur", "yi"];
/// Languages written in a left-to-right script in every region.
const ALWAYS_LTR: &[&str] = &["de", "en", "es", "fr", "hi", "id", "pt", "ru", "tr"];

impl Dir {
    pub fn as_str(self) -> &'static str {
        match self {
            Dir::Ltr => "ltr",
            Dir::Rtl => "rtl",
        }
    }

    /// Parses the publisher's `dir` attribute. `auto` and junk mean "derive it from the language".
    pub fn parse_attr(value: &str) -> Option<Dir> {
        match value.trim().to_ascii_lowercase().as_str() {
            "rtl" => Some(Dir::Rtl),
            "ltr" => Some(Dir::Ltr),
            _ => None,
        }
    }

    /// The direction of a letter: right-to-left for the Arabic, Hebrew, Syriac, Thaana and N'Ko
    /// blocks and their presentation forms, left-to-right for any other.
    fn of_letter(c: char) -> Dir {
        match u32::from(c) {
            0x0590..=0x08FF | 0xFB1D..=0xFDFF | 0xFE70..=0xFEFF | 0x10800..=0x10FFF | 0x1E800..=0x1EFFF => Dir::Rtl,
            _ => Dir::Ltr,
        }
    }

    /// The direction of the first letter of `text` that has one (as `dir="auto"` decides).
    pub fn of_text(text: &str) -> Option<Dir> {
        super::text::letters(text).chars().next().map(Dir::of_letter)
    }

    /// The `dir` of a field holding `text`, in an interface that runs `ui`: the interface's while
    /// it has no letter (an empty field's caret starts where the reader's language starts;
    /// Chromium lays out an empty `dir="auto"` field left to right), else `auto`, and the
    /// stylesheet gives each line its own direction (`unicode-bidi: plaintext`).
    pub fn of_field(text: &str, ui: Dir) -> &'static str {
        match Dir::of_text(text) {
            None => ui.as_str(),
            Some(_) => "auto",
        }
    }

    /// The direction most of the letters of `text` have (the first few thousand, within its
    /// first 64 KiB): a text that merely starts with a Latin name ("iPhone 16 يصل…") is still
    /// right-to-left. A tie goes to the first letter's.
    pub fn dominant(text: &str) -> Option<Dir> {
        let (mut rtl, mut ltr) = (0_usize, 0_usize);
        let mut end = text.len().min(64 * 1024);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let head = &text[..end];
        for c in super::text::letters(head).chars().take(4000) {
            match Dir::of_letter(c) {
                Dir::Rtl => rtl += 1,
                Dir::Ltr => ltr += 1,
            }
        }
        match rtl.cmp(&ltr) {
            std::cmp::Ordering::Greater => Some(Dir::Rtl),
            std::cmp::Ordering::Less => Some(Dir::Ltr),
            std::cmp::Ordering::Equal => Dir::of_text(text),
        }
    }

    /// Direction of a BCP 47 language tag: an explicit script subtag wins (`az-Arab` is RTL,
    /// `ku-Latn` is not), then the script the browser says the language is written in.
    pub fn for_lang_tag(tag: &str) -> Dir {
        let mut parts = tag.trim().split(['-', '_']);
        let lang = parts.next().unwrap_or_default().to_ascii_lowercase();
        // The script comes right after the language (and an extended language, `zh-yue-Hant`);
        // what follows a region, or a singleton (`-u-nu-latn`), is something else.
        let script = parts
            .find(|p| !(p.len() == 3 && p.chars().all(|c| c.is_ascii_alphabetic())))
            .filter(|p| p.len() == 4 && p.chars().all(|c| c.is_ascii_alphabetic()));
        if let Some(script) = script {
            return Dir::for_script(script);
        }
        // Languages one script writes in every region (the catalogues' among them) are answered
        // without the browser's locale data: its first use costs a phone tens of milliseconds, in
        // the task that mounts the widget.
        if ALWAYS_RTL.contains(&lang.as_str()) {
            return Dir::Rtl;
        }
        if ALWAYS_LTR.contains(&lang.as_str()) {
            return Dir::Ltr;
        }
        match intl::likely_script(tag) {
            Some(script) => Dir::for_script(&script),
            None => Dir::usual(&lang),
        }
    }

    /// Where the browser cannot say (natively, in tests): the usual direction of the languages
    /// listed here. Every browser the widget runs in has `Intl.Locale`, which knows them all.
    #[cfg(not(target_arch = "wasm32"))]
    fn usual(lang: &str) -> Dir {
        const RTL_LANGS: &[&str] = &[
            "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ji", "ks", "lrc", "mzn", "pnb", "ps", "sd", "syr", "ug", "ur",
            "yi", "azb", "bal", "bqi", "glk", "arz", "ary", "apc", "acm", "aeb", "arq", "ars", "prs", "pes", "sdh",
            "skr", "pbt", "nqo", "rhg",
        ];
        if RTL_LANGS.contains(&lang) { Dir::Rtl } else { Dir::Ltr }
    }

    #[cfg(target_arch = "wasm32")]
    fn usual(_lang: &str) -> Dir {
        Dir::Ltr
    }

    /// Direction of an ISO 15924 script code (any case).
    fn for_script(script: &str) -> Dir {
        // Arabic (and its Nastaliq form, Aran), Hebrew, Thaana, Syriac (and its Estrangelo,
        // Western and Eastern forms), N'Ko, Adlam, Hanifi Rohingya, Samaritan, Mandaic, Yezidi,
        // Mende Kikakui, and the right-to-left scripts of old inscriptions.
        const RTL_SCRIPTS: &[&str] = &[
            "arab", "aran", "hebr", "thaa", "syrc", "syre", "syrj", "syrn", "nkoo", "adlm", "rohg", "samr", "mand",
            "yezi", "mend", "phnx", "sarb", "narb", "nbat", "palm", "hatr", "armi", "avst", "prti", "phli", "phlp",
            "mani", "khar", "lydi", "cprt", "sogd", "sogo", "elym", "chrs", "ougr",
        ];
        if RTL_SCRIPTS.contains(&script.to_ascii_lowercase().as_str()) {
            Dir::Rtl
        } else {
            Dir::Ltr
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_from_language() {
        for rtl in [
            "ar",
            "ar-EG",
            "AR",
            "fa-IR",
            "he",
            "ur",
            "ps",
            "ckb",
            "yi",
            "az-Arab",
            "ug",
            "ar-u-nu-latn",
            "ar-MA-u-nu-latn",
            "fa-u-nu-latn",
            "arz",
            "prs",
            "sdh",
            "skr",
            "zh-yue-Arab",
            "ar_EG",
            "ur-Aran",
            "pa-Aran",
            "syr",
            "syr-Syre",
            "aii-Syrn",
            "tru-Syrj",
            "en-Aran",
        ] {
            assert_eq!(Dir::for_lang_tag(rtl), Dir::Rtl, "{rtl}");
        }
        for ltr in [
            "en",
            "en-US",
            "fr",
            "tr",
            "az",
            "ku",
            "ku-Latn",
            "ar-Latn",
            "",
            "zh-Hant-TW",
            "en-u-nu-arab",
            "en-x-arab",
            "de-1996",
            "hi-IN-u-nu-deva",
        ] {
            assert_eq!(Dir::for_lang_tag(ltr), Dir::Ltr, "{ltr}");
        }
    }

    #[test]
    fn languages_answered_without_locale_data_agree_with_the_usual_directions() {
        for lang in ALWAYS_RTL {
            assert_eq!(Dir::usual(lang), Dir::Rtl, "{lang}");
            assert_eq!(Dir::for_lang_tag(&format!("{lang}-US")), Dir::Rtl, "{lang}");
        }
        for lang in ALWAYS_LTR {
            assert_eq!(Dir::usual(lang), Dir::Ltr, "{lang}");
            assert_eq!(Dir::for_lang_tag(&format!("{lang}-EG")), Dir::Ltr, "{lang}");
        }
    }

    #[test]
    fn an_empty_field_runs_as_the_interface_and_a_typed_one_as_its_text() {
        assert_eq!(Dir::of_field("", Dir::Rtl), "rtl");
        assert_eq!(Dir::of_field("  12 :) ", Dir::Rtl), "rtl", "no letter yet");
        assert_eq!(Dir::of_field("", Dir::Ltr), "ltr");
        assert_eq!(Dir::of_field("Hello", Dir::Rtl), "auto");
        assert_eq!(Dir::of_field("مرحبا", Dir::Ltr), "auto");
    }

    #[test]
    fn direction_of_text() {
        assert_eq!(Dir::of_text("«تيليجرام» يرسل"), Some(Dir::Rtl));
        assert_eq!(Dir::of_text("12 — Telegram تيليجرام"), Some(Dir::Ltr));
        assert_eq!(Dir::of_text("שלום"), Some(Dir::Rtl));
        assert_eq!(Dir::of_text("123 — !"), None);
    }

    #[test]
    fn the_direction_most_letters_have_within_the_first_64_kib() {
        assert_eq!(Dir::dominant("iPhone 16 يصل إلى الأسواق غدًا"), Some(Dir::Rtl));
        assert_eq!(
            Dir::dominant("Telegram تيليجرام"),
            Some(Dir::Ltr),
            "a tie: the first letter's"
        );
        assert_eq!(Dir::dominant("12 — …"), None);
        // 64 KiB falls inside a two-byte letter: the text is cut before it.
        let long = format!("a{}{}", "ب".repeat(40_000), "x".repeat(100_000));
        assert_eq!(Dir::dominant(&long), Some(Dir::Rtl));
    }

    #[test]
    fn dir_attribute() {
        assert_eq!(Dir::parse_attr(" RTL "), Some(Dir::Rtl));
        assert_eq!(Dir::parse_attr("ltr"), Some(Dir::Ltr));
        assert_eq!(Dir::parse_attr("auto"), None);
        assert_eq!(Dir::parse_attr("sideways"), None);
    }
}
