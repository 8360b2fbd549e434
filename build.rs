//! The interface's keys come from the English catalogue, `embed/i18n/en.json`: each message gets
//! its accessor (`catalog.comments()`), and English itself is built into the module as plain
//! strings (the words of any language without a catalogue). Every catalogue is shipped as two
//! arrays in the order of these keys (sorted), written by `scripts/languages.mjs`.

use std::fmt::Write as _;
use std::{env, fs, path::Path};

/// The plural categories of a counted message, in the order the shipped files list them: the
/// sentence for none, then CLDR's.
const FORMS: [&str; 7] = ["0", "zero", "one", "two", "few", "many", "other"];

fn main() {
    println!("cargo:rerun-if-changed=embed/i18n/en.json");
    let text = fs::read_to_string("embed/i18n/en.json").expect("embed/i18n/en.json");
    let en: serde_json::Value = serde_json::from_str(&text).expect("embed/i18n/en.json is JSON");
    // serde_json's maps are sorted by key: the order the shipped files use too.
    let messages = en["messages"].as_object().expect("en.json: messages");
    let counted = en["counted"].as_object().expect("en.json: counted");
    let literal = |s: &str| format!("{s:?}");

    let mut out = String::from("catalog! {\n    messages {\n");
    for key in messages.keys() {
        writeln!(out, "        {key},").unwrap();
    }
    out.push_str("    }\n    counted {\n");
    for key in counted.keys() {
        writeln!(out, "        {key},").unwrap();
    }
    out.push_str("    }\n}\n\n/// English's messages, from `embed/i18n/en.json`.\n");
    writeln!(out, "static ENGLISH_MESSAGES: [&str; {}] = [", messages.len()).unwrap();
    for text in messages.values() {
        writeln!(
            out,
            "    {},",
            literal(text.as_str().expect("en.json: messages are text"))
        )
        .unwrap();
    }
    out.push_str("];\n\n/// English's counted messages.\n");
    writeln!(out, "static ENGLISH_COUNTED: [Counted; {}] = [", counted.len()).unwrap();
    for forms in counted.values() {
        let form = |name: &str| {
            forms
                .get(name)
                .and_then(|f| f.as_str())
                .map_or("None".into(), |f| format!("Some({})", literal(f)))
        };
        let rest: Vec<String> = FORMS[1..].iter().map(|name| form(name)).collect();
        writeln!(
            out,
            "    Counted {{ none: {}, forms: [{}] }},",
            form(FORMS[0]),
            rest.join(", ")
        )
        .unwrap();
    }
    out.push_str("];\n");
    let path = Path::new(&env::var("OUT_DIR").expect("OUT_DIR")).join("catalog.rs");
    fs::write(path, out).expect("write catalog.rs");
}
