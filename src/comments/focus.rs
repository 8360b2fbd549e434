//! Where the reader's attention goes: the polite announcement, the highlighted comment, and
//! moving focus. Everything here may run a frame after it was asked for, when the widget may be
//! gone, so it reads the region's root with `try_` and does nothing if it is disposed.

use leptos::html::Section;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ScrollBehavior, ScrollIntoViewOptions, ScrollLogicalPosition};

use super::model::CommentId;
use crate::web::dom::prefers_reduced_motion;

#[derive(Clone, Copy, Default)]
pub struct Focus {
    /// Read out by the region's `aria-live` paragraph.
    pub announcement: RwSignal<Option<String>>,
    pub highlighted: RwSignal<Option<CommentId>>,
    pub root: NodeRef<Section>,
}

impl Focus {
    pub fn announce(&self, text: &str) {
        self.announcement.set(Some(text.to_owned()));
    }

    /// Highlights a comment, then (after it has rendered) scrolls it into view and focuses it,
    /// so keyboard and screen-reader users land on it too. Comments live in the shadow root,
    /// where the browser's own `:target` cannot see.
    pub fn reveal(&self, id: CommentId) {
        self.highlighted.set(Some(id.clone()));
        let root = self.root;
        request_animation_frame(move || {
            let Some(element) = root
                .try_get_untracked()
                .flatten()
                .and_then(|root| root.query_selector(&format!("#{}", id.dom_id())).ok().flatten())
            else {
                return;
            };
            let options = ScrollIntoViewOptions::new();
            options.set_block(ScrollLogicalPosition::Center);
            options.set_behavior(if prefers_reduced_motion() {
                ScrollBehavior::Instant
            } else {
                ScrollBehavior::Smooth
            });
            element.scroll_into_view_with_scroll_into_view_options(&options);
            if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
                let focus = web_sys::FocusOptions::new();
                focus.set_prevent_scroll(true);
                let _ = element.focus_with_options(&focus);
            }
        });
    }

    /// Focuses an element of this region by id, after the next render.
    pub fn focus_later(&self, element_id: String) {
        let root = self.root;
        request_animation_frame(move || {
            let target = root
                .try_get_untracked()
                .flatten()
                .and_then(|root| root.query_selector(&format!("#{element_id}")).ok().flatten())
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(target) = target {
                let _ = target.focus();
            }
        });
    }
}
