use leptos::prelude::*;

use crate::web::text::{letters_and_digits, upper};

/// A locally drawn avatar: the name's first letter on a colour derived from the name. No
/// request leaves the page (no Gravatar), and the same name always gets the same colour. Only
/// where the publisher opted in (`avatars="wordpress"`) is the server's image shown instead.
#[component]
pub fn Avatar(name: Option<String>, image: Option<String>) -> impl IntoView {
    if let Some(src) = image {
        return view! {
            <img class="avatar" src=src alt="" width="48" height="48" loading="lazy" decoding="async"
                referrerpolicy="no-referrer" />
        }
        .into_any();
    }
    let seed = name.clone().unwrap_or_default();
    // A (name, value) style is set through the CSSOM, which a strict CSP allows; a `style`
    // attribute would be refused.
    view! {
        <span class="avatar" aria-hidden="true" style=("--hue", hue(&seed).to_string())>
            {initial(name.as_deref().unwrap_or("?"))}
        </span>
    }
    .into_any()
}

/// The first letter of the name (skipping punctuation and bidi controls), uppercased.
pub fn initial(name: &str) -> String {
    letters_and_digits(name)
        .chars()
        .next()
        .map_or_else(|| "?".into(), |c| upper(c.encode_utf8(&mut [0; 4])))
}

/// A hue in degrees derived from the name.
pub fn hue(seed: &str) -> u32 {
    crate::comments::model::fnv1a(seed) % 360
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_and_colours() {
        assert_eq!(initial("ليلى أحمد"), "ل");
        assert_eq!(initial("\u{202e}«sam»"), "S");
        assert_eq!(initial("  "), "?");
        // The same cases as the browser test (tests/e2e/comments.test.mjs), where the browser's
        // capitals are used.
        assert_eq!(initial("ßeta"), "SS");
        assert_eq!(initial("ǆemal"), "Ǆ");
        assert_eq!(initial("3amer"), "3");
        assert_eq!(initial("«élan»"), "É");
        assert_eq!(hue("ليلى"), hue("ليلى"));
        assert_ne!(hue("ليلى"), hue("سارة"));
        assert!(hue("x") < 360);
    }
}
