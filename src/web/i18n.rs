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
        text.chars().find(|c| c.is_alphabetic()).map(Dir::of_letter)
    }

    /// The direction most of the letters of `text` have (the first few thousand): a text that
    /// merely starts with a Latin name ("iPhone 16 يصل…") is still right-to-left. A tie goes to
    /// the first letter's.
    pub fn dominant(text: &str) -> Option<Dir> {
        let (mut rtl, mut ltr) = (0_usize, 0_usize);
        for c in text.chars().filter(|c| c.is_alphabetic()).take(4000) {
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
    /// `ku-Latn` is not), otherwise the language's usual script decides.
    pub fn for_lang_tag(tag: &str) -> Dir {
        const RTL_SCRIPTS: &[&str] = &[
            "arab", "hebr", "thaa", "syrc", "nkoo", "adlm", "rohg", "samr", "mand", "yezi",
        ];
        const RTL_LANGS: &[&str] = &[
            "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ji", "ks", "ku", "lrc", "mzn", "pnb", "ps", "sd", "syr", "ug",
            "ur", "yi", "azb", "bal", "bqi", "glk",
        ];
        let mut parts = tag.trim().split(['-', '_']).map(str::to_ascii_lowercase);
        let Some(lang) = parts.next() else {
            return Dir::Ltr;
        };
        if let Some(script) = parts.find(|p| p.len() == 4 && p.chars().all(|c| c.is_ascii_alphabetic())) {
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
        candidates.into_iter().find_map(Lang::from_tag).unwrap_or(Lang::En)
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
    /// The excerpt's link to the whole article on its original site.
    pub continue_reading: &'static str,
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
    // Comments
    pub comments: &'static str,
    pub no_comments: &'static str,
    pub leave_comment: &'static str,
    pub reply_to: &'static str,
    pub email_note: &'static str,
    pub required_note: &'static str,
    pub label_comment: &'static str,
    pub label_name: &'static str,
    pub label_email: &'static str,
    pub label_website: &'static str,
    pub consent: &'static str,
    pub submit: &'static str,
    pub submitting: &'static str,
    pub reply: &'static str,
    pub cancel_reply: &'static str,
    pub published_notice: &'static str,
    pub awaiting_notice: &'static str,
    pub awaiting_badge: &'static str,
    pub anonymous: &'static str,
    pub load_more: &'static str,
    pub more_replies: &'static str,
    pub sort_label: &'static str,
    pub sort_oldest: &'static str,
    pub sort_newest: &'static str,
    pub sort_upvotes: &'static str,
    pub permalink: &'static str,
    /// A comment's link where it has no time to show.
    pub permalink_short: &'static str,
    pub in_reply_to: &'static str,
    pub loading_comments: &'static str,
    pub err_required: &'static str,
    pub err_too_short: &'static str,
    pub err_too_long: &'static str,
    pub err_email: &'static str,
    pub err_url: &'static str,
    pub err_form: &'static str,
    pub err_load_comments: &'static str,
    pub err_post: &'static str,
    pub err_storage: &'static str,
    pub err_rejected: &'static str,
    pub err_unavailable: &'static str,
    pub err_store_timeout: &'static str,
    pub err_forbidden: &'static str,
    pub err_not_found: &'static str,
    pub err_rate_limited: &'static str,
    pub err_server: &'static str,
    pub err_bad_response: &'static str,
    pub err_cookie_blocked: &'static str,
    pub like: &'static str,
    pub dislike: &'static str,
    pub edit: &'static str,
    pub delete: &'static str,
    pub confirm_delete: &'static str,
    pub save: &'static str,
    pub cancel: &'static str,
    pub deleted: &'static str,
    pub edit_time_left: &'static str,
    pub edited_notice: &'static str,
    pub deleted_notice: &'static str,
    pub replies_grouped: &'static str,
    pub checking_post: &'static str,
    pub unconfirmed_post: &'static str,
    pub unconfirmed_unreachable: &'static str,
    pub check_again: &'static str,
    pub send_anyway: &'static str,
    pub trap_filled: &'static str,
    pub unreadable_saved: &'static str,
    pub loading_source: &'static str,
    pub err_wp_not_found: &'static str,
    pub err_wp_protected: &'static str,
    pub err_wp_private: &'static str,
    pub err_wp_rest_disabled: &'static str,
    pub err_not_wordpress: &'static str,
    pub err_cors_refused: &'static str,
    pub comments_closed: &'static str,
    pub err_duplicate: &'static str,
    pub err_too_fast: &'static str,
    pub err_name_email_required: &'static str,
    pub err_invalid_email: &'static str,
    pub err_closed: &'static str,
    pub err_account_required: &'static str,
    /// Comment-count headings by CLDR plural category: zero, one, two, few, many, other.
    /// `{n}` is replaced by the number.
    pub count: [&'static str; 6],
}

impl Catalog {
    /// The comment-count heading. `category` is what the browser's `Intl.PluralRules` said for
    /// `n`; zero always gets its own sentence ("No comments yet"), whatever the language's rules.
    pub fn comment_count(&self, n: usize, category: &str) -> String {
        let index = match (n, category) {
            (0, _) => 0,
            (_, "one") => 1,
            (_, "two") => 2,
            (_, "few") => 3,
            (_, "many") => 4,
            _ => 5,
        };
        self.count[index].replace("{n}", &n.to_string())
    }

    pub fn fill(template: &str, n: usize) -> String {
        template.replace("{n}", &n.to_string())
    }
}

static AR: Catalog = Catalog {
    back_to_top: "زر الذهاب إلى الأعلى",
    continue_reading: "تابع القراءة في الموقع الأصلي",
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
    comments: "التعليقات",
    no_comments: "لا توجد تعليقات",
    leave_comment: "اترك تعليقاً",
    reply_to: "الرد على",
    email_note: "لن يتم نشر عنوان بريدك الإلكتروني.",
    required_note: "الحقول الإلزامية مشار إليها بـ *",
    label_comment: "التعليق",
    label_name: "الاسم",
    label_email: "البريد الإلكتروني",
    label_website: "الموقع الإلكتروني",
    consent: "احفظ اسمي، بريدي الإلكتروني، والموقع الإلكتروني في هذا المتصفح لاستخدامها المرة المقبلة في تعليقي.",
    submit: "إرسال التعليق",
    submitting: "جارٍ الإرسال…",
    reply: "رد",
    cancel_reply: "إلغاء الرد",
    published_notice: "تم نشر تعليقك.",
    awaiting_notice: "تعليقك في انتظار المراجعة.",
    awaiting_badge: "في انتظار المراجعة",
    anonymous: "مجهول",
    load_more: "تحميل المزيد من التعليقات",
    more_replies: "عرض ردود أخرى ({n})",
    sort_label: "ترتيب التعليقات",
    sort_oldest: "الأقدم أولًا",
    sort_newest: "الأحدث أولًا",
    sort_upvotes: "الأكثر تأييدًا",
    permalink: "رابط دائم للتعليق",
    permalink_short: "رابط التعليق",
    in_reply_to: "ردًا على",
    loading_comments: "جارٍ تحميل التعليقات…",
    err_required: "هذا الحقل مطلوب.",
    err_too_short: "النص قصير جدًا: {n} أحرف على الأقل.",
    err_too_long: "النص أطول من المسموح: {n} حرفًا على الأكثر.",
    err_email: "أدخل عنوان بريد إلكتروني صالحًا، مثل name@example.com.",
    err_url: "أدخل رابطًا صالحًا يبدأ بـ http:// أو https://.",
    err_form: "يرجى تصحيح الحقول المشار إليها.",
    err_load_comments: "تعذّر تحميل التعليقات.",
    err_post: "تعذّر إرسال تعليقك، ونصّك ما زال محفوظًا. أعد المحاولة.",
    err_storage: "لا يمكن حفظ التعليقات في هذا المتصفح: التخزين معطّل أو ممتلئ.",
    err_rejected: "رفض الخادم التعليق.",
    err_unavailable: "خادم التعليقات غير متاح حاليًا.",
    err_store_timeout: "لم يردّ خادم التعليقات في الوقت المحدد.",
    err_forbidden: "لم يسمح الخادم بهذا الإجراء: انتهت مهلة التعديل أو لم يُرسَل ملف تعريف الارتباط الخاص بالتعليق.",
    err_not_found: "لم يعد هذا التعليق موجودًا.",
    err_rate_limited: "طلبات كثيرة في وقت قصير. انتظر قليلًا ثم أعد المحاولة.",
    err_server: "حدث خطأ في خادم التعليقات.",
    err_bad_response: "ردّ خادم التعليقات بما لا يُفهم.",
    err_cookie_blocked: "منع متصفحك ملف تعريف الارتباط الذي يثبت أنك كاتب التعليق، لأن خادم التعليقات على موقع آخر. لذلك لا يمكن تعديله أو حذفه من هذا المتصفح.",
    like: "أعجبني",
    dislike: "لم يعجبني",
    edit: "تعديل",
    delete: "حذف",
    confirm_delete: "تأكيد الحذف",
    save: "حفظ",
    cancel: "إلغاء",
    deleted: "حُذف هذا التعليق.",
    edit_time_left: "يمكنك التعديل أو الحذف خلال {n} دقيقة",
    edited_notice: "حُفظ تعديل تعليقك.",
    deleted_notice: "حُذف تعليقك.",
    replies_grouped: "يجمع هذا الخادم الردود تحت التعليق الأول في السلسلة.",
    checking_post: "لم يصل رد الخادم في الوقت المحدد. نتحقق الآن مما إذا كان تعليقك قد وصل…",
    unconfirmed_post: "تعذّر التأكد من حفظ تعليقك: لا يظهر في النقاش، وربما ينتظر المراجعة. نصّه ما زال هنا.",
    unconfirmed_unreachable: "تعذّر التأكد من حفظ تعليقك لأن الخادم لا يجيب. نصّه ما زال هنا؛ تحقّق مرة أخرى قبل إعادة إرساله.",
    check_again: "تحقّق مرة أخرى",
    send_anyway: "أرسله مرة أخرى",
    trap_filled: "مُلئ حقل مخفي مخصّص لمكافحة الرسائل المزعجة (ربما بالتعبئة التلقائية أو بإضافة في المتصفح)، فلم يُرسل تعليقك. نصّه ما زال هنا؛ اضغط «إرسال التعليق» مرة أخرى لإرساله.",
    unreadable_saved: "تعذّرت قراءة بعض التعليقات المحفوظة في هذا المتصفح ({n})، فلم تُعرض.",
    loading_source: "جارٍ تحميل نص تعليقك…",
    err_wp_not_found: "لم يُعثر على هذا المقال في موقع ووردبريس.",
    err_wp_protected: "هذا المقال محمي بكلمة مرور، ولا يمكن عرضه هنا.",
    err_wp_private: "هذا المقال خاص، ولا يمكن عرضه هنا.",
    err_wp_rest_disabled: "واجهة REST في موقع ووردبريس هذا معطّلة، فلا يمكن عرض المقال هنا.",
    err_not_wordpress: "هذا العنوان ليس موقع ووردبريس يمكن القراءة منه.",
    err_cors_refused: "الموقع يعمل لكنه لا يسمح لهذه الصفحة بقراءة مقالاته (CORS). على صاحب الموقع أن يأذن لعنوانها.",
    comments_closed: "التعليقات مغلقة.",
    err_duplicate: "يبدو أنك كتبت هذا التعليق من قبل.",
    err_too_fast: "أنت تكتب التعليقات بسرعة كبيرة. تمهّل قليلًا ثم أعد المحاولة.",
    err_name_email_required: "يطلب هذا الموقع الاسم والبريد الإلكتروني.",
    err_invalid_email: "البريد الإلكتروني غير صالح.",
    err_closed: "التعليقات مغلقة على هذا المقال.",
    err_account_required: "لا يقبل هذا الموقع التعليقات إلا من أصحاب الحسابات.",
    count: [
        "لا توجد تعليقات",
        "تعليق واحد",
        "تعليقان",
        "{n} تعليقات",
        "{n} تعليقًا",
        "{n} تعليق",
    ],
};

static EN: Catalog = Catalog {
    back_to_top: "Back to top",
    continue_reading: "Continue reading on the original site",
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
    comments: "Comments",
    no_comments: "No comments yet",
    leave_comment: "Leave a comment",
    reply_to: "Reply to",
    email_note: "Your email address will not be published.",
    required_note: "Required fields are marked *",
    label_comment: "Comment",
    label_name: "Name",
    label_email: "Email",
    label_website: "Website",
    consent: "Save my name, email, and website in this browser for the next time I comment.",
    submit: "Post Comment",
    submitting: "Posting…",
    reply: "Reply",
    cancel_reply: "Cancel reply",
    published_notice: "Your comment has been published.",
    awaiting_notice: "Your comment is awaiting moderation.",
    awaiting_badge: "Awaiting moderation",
    anonymous: "Anonymous",
    load_more: "Load more comments",
    more_replies: "Show more replies ({n})",
    sort_label: "Sort comments",
    sort_oldest: "Oldest first",
    sort_newest: "Newest first",
    sort_upvotes: "Most liked",
    permalink: "Permalink to this comment",
    permalink_short: "Link to this comment",
    in_reply_to: "In reply to",
    loading_comments: "Loading comments…",
    err_required: "This field is required.",
    err_too_short: "Too short: at least {n} characters.",
    err_too_long: "Too long: at most {n} characters.",
    err_email: "Enter a valid email address, like name@example.com.",
    err_url: "Enter a valid link starting with http:// or https://.",
    err_form: "Please correct the marked fields.",
    err_load_comments: "The comments could not be loaded.",
    err_post: "Your comment could not be posted; your text is kept. Try again.",
    err_storage: "Comments cannot be saved in this browser: storage is disabled or full.",
    err_rejected: "The server refused the comment.",
    err_unavailable: "The comment server is not available right now.",
    err_store_timeout: "The comment server did not answer in time.",
    err_forbidden: "The server did not allow this: the edit window is over, or the comment's cookie was not sent.",
    err_not_found: "This comment no longer exists.",
    err_rate_limited: "Too many requests in a short time. Wait a moment, then try again.",
    err_server: "The comment server had an error.",
    err_bad_response: "The comment server sent a response we could not read.",
    err_cookie_blocked: "Your browser blocked the cookie that proves you wrote this comment, because the comment server is on another site. It cannot be edited or deleted from this browser.",
    like: "Like",
    dislike: "Dislike",
    edit: "Edit",
    delete: "Delete",
    confirm_delete: "Confirm delete",
    save: "Save",
    cancel: "Cancel",
    deleted: "This comment was deleted.",
    edit_time_left: "You can edit or delete it for {n} min",
    edited_notice: "Your edit was saved.",
    deleted_notice: "Your comment was deleted.",
    replies_grouped: "This server groups replies under the first comment of a conversation.",
    checking_post: "The server did not answer in time. Checking whether your comment arrived…",
    unconfirmed_post: "We could not confirm that your comment was saved: it is not in the thread (it may be awaiting moderation). Your text is still here.",
    unconfirmed_unreachable: "We could not confirm whether your comment was saved: the server is not answering. Your text is still here; check again before sending it again.",
    check_again: "Check again",
    send_anyway: "Send it again",
    trap_filled: "A hidden anti-spam field was filled in (perhaps by autofill or a browser extension), so your comment was not sent. Your text is still here: press “Post Comment” again to send it.",
    unreadable_saved: "Some comments saved in this browser could not be read ({n}) and are not shown.",
    loading_source: "Loading your comment's text…",
    err_wp_not_found: "This article was not found on the WordPress site.",
    err_wp_protected: "This article is password-protected and cannot be shown here.",
    err_wp_private: "This article is private and cannot be shown here.",
    err_wp_rest_disabled: "This WordPress site has its REST API turned off, so the article cannot be shown here.",
    err_not_wordpress: "This address is not a WordPress site the article can be read from.",
    err_cors_refused: "The site is up but does not let this page read its articles (CORS). Its owner has to allow this page's address.",
    comments_closed: "Comments are closed.",
    err_duplicate: "It looks as though you have already said that.",
    err_too_fast: "You are posting comments too quickly. Slow down, then try again.",
    err_name_email_required: "This site asks for your name and email.",
    err_invalid_email: "The email address is not valid.",
    err_closed: "Comments are closed on this article.",
    err_account_required: "This site accepts comments only from people with an account.",
    count: [
        "No comments yet",
        "1 comment",
        "{n} comments",
        "{n} comments",
        "{n} comments",
        "{n} comments",
    ],
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
        for ltr in ["en", "en-US", "fr", "tr", "az", "ku-Latn", "ar-Latn", "", "zh-Hant-TW"] {
            assert_eq!(Dir::for_lang_tag(ltr), Dir::Ltr, "{ltr}");
        }
    }

    #[test]
    fn direction_of_text() {
        assert_eq!(Dir::of_text("«تيليجرام» يرسل"), Some(Dir::Rtl));
        assert_eq!(Dir::of_text("12 — Telegram تيليجرام"), Some(Dir::Ltr));
        assert_eq!(Dir::of_text("שלום"), Some(Dir::Rtl));
        assert_eq!(Dir::of_text("123 — !"), None);
    }

    #[test]
    fn dir_attribute() {
        assert_eq!(Dir::parse_attr(" RTL "), Some(Dir::Rtl));
        assert_eq!(Dir::parse_attr("ltr"), Some(Dir::Ltr));
        assert_eq!(Dir::parse_attr("auto"), None);
        assert_eq!(Dir::parse_attr("sideways"), None);
    }

    #[test]
    fn arabic_comment_counts_for_every_plural_category() {
        // Categories as Intl.PluralRules("ar") gives them for these numbers.
        let t = Lang::Ar.text();
        assert_eq!(t.comment_count(0, "zero"), "لا توجد تعليقات");
        assert_eq!(t.comment_count(1, "one"), "تعليق واحد");
        assert_eq!(t.comment_count(2, "two"), "تعليقان");
        assert_eq!(t.comment_count(3, "few"), "3 تعليقات");
        assert_eq!(t.comment_count(11, "many"), "11 تعليقًا");
        assert_eq!(t.comment_count(100, "other"), "100 تعليق");
        let t = Lang::En.text();
        assert_eq!(t.comment_count(0, "other"), "No comments yet");
        assert_eq!(t.comment_count(1, "one"), "1 comment");
        assert_eq!(t.comment_count(21, "other"), "21 comments");
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
