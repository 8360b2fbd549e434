//! UI languages, text direction and the message catalogue.
//!
//! Plural and date formatting are delegated to the browser's `Intl` (see `intl.rs`); this module
//! only holds the words, so it stays natively testable.

/// Text direction of a block of content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    Ltr,
    Rtl,
}

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

    /// Direction of a BCP 47 language tag: an explicit script subtag wins (`az-Arab` is RTL,
    /// `ku-Latn` is not), otherwise the language's usual script decides.
    pub fn for_lang_tag(tag: &str) -> Dir {
        const RTL_SCRIPTS: &[&str] = &[
            "arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg", "samr", "mand", "yezi",
        ];
        const RTL_LANGS: &[&str] = &[
            "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ji", "ks", "ku", "lrc", "mzn", "pnb",
            "ps", "sd", "syr", "ug", "ur", "yi", "azb", "bal", "bqi", "glk",
        ];
        let mut parts = tag.trim().split(['-', '_']).map(str::to_ascii_lowercase);
        let Some(lang) = parts.next() else {
            return Dir::Ltr;
        };
        if let Some(script) =
            parts.find(|p| p.len() == 4 && p.chars().all(|c| c.is_ascii_alphabetic()))
        {
            return if RTL_SCRIPTS.contains(&script.as_str()) {
                Dir::Rtl
            } else {
                Dir::Ltr
            };
        }
        if RTL_LANGS.contains(&lang.as_str()) {
            Dir::Rtl
        } else {
            Dir::Ltr
        }
    }
}

/// A language the widget's own interface speaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Ar,
    En,
}

impl Lang {
    /// The UI language for a BCP 47 tag, if we have a catalogue for it.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "ar" => Some(Lang::Ar),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// First supported language among the candidates (most preferred first), English otherwise.
    pub fn negotiate<'a>(candidates: impl IntoIterator<Item = &'a str>) -> Lang {
        candidates
            .into_iter()
            .find_map(Lang::from_tag)
            .unwrap_or(Lang::En)
    }

    pub fn tag(self) -> &'static str {
        match self {
            Lang::Ar => "ar",
            Lang::En => "en",
        }
    }

    pub fn dir(self) -> Dir {
        Dir::for_lang_tag(self.tag())
    }

    pub fn text(self) -> &'static Catalog {
        match self {
            Lang::Ar => &AR,
            Lang::En => &EN,
        }
    }
}

/// Every fixed string the interface shows. Strings with values in them are functions in
/// [`crate::article::ArticleError::message`] and friends, so word order stays per language.
pub struct Catalog {
    pub back_to_top: &'static str,
    pub source: &'static str,
    pub by: &'static str,
    pub published: &'static str,
    pub loading_article: &'static str,
    pub retry: &'static str,
    pub err_no_source: &'static str,
    pub err_network: &'static str,
    pub err_http: &'static str,
    pub err_timeout: &'static str,
    pub err_too_large: &'static str,
    pub err_not_json: &'static str,
    pub err_not_article: &'static str,
    pub err_no_headline: &'static str,
    pub err_no_body: &'static str,
    pub err_unexpected: &'static str,
    pub err_crashed: &'static str,
}

static AR: Catalog = Catalog {
    back_to_top: "زر الذهاب إلى الأعلى",
    source: "المصدر:",
    by: "بقلم",
    published: "نُشر في",
    loading_article: "جارٍ تحميل المقال…",
    retry: "إعادة المحاولة",
    err_no_source: "لم يُحدَّد مصدر للمقال: أضِف السمة src أو عنصر JSON-LD داخل العنصر.",
    err_network: "تعذّر الوصول إلى المقال. تحقّق من الاتصال ثم أعد المحاولة.",
    err_http: "تعذّر تحميل المقال: ردّ الخادم بالخطأ",
    err_timeout: "انتهت مهلة تحميل المقال.",
    err_too_large: "ملف المقال أكبر من الحد المسموح به",
    err_not_json: "بيانات المقال ليست JSON صالحًا.",
    err_not_article: "البيانات لا تصف مقالًا إخباريًا (NewsArticle).",
    err_no_headline: "المقال بلا عنوان.",
    err_no_body: "المقال بلا نص.",
    err_unexpected: "حدث خطأ غير متوقع أثناء عرض المقال.",
    err_crashed: "توقّف عرض المقال بسبب خطأ داخلي. أعد تحميل الصفحة.",
};

static EN: Catalog = Catalog {
    back_to_top: "Back to top",
    source: "Source:",
    by: "By",
    published: "Published",
    loading_article: "Loading the article…",
    retry: "Try again",
    err_no_source: "No article source: add a src attribute or a JSON-LD script inside the element.",
    err_network: "The article could not be reached. Check the connection and try again.",
    err_http: "The article could not be loaded: the server answered with error",
    err_timeout: "Loading the article timed out.",
    err_too_large: "The article file is larger than the allowed",
    err_not_json: "The article data is not valid JSON.",
    err_not_article: "The data does not describe a news article (NewsArticle).",
    err_no_headline: "The article has no headline.",
    err_no_body: "The article has no body text.",
    err_unexpected: "Something unexpected went wrong while showing the article.",
    err_crashed: "The article widget stopped after an internal error. Please reload the page.",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_from_language() {
        for rtl in [
            "ar", "ar-EG", "AR", "fa-IR", "he", "ur", "ps", "ckb", "yi", "az-Arab", "ug",
        ] {
            assert_eq!(Dir::for_lang_tag(rtl), Dir::Rtl, "{rtl}");
        }
        for ltr in [
            "en",
            "en-US",
            "fr",
            "tr",
            "az",
            "ku-Latn",
            "ar-Latn",
            "",
            "zh-Hant-TW",
        ] {
            assert_eq!(Dir::for_lang_tag(ltr), Dir::Ltr, "{ltr}");
        }
    }

    #[test]
    fn dir_attribute() {
        assert_eq!(Dir::parse_attr(" RTL "), Some(Dir::Rtl));
        assert_eq!(Dir::parse_attr("ltr"), Some(Dir::Ltr));
        assert_eq!(Dir::parse_attr("auto"), None);
        assert_eq!(Dir::parse_attr("sideways"), None);
    }

    #[test]
    fn language_negotiation() {
        assert_eq!(Lang::negotiate(["de-DE", "ar-SA", "en"]), Lang::Ar);
        assert_eq!(Lang::negotiate(["en_GB"]), Lang::En);
        assert_eq!(Lang::negotiate(["fr", "de"]), Lang::En);
        assert_eq!(Lang::negotiate([]), Lang::En);
        assert_eq!(Lang::Ar.dir(), Dir::Rtl);
        assert_eq!(Lang::En.dir(), Dir::Ltr);
    }
}
