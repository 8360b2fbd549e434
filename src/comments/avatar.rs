use leptos::prelude::*;

/// A locally drawn avatar: the name's first letter on a colour derived from the name. No
/// request leaves the page (no Gravatar), and the same name always gets the same colour.
#[component]
pub fn Avatar(name: Option<String>) -> impl IntoView {
    let seed = name.clone().unwrap_or_default();
    view! {
        <span class="avatar" aria-hidden="true" style=format!("--hue: {}", hue(&seed))>
            {initial(name.as_deref().unwrap_or("?"))}
        </span>
    }
}

/// The first letter of the name (skipping punctuation and bidi controls), uppercased.
pub fn initial(name: &str) -> String {
    name.chars()
        .find(|c| c.is_alphanumeric())
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_else(|| "?".into())
}

/// FNV-1a over the name, folded to a hue in degrees.
pub fn hue(seed: &str) -> u32 {
    let hash = seed
        .bytes()
        .fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
    hash % 360
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn initials_and_colours() {
        assert_eq!(initial("ليلى أحمد"), "ل");
        assert_eq!(initial("\u{202e}«sam»"), "S");
        assert_eq!(initial("  "), "?");
        assert_eq!(hue("ليلى"), hue("ليلى"));
        assert_ne!(hue("ليلى"), hue("سارة"));
        assert!(hue("x") < 360);
    }
}
