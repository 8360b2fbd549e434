//! The comment form's rules: what is required, what a valid email and website look like, how long
//! things may be. Pure, so the messages a reader sees are tested natively.

use super::model::{CommentId, Rules};
use crate::web::i18n::Lang;
use crate::web::text::letters_and_digits;

pub const MIN_TEXT: usize = 3;
pub const MAX_TEXT: usize = 10_000;
pub const MAX_NAME: usize = 100;
pub const MAX_EMAIL: usize = 254;
pub const MAX_WEBSITE: usize = 2_000;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Draft {
    pub text: String,
    pub name: String,
    pub email: String,
    pub website: String,
    /// The honeypot: people never see it, so anything in it came from a bot.
    pub trap: String,
}

/// A comment ready for a backend: trimmed, checked, website normalized.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewComment {
    pub text: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub website: Option<String>,
    pub parent: Option<CommentId>,
}

/// Form order: the first problem in this order gets the focus.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Text,
    Name,
    Email,
    Website,
}

impl Field {
    /// Every field, in form order.
    pub const ALL: [Field; 4] = [Field::Text, Field::Name, Field::Email, Field::Website];

    /// The field whose form control has the element id `id`.
    pub fn by_element_id(id: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|field| field.element_id() == id)
    }

    /// The form control's element id.
    pub fn element_id(self) -> &'static str {
        match self {
            Field::Text => "maqal-comment",
            Field::Name => "maqal-name",
            Field::Email => "maqal-email",
            Field::Website => "maqal-website",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    Required,
    TooShort(usize),
    TooLong(usize),
    InvalidEmail,
    InvalidUrl,
}

