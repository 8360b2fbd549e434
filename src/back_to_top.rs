use leptos::ev;
use leptos::html::{Div, H1};
use leptos::prelude::*;
use web_sys::{FocusOptions, ScrollBehavior, ScrollToOptions};

use crate::dom::prefers_reduced_motion;

/// How far past the article's start (CSS px) the reader must be before the button appears,
/// so it does not flicker in and out at the boundary.
const SHOW_AFTER_PX: f64 = 48.0;

/// A floating "back to top" button for one widget. It shows only while the reader is inside
/// this article past its start, so several widgets on one page never stack their buttons.
/// It returns to the article's start and moves focus to the headline, so keyboard and
/// screen-reader users land where sighted users do.
#[component]
pub fn BackToTop(
    region: NodeRef<Div>,
    focus_target: NodeRef<H1>,
    #[prop(into)] label: Signal<&'static str>,
) -> impl IntoView {
    let (visible, set_visible) = signal(false);
    let update = move || {
        let Some(el) = region.get_untracked() else {
            return;
        };
        let rect = el.get_bounding_client_rect();
        let inside = rect.top() < -SHOW_AFTER_PX && rect.bottom() > 0.0;
        if visible.get_untracked() != inside {
            set_visible.set(inside);
        }
    };
    let listener = window_event_listener(ev::scroll, move |_| update());
    on_cleanup(move || listener.remove());

    let go_to_top = move |_| {
        let window = window();
        if let Some(el) = region.get_untracked() {
            let options = ScrollToOptions::new();
            options.set_top(el.get_bounding_client_rect().top() + window.scroll_y().unwrap_or(0.0));
            options.set_behavior(if prefers_reduced_motion() {
                ScrollBehavior::Instant
            } else {
                ScrollBehavior::Smooth
            });
            window.scroll_to_with_scroll_to_options(&options);
        }
        if let Some(headline) = focus_target.get_untracked() {
            let options = FocusOptions::new();
            options.set_prevent_scroll(true);
            // Focus can only fail on a detached node; the scroll already happened either way.
            let _ = headline.focus_with_options(&options);
        }
    };

    view! {
        <Show when=move || visible.get()>
            <button type="button" class="to-top" aria-label=label title=label on:click=go_to_top>
                <svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="24" height="24">
                    <path d="M12 4 4.5 11.5l1.4 1.4L11 7.8V20h2V7.8l5.1 5.1 1.4-1.4z" fill="currentColor" />
                </svg>
            </button>
        </Show>
    }
}
