//! Work that ends in a value shown on screen: a widget's article, a thread's first page, and
//! what a reader starts with a button (more comments, a vote, a deletion). Whether it is under
//! way, and how the latest run ended, as two signals: what leptos's `LocalResource`,
//! `Transition`, `ErrorBoundary` and `Action` gave here, for a fraction of their code on the
//! first screen (docs/performance.md).

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

/// Runs of one piece of work; the latest one's end is the one kept.
pub struct Task<T: 'static> {
    busy: RwSignal<bool>,
    last: RwSignal<Option<T>, LocalStorage>,
    runs: StoredValue<u32>,
}

impl<T> Clone for Task<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Task<T> {}

impl<T: Clone + 'static> Default for Task<T> {
    fn default() -> Self {
        Task::new()
    }
}

impl<T: Clone + 'static> Task<T> {
    /// Not run yet: not busy, no end.
    pub fn new() -> Task<T> {
        Task {
            busy: RwSignal::new(false),
            last: RwSignal::new_local(None),
            runs: StoredValue::new(0),
        }
    }

    /// A run is under way (tracked).
    pub fn busy(&self) -> bool {
        self.busy.get()
    }

    /// A run is under way (not tracked: for event handlers).
    pub fn busy_untracked(&self) -> bool {
        self.busy.get_untracked()
    }

    /// How the latest run ended, until the next one ends (tracked): what was shown stays on
    /// screen while a retry or a new order is on its way.
    pub fn last(&self) -> Option<T> {
        self.last.get()
    }

    /// Reads the latest end without cloning it (tracked).
    pub fn with_last<R>(&self, f: impl FnOnce(Option<&T>) -> R) -> R {
        self.last.with(|last| f(last.as_ref()))
    }

    /// Starts `work`. A run started before it and still under way is overtaken: its end is
    /// dropped. Its end is kept only while the owner that made the task lives (the signals are
    /// gone with it: `try_` here), so work that outlives its widget touches nothing.
    pub fn run(&self, work: impl Future<Output = T> + 'static) {
        // Boxed here, so what runs it is made once per kind of end, not once per call site.
        self.run_boxed(Box::pin(work));
    }

    fn run_boxed(&self, work: Pin<Box<dyn Future<Output = T>>>) {
        let this = self.runs.get_value().wrapping_add(1);
        self.runs.set_value(this);
        self.busy.set(true);
        let Task { busy, last, runs } = *self;
        leptos::task::spawn_local(async move {
            let end = work.await;
            if runs.try_get_value() == Some(this) {
                let _ = last.try_set(Some(end));
                let _ = busy.try_set(false);
            }
        });
    }
}