impl Problem {
    pub fn message(self, lang: Lang) -> String {
        let t = lang.text();
        match self {
            Problem::Required => t.err_required().into(),
            Problem::TooShort(n) => lang.count(t.err_too_short(), n),
            Problem::TooLong(n) => lang.count(t.err_too_long(), n),
            Problem::InvalidEmail => t.err_email().into(),
            Problem::InvalidUrl => t.err_url().into(),
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Valid(NewComment),
    Invalid(Vec<(Field, Problem)>),
    /// The honeypot was filled: drop it without telling the bot.
    Spam,
}

pub fn validate(draft: &Draft, rules: Rules, parent: Option<CommentId>) -> Verdict {
    if !draft.trap.trim().is_empty() {
        return Verdict::Spam;
    }
    let mut problems = Vec::new();
    let mut check = |field, value: &str, required: bool, max: usize| -> Option<String> {
        let value = value.trim();
        let len = value.chars().count();
        if value.is_empty() {
            if required {
                problems.push((field, Problem::Required));
            }
            return None;
        }
        if field == Field::Text && len < MIN_TEXT {
            problems.push((field, Problem::TooShort(MIN_TEXT)));
        } else if len > max {
            problems.push((field, Problem::TooLong(max)));
        }
        Some(value.to_owned())
    };
    let text = check(Field::Text, &draft.text, true, MAX_TEXT);
    let name = check(Field::Name, &draft.name, rules.require_name, MAX_NAME);
    let email = check(Field::Email, &draft.email, rules.require_email, MAX_EMAIL);
    let website = if rules.website_field {
        check(Field::Website, &draft.website, false, MAX_WEBSITE)
    } else {
        None
    };

    if email.as_deref().is_some_and(|e| !is_email(e)) {
        problems.push((Field::Email, Problem::InvalidEmail));
    }
    let website = match website.as_deref().map(normalize_website) {
        Some(None) => {
            problems.push((Field::Website, Problem::InvalidUrl));
            None
        }
        Some(Some(url)) => Some(url),
        None => None,
    };
    if !problems.is_empty() {
        problems.sort_by_key(|(field, _)| *field);
        problems.dedup_by_key(|(field, _)| *field);
        return Verdict::Invalid(problems);
    }
    Verdict::Valid(NewComment {
        text: text.unwrap_or_default(),
        name,
        email,
        website,
        parent,
    })
}

/// Deliberately simple, like the browser's own `type=email` check: one `@`, something before
/// it, a dotted domain after it, no spaces.
pub fn is_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !email.chars().any(char::is_whitespace)
        && domain.split('.').count() >= 2
        && domain
            .split('.')
            .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'))
}

/// Accepts `example.com` (as WordPress does, prefixing a scheme) and http(s) URLs with a
/// plausible host; anything else (other schemes, spaces, no host) is refused.
pub fn normalize_website(raw: &str) -> Option<String> {
    let raw = raw.trim();
    if raw.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return None;
    }
    let lower = raw.to_ascii_lowercase();
    let url = if lower.starts_with("http://") || lower.starts_with("https://") {
        raw.to_owned()
    } else if raw.contains("://") || raw.contains(':') && !raw.contains('.') {
        return None;
    } else {
        format!("https://{raw}")
    };
    let after_scheme = url.split_once("://").map(|(_, rest)| rest)?;
    let authority = after_scheme.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority
        .rsplit('@')
        .next()
        .unwrap_or("")
        .split(':')
        .next()
        .unwrap_or("");
    let host_ok = host == "localhost"
        || (host.contains('.') && !host.starts_with('.') && !host.ends_with('.') && {
            let labels: String = host.chars().filter(|c| !matches!(c, '-' | '.')).collect();
            letters_and_digits(&labels) == labels
        });
    host_ok.then_some(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(text: &str, name: &str, email: &str, website: &str) -> Draft {
        Draft {
            text: text.into(),
            name: name.into(),
            email: email.into(),
            website: website.into(),
            trap: String::new(),
        }
    }

    #[test]
    fn a_good_comment_is_trimmed_and_normalized() {
        let verdict = validate(
            &draft("  مرحبا بكم  ", " ليلى ", "layla@example.com", "example.com/me"),
            Rules::default(),
            CommentId::parse("7"),
        );
        assert_eq!(
            verdict,
            Verdict::Valid(NewComment {
                text: "مرحبا بكم".into(),
                name: Some("ليلى".into()),
                email: Some("layla@example.com".into()),
                website: Some("https://example.com/me".into()),
                parent: CommentId::parse("7"),
            })
        );
    }

    #[test]
    fn every_problem_in_form_order() {
        let Verdict::Invalid(problems) = validate(
            &draft("", "", "not-an-email", "javascript:alert(1)"),
            Rules::default(),
            None,
        ) else {
            panic!("expected problems")
        };
        assert_eq!(
            problems,
            vec![
                (Field::Text, Problem::Required),
                (Field::Name, Problem::Required),
                (Field::Email, Problem::InvalidEmail),
                (Field::Website, Problem::InvalidUrl)
            ]
        );
        let Verdict::Invalid(problems) =
            validate(&draft("ab", &"n".repeat(MAX_NAME + 1), "", ""), Rules::default(), None)
        else {
            panic!("expected problems")
        };
        assert_eq!(
            problems,
            vec![
                (Field::Text, Problem::TooShort(MIN_TEXT)),
                (Field::Name, Problem::TooLong(MAX_NAME)),
                (Field::Email, Problem::Required)
            ]
        );
        let long = "ت".repeat(MAX_TEXT + 1);
        assert!(
            matches!(validate(&draft(&long, "a", "a@b.co", ""), Rules::default(), None), Verdict::Invalid(p) if p == vec![(Field::Text, Problem::TooLong(MAX_TEXT))])
        );
    }

    #[test]
    fn rules_relax_requirements_and_drop_the_website() {
        let rules = Rules {
            require_name: false,
            require_email: false,
            website_field: false,
            ..Rules::default()
        };
        let Verdict::Valid(c) = validate(&draft("hello", "", "", "not a url"), rules, None) else {
            panic!()
        };
        assert_eq!((c.name, c.email, c.website), (None, None, None));
    }

    #[test]
    fn honeypot_means_spam() {
        let mut d = draft("hello", "a", "a@b.co", "");
        d.trap = "http://spam.example".into();
        assert_eq!(validate(&d, Rules::default(), None), Verdict::Spam);
    }

    #[test]
    fn email_and_website_syntax() {
        for ok in ["a@b.co", "first.last+tag@sub.example.org", "عربي@مثال.موقع"] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "a@b", "@b.co", "a@@b.co", "a b@c.co", "a@.co", "a@b..co", "a@-b.co", "plain",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
        assert_eq!(
            normalize_website("HTTPS://Example.com"),
            Some("HTTPS://Example.com".into())
        );
        assert_eq!(
            normalize_website("http://localhost:8080/x"),
            Some("http://localhost:8080/x".into())
        );
        assert_eq!(normalize_website("مثال.موقع"), Some("https://مثال.موقع".into()));
        for bad in [
            "javascript:alert(1)",
            "data:text/html,x",
            "ftp://x.example",
            "http://",
            "https://nodot",
            "exa mple.com",
            "http://x.ex\nample",
            "https://.x.com",
        ] {
            assert_eq!(normalize_website(bad), None, "{bad}");
        }
        // Natively the plural category is English's (the browser's own is tested end to end).
        let ar = crate::web::i18n::from_file("ar");
        assert_eq!(Problem::TooShort(1).message(ar), "النص قصير جدًا: حرف واحد على الأقل.");
        assert_eq!(
            Problem::Required.message(Lang::english("en")),
            "This field is required."
        );
        assert_eq!(
            Problem::TooLong(10000).message(Lang::english("en")),
            "Too long: at most 10000 characters."
        );
    }
}
