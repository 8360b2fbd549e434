//! Small browser queries and waits shared by components.

use std::cell::RefCell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use gloo_render::{AnimationFrame, request_animation_frame};
use gloo_timers::future::TimeoutFuture;
use leptos::prelude::window;

/// The reader asked for less motion: scroll instantly, skip animations.
pub fn prefers_reduced_motion() -> bool {
    window()
        .match_media("(prefers-reduced-motion: reduce)")
        .ok()
        .flatten()
        .is_some_and(|query| query.matches())
}

/// The element `el` is painted in: its slot when it is slotted into another component, else its
/// parent, or, at the top of a shadow tree (a widget inside another component), that tree's host.
pub fn container(el: &web_sys::Element) -> Option<web_sys::Element> {
    use wasm_bindgen::JsCast;
    el.assigned_slot()
        .map(web_sys::Element::from)
        .or_else(|| el.parent_element())
        .or_else(|| {
            el.get_root_node()
                .dyn_into::<web_sys::ShadowRoot>()
                .ok()
                .map(|root| root.host())
        })
}

/// Resolves after `ms` milliseconds, on a later task. The timer is cleared if the future is
/// dropped first.
pub async fn sleep(ms: u32) {
    TimeoutFuture::new(ms).await;
}

/// Lets the browser paint and handle input before the rest of a long piece of work.
pub async fn next_task() {
    sleep(0).await;
}

/// Resolves after the browser has rendered a frame: an animation-frame callback runs just before
/// the frame's style and layout, and a timeout started from it runs after them. Work that follows
/// then gets its own layout instead of adding to the previous one. Without frames (a background
/// tab) it resolves after 100 ms anyway. Dropped early, it cancels the frame request and timers.
pub async fn after_paint() {
    FrameThenTask::default().await;
}

#[derive(Default)]
struct FrameThenTask {
    frame: Option<AnimationFrame>,
    seen_frame: Rc<RefCell<bool>>,
    after_frame: Option<TimeoutFuture>,
    fallback: Option<TimeoutFuture>,
}

impl Future for FrameThenTask {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        let this = self.get_mut();
        let fallback = this.fallback.get_or_insert_with(|| TimeoutFuture::new(100));
        if Pin::new(fallback).poll(cx).is_ready() {
            return Poll::Ready(());
        }
        if *this.seen_frame.borrow() {
            let after = this.after_frame.get_or_insert_with(|| TimeoutFuture::new(0));
            return Pin::new(after).poll(cx);
        }
        if this.frame.is_none() {
            let (seen, waker) = (this.seen_frame.clone(), cx.waker().clone());
            this.frame = Some(request_animation_frame(move |_| {
                *seen.borrow_mut() = true;
                waker.wake();
            }));
        }
        Poll::Pending
    }
}
