use std::rc::Rc;

use leptos::html::Div;
use leptos::prelude::*;
use send_wrapper::SendWrapper;

use super::wanted::use_wanted;
use crate::comments::region::{FirstPage, HandOver, Setting};
use crate::comments::store::{Backend, Opening, StoreError};
use crate::comments::structured::LdArticle;
use crate::comments::view::CommentsSection;
use crate::comments::view::own::{OWN_COMMENTS_PLACE, hold_place};
use crate::ui::error_notice::ErrorNotice;
use crate::web::events::{Host, Part, WidgetEvent};
use crate::web::i18n::Lang;
use crate::web::lifetime::Lifetime;
use crate::web::observe::use_painted;

/// Opens the comments' store: again on each call (a retry after a module could not be fetched).
pub type Open = Rc<dyn Fn() -> Opening>;

/// Why readers may not comment on a post, if they may not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Closed {
    No,
    /// Its comments are closed.
    Comments,
    /// Only people with an account on the site may comment.
    AccountsOnly,
}

/// The comments under the article, once their store is there and their place is wanted: a frame
/// after the article has painted, or, with `loading="lazy"`, once the reader comes near (an
/// empty placeholder holds the place, so nothing above moves). A store whose code could not be
/// fetched is said so, with a retry.
#[component]
pub fn Discussion(
    open: Open,
    /// Its `ui` is set when the section shows (its words may land after the article).
    setting: Setting,
    /// Why readers may not comment (the post's comments are closed, or only for accounts).
    closed: Closed,
    ld: LdArticle,
    /// The first page, already asked for with the article.
    first: Option<FirstPage>,
    lazy: bool,
    /// The interface's language, and whether its words are here: the section, which says more
    /// than the article, waits for them (beside its own request) rather than switch under the
    /// reader.
    ui: Memo<Lang>,
    words: Memo<bool>,
    /// The page's own comments are inside the element: on show in this place until the
    /// widget's list replaces them (`comments::view::own`).
    #[prop(default = false)]
    own: bool,
) -> impl IntoView {
    let hand_over = own.then(HandOver::new);
    let opening = StoredValue::new_local(open());
    let placeholder = NodeRef::<Div>::new();
    let wanted = if lazy {
        use_wanted(placeholder, opening.get_value())
    } else {
        use_painted()
    };
    let attempt = RwSignal::new(0_u32);
    let host = Host::current();
    // The store, once asked for: a non-lazy widget's at once, a lazy one's (its code is a part
    // of its own in a release build) when its comments are wanted, not with the page (a link to
    // one of its comments asks sooner: `use_wanted`); again on a retry. An effect, not a
    // resource: it runs again whenever what it reads changes, subscribed or not.
    let opened = RwSignal::new_local(None::<Result<Backend, StoreError>>);
    let life = StoredValue::new_local(Lifetime::of_owner());
    Effect::new(move |_| {
        // The slot of the page's own comments, in the place drawn for them (once): here, in the
        // effect that runs once the place is drawn, rather than in one of its own (an effect is
        // code on every first screen).
        if own
            && let Some(place) = placeholder.get_untracked()
            && place.child_element_count() == 0
        {
            hold_place(&place);
        }
        let go = !lazy || wanted.get();
        let this = attempt.get();
        if !go {
            return;
        }
        if this > 0 {
            opening.set_value(open());
            opened.set(None);
        }
        let opening = opening.get_value();
        life.with_value(|life| {
            life.spawn(async move {
                let result = opening.await;
                // A later attempt's answer is the one shown.
                if attempt.try_get_untracked() == Some(this) {
                    let _ = opened.try_set(Some(result));
                }
            })
        });
    });
    // Views are built on this thread only; the wrapper lets the view hold what is not `Send`.
    // Taken once, when the section is shown; a retry's first page is asked for anew.
    let mut parts = Some(SendWrapper::new((setting, ld, first)));
    // The place a lazy widget's comments will take: one element, held until they come (also
    // while their store's code is on its way, once they are wanted), and let go in the same
    // update that shows them, so nothing above or below moves.
    // Shown once wanted (a lazy widget's when near, another's a frame after the article painted)
    // and its store is here.
    let arrived = Memo::new(move |_| {
        let here = opened.with(Option::is_some);
        wanted.get() && here && words.get()
    });
    // The page's own comments hold it themselves until the section's hand-over (see
    // `comments::view::own`), and are what a lazy widget watches for the reader coming near.
    let held = (lazy || own).then(|| {
        let (class, hidden) = if own {
            (OWN_COMMENTS_PLACE, "false")
        } else {
            ("near-screen-placeholder", "true")
        };
        // Only the placeholder follows `arrived` (the page's comments are let go by the hand-over).
        view! { <div class=class aria-hidden=hidden node_ref=placeholder hidden=move || !own && arrived.get()></div> }
    });

    let shown = move || {
        if !arrived.get() {
            return ().into_any();
        }
        match opened.get() {
            None => ().into_any(),
            Some(Ok(backend)) => parts
                .take()
                .map(|parts| {
                    let (mut setting, ld, first) = parts.take();
                    let first = first.filter(|_| attempt.get_untracked() == 0);
                    let t = ui.get_untracked().text();
                    let closed_note = match closed {
                        Closed::No => "",
                        Closed::Comments => t.comments_closed(),
                        Closed::AccountsOnly => t.err_account_required(),
                    };
                    setting.ui = ui.get_untracked();
                    setting.own = hand_over;
                    setting.open = closed == Closed::No;
                    view! { <CommentsSection backend setting closed_note ld first /> }
                })
                .into_any(),
            Some(Err(e)) => {
                // The page is told, as of a server that cannot be reached (a CDN lost a file).
                if let Some(host) = host {
                    host.emit(WidgetEvent::Error {
                        part: Part::Comments,
                        kind: e.kind(),
                    });
                }
                // The page's own comments stay: they are what its server has.
                if hand_over.is_some() {
                    return ().into_any();
                }
                let ui = ui.get_untracked();
                let t = ui.text();
                let message = format!("{} {}", t.err_load_comments(), e.message(ui));
                let retry = Callback::new(move |()| attempt.update(|n| *n += 1));
                view! { <section class="comments"><ErrorNotice message retry=Some(retry) retry_label=t.retry() /></section> }
                    .into_any()
            }
        }
    };
    view! { {held} {shown} }
}
