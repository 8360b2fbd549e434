use leptos::html::{Div, H1};
use leptos::prelude::*;
use web_sys::{FocusOptions, ScrollBehavior};

use crate::web::dom::prefers_reduced_motion;
use crate::web::observe::scroll::scroll_to_start;
use crate::web::observe::use_scroll;

/// How far past the article's start (CSS px) the reader must be before the button appears,
/// so it does not flicker in and out at the boundary.
const SHOW_AFTER_PX: f64 = 48.0;

/// The icon. Constants, not literals, in its attributes: a wholly static element is built from
/// an HTML string, which a page enforcing Trusted Types refuses.
const VIEW_BOX: &str = "0 0 24 24";
const ARROW: &str = "M12 4 4.5 11.5l1.4 1.4L11 7.8V20h2V7.8l5.1 5.1 1.4-1.4z";

/// A floating "back to top" button for one widget. It shows only while the reader is inside
/// this article past its start, so several widgets on one page never stack their buttons, and
/// it follows the reader wherever the article scrolls: with the page, or inside an app's
/// scrolling element. It returns to the article's start and moves focus to the headline, so
/// keyboard and screen-reader users land where sighted users do.
#[component]
pub fn BackToTop(
    frame: NodeRef<Div>,
    focus_target: NodeRef<H1>,
    #[prop(into)] label: Signal<&'static str>,
    /// Off with the comments alone (`mode="comments"`): the page is the publisher's, and the
    /// widget has no article start to return to.
    enabled: bool,
) -> impl IntoView {
    let (visible, set_visible) = signal(false);
    use_scroll(frame, move || {
        let Some(el) = frame.get_untracked() else {
            return;
        };
        // Measured against the scrolling element's top when the article scrolls inside one.
        let top_edge = crate::web::observe::scroll_container(&el).map_or(0.0, |s| s.get_bounding_client_rect().top());
        let rect = el.get_bounding_client_rect();
        let inside = enabled && rect.top() - top_edge < -SHOW_AFTER_PX && rect.bottom() > top_edge;
        if visible.get_untracked() != inside {
            set_visible.set(inside);
        }
    });

    let go_to_top = move |_| {
        if let Some(el) = frame.get_untracked() {
            let behavior = if prefers_reduced_motion() {
                ScrollBehavior::Instant
            } else {
                ScrollBehavior::Smooth
            };
            scroll_to_start(&el, behavior);
        }
        if let Some(headline) = focus_target.get_untracked() {
            let options = FocusOptions::new();
            options.set_prevent_scroll(true);
            // Focus can only fail on a detached node; the scroll already happened either way.
            let _ = headline.focus_with_options(&options);
        }
    };

    // Hidden rather than removed while out of place: one element for the widget's life, and no
    // `Show` (a component type of its own) on the first screen.
    view! {
        <button type="button" class="to-top" hidden=move || !visible.get() aria-label=label title=label on:click=go_to_top>
            <svg aria-hidden="true" focusable="false" viewBox=VIEW_BOX width="24" height="24">
                <path d=ARROW fill="currentColor" />
            </svg>
        </button>
    }
}
