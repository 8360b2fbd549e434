//! The page's own comments: what the publisher's server rendered inside the element after the
//! article (WordPress's comment list and its form, or any markup). They show with the page,
//! styled by the page, through a slot in the comments' place (the host marks them for it), and
//! stay until the widget's own list is all on screen: then the widget's section takes their place
//! in the same task, so no frame is without comments, and what is below does not move up (the
//! section keeps at least their height until the reader next acts).
//!
//! Their form posts without JavaScript (before the widget, or if it never comes). While the reader
//! is in it (typing, an input method's composition open, the focus on one of its links) nothing
//! is taken from under them: the hand-over waits until the focus leaves the page's comments, and
//! what they typed there goes into the widget's form. The hand-over is made by the reader's part
//! of the widget (`compose::own`), which knows the form; if that part cannot come, the page's
//! comments stay. The first screen only holds their place (here) and says when its list is ready
//! (`comments::region::HandOver`).

use leptos::prelude::document;

/// The slot the page's own comments show through: the host marks them `slot="maqal-comments"`.
pub const OWN_COMMENTS_SLOT: &str = "maqal-comments";

/// The class of the element that holds their slot in the comments' place.
pub const OWN_COMMENTS_PLACE: &str = "own-comments";

/// Puts the slot of the page's own comments at the end of `place` (built here rather than in a
/// view: the first screen carries no view type for it).
pub fn hold_place(place: &web_sys::Node) {
    if let Ok(slot) = document().create_element("slot") {
        let _ = slot.set_attribute("name", OWN_COMMENTS_SLOT);
        let _ = place.append_child(&slot);
    }
}
