//! The life of a widget or of one of its regions, for everything that continues after an
//! `.await`, a timer or an animation frame. When the reactive owner that made it is cleaned up
//! (the element was removed, or re-rendered), the lifetime ends: requests still in flight are
//! aborted, and guarded work is never resumed, so no continuation can touch a disposed signal.
//!
//! The rule for the code after an `.await`: run it through [`Lifetime::guard`] or
//! [`Lifetime::spawn`], or touch only reference-counted (`Arc…`) state and `try_*` accessors.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use std::task::{Context, Poll};

use leptos::prelude::on_cleanup;
use send_wrapper::SendWrapper;
use web_sys::{AbortController, AbortSignal};

#[derive(Clone, Debug)]
pub struct Lifetime(Rc<Inner>);

#[derive(Debug)]
struct Inner {
    ended: Cell<bool>,
    controller: Option<AbortController>,
}

impl Lifetime {
    /// A lifetime that ends when the current reactive owner is cleaned up.
    pub fn of_owner() -> Lifetime {
        let life = Lifetime(Rc::new(Inner {
            ended: Cell::new(false),
            controller: AbortController::new().ok(),
        }));
        let ending = SendWrapper::new(life.clone());
        on_cleanup(move || ending.take().end());
        life
    }

    pub fn end(&self) {
        if !self.0.ended.replace(true)
            && let Some(controller) = &self.0.controller
        {
            controller.abort();
        }
    }

    /// Aborts the requests it is given to when the lifetime ends.
    pub fn signal(&self) -> Option<AbortSignal> {
        self.0.controller.as_ref().map(AbortController::signal)
    }

    /// `future`, stopped where it waits once the lifetime has ended: it resolves to `None`
    /// without being polled again, so the code after its `.await` never runs.
    pub fn guard<F: Future>(&self, future: F) -> Guarded<F> {
        Guarded {
            future: Box::pin(future),
            life: self.0.clone(),
        }
    }

    /// Runs `future` in the background for as long as the lifetime lasts.
    pub fn spawn(&self, future: impl Future<Output = ()> + 'static) {
        let guarded = self.guard(future);
        leptos::task::spawn_local(async move {
            guarded.await;
        });
    }
}

pub struct Guarded<F: Future> {
    future: Pin<Box<F>>,
    life: Rc<Inner>,
}

impl<F: Future> Future for Guarded<F> {
    type Output = Option<F::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if self.life.ended.get() {
            return Poll::Ready(None);
        }
        self.future.as_mut().poll(cx).map(Some)
    }
}
