//! An internal error (a panic) stops the module: a release build traps at once, without
//! unwinding or formatting a message. The loader (`embed/maqal.js`) sees the trap and puts a
//! notice in every widget, so none is left blank, and tells the page (`maqal:error`, `crash`). A
//! development build says what went wrong in the console first.

/// In a development build, the panic's message and place, in the console.
pub fn install() {
    #[cfg(debug_assertions)]
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("maqal: internal error: {info}").into());
    }));
}

/// For the browser tests and for publishers checking their error reporting: panics on purpose,
/// in a task of its own, as an internal error would happen (nobody is there to catch it), which
/// must end in a console report and a message in each widget, not a blank page region.
#[wasm_bindgen::prelude::wasm_bindgen(js_name = maqalSelfTestPanic)]
pub fn self_test_panic() {
    gloo_timers::callback::Timeout::new(0, || panic!("self-test panic requested")).forget();
}
