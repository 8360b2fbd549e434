//! Deterministic pseudo-random inputs for the native "hostile input" tests: no dependency, the same
//! sequence every run, so a failure names an input that can be replayed.

/// `count` strings of up to `max_len` characters drawn from `alphabet` (xorshift32).
pub fn strings(alphabet: &str, count: usize, max_len: u32) -> impl Iterator<Item = String> {
    let alphabet: Vec<char> = alphabet.chars().collect();
    let mut seed = 0x2545_f491_u32;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        seed
    };
    (0..count).map(move |_| {
        let len = next() % (max_len + 1);
        (0..len).map(|_| alphabet[next() as usize % alphabet.len()]).collect()
    })
}

/// Every prefix of `text` that ends on a character boundary: what a cut-off download looks like.
pub fn truncations(text: &str) -> impl Iterator<Item = &str> {
    text.char_indices()
        .map(|(i, _)| &text[..i])
        .chain(std::iter::once(text))
}
