//! Small browser queries shared by components.

use leptos::prelude::window;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// The reader asked for less motion: scroll instantly, skip animations.
pub fn prefers_reduced_motion() -> bool {
    window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches())
}

/// Resolves after `ms` milliseconds, on a later task (at once if no timer can be set).
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let scheduled = web_sys::window()
            .map(|w| {
                w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms as i32)
                    .is_ok()
            })
            .unwrap_or(false);
        if !scheduled {
            let _ = resolve.call0(&JsValue::NULL);
        }
    });
    let _ = JsFuture::from(promise).await;
}

/// Lets the browser paint and handle input before the rest of a long piece of work.
pub async fn next_task() {
    sleep(0).await;
}

/// Resolves after the browser has rendered a frame: an animation-frame callback runs just before
/// the frame's style and layout, and a timeout set from it runs after them. Work that follows then
/// gets its own layout instead of adding to the previous one. Without frames (a background tab)
/// it resolves after 100 ms anyway.
pub async fn after_paint() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let Some(window) = web_sys::window() else {
            let _ = resolve.call0(&JsValue::NULL);
            return;
        };
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 100);
        let after_frame = resolve.clone();
        let frame_window = window.clone();
        let on_frame = Closure::once_into_js(move || {
            let _ = frame_window.set_timeout_with_callback_and_timeout_and_arguments_0(&after_frame, 0);
        });
        let _ = window.request_animation_frame(on_frame.unchecked_ref());
    });
    let _ = JsFuture::from(promise).await;
}
