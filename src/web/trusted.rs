//! Trusted Types (`require-trusted-types-for 'script'`): a page that enforces them accepts markup
//! for a parser, and text for a `<script>`, only through a policy it allows. The widget has one,
//! named [`POLICY`] (`trusted-types maqal` in the page's CSP), used for exactly two things: the
//! markup its sanitizer parses into an inert document (only what the allowlist rebuilds from it
//! ever reaches the page) and the JSON-LD it writes (a data block, never run). It passes both
//! through unchanged. The policy object stays inside the module; nothing else can use it.

use std::cell::RefCell;

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// The Trusted Types policy the widget creates.
pub const POLICY: &str = "maqal";

thread_local! {
    /// The policy, made once: `Some(Some)` made, `Some(None)` not available (no Trusted Types in
    /// this browser, or the page does not allow it).
    static MADE: RefCell<Option<Option<JsValue>>> = const { RefCell::new(None) };
    /// Whether markup and script text may be handed over at all, found out once.
    static ALLOWED: RefCell<Option<bool>> = const { RefCell::new(None) };
}

/// Whether this page lets the widget hand markup to a parser and text to a script: always with
/// its policy; without one, only where the page does not enforce Trusted Types. Tried once (a page
/// that enforces them reports that one refusal in its console), then remembered, so a page that
/// forbids it is not asked again for every comment.
pub fn allowed() -> bool {
    ALLOWED.with_borrow_mut(|allowed| {
        *allowed.get_or_insert_with(|| {
            policy().is_some()
                || web_sys::DomParser::new()
                    .is_ok_and(|parser| parser.parse_from_string("", web_sys::SupportedType::TextHtml).is_ok())
        })
    })
}

fn policy() -> Option<JsValue> {
    MADE.with_borrow_mut(|made| {
        made.get_or_insert_with(|| {
            let factory = Reflect::get(&js_sys::global(), &"trustedTypes".into()).ok()?;
            if factory.is_undefined() || factory.is_null() {
                return None;
            }
            let pass = Closure::<dyn Fn(String) -> String>::new(|text: String| text);
            let rules = Object::new();
            let _ = Reflect::set(&rules, &"createHTML".into(), pass.as_ref());
            let _ = Reflect::set(&rules, &"createScript".into(), pass.as_ref());
            // Called for as long as the page lives.
            pass.forget();
            let create: Function = Reflect::get(&factory, &"createPolicy".into()).ok()?.dyn_into().ok()?;
            create.call2(&factory, &POLICY.into(), &rules).ok()
        })
        .clone()
    })
}

fn create(method: &str, text: &str) -> JsValue {
    policy()
        .and_then(|policy| {
            let make: Function = Reflect::get(&policy, &method.into()).ok()?.dyn_into().ok()?;
            make.call1(&policy, &text.into()).ok()
        })
        .unwrap_or_else(|| text.into())
}

/// `html` as a parser may take it: a `TrustedHTML` where there is a policy, else the string.
pub fn html(html: &str) -> JsValue {
    create("createHTML", html)
}

/// `text` as a script's text may be set: a `TrustedScript` where there is a policy, else the
/// string.
pub fn script(text: &str) -> JsValue {
    create("createScript", text)
}
