//! One comments region's controller: the handles its parts share and the work that spans them
//! (paging, a deletion). The parts stay small: [`Thread`] (what is on
//! screen and where the server's list continues), [`Focus`] (announcements, highlight, focus),
//! permalinks (`permalink.rs`) and, from `crate::compose` through [`Acts`], everything a reader
//! does beyond reading.
//!
//! Everything that continues after an `.await` runs under the region's [`Lifetime`]: when the
//! widget is removed or re-rendered, requests are aborted and no continuation runs.

use std::future::Future;

use futures::FutureExt;
use futures::future::{LocalBoxFuture, Shared};

use leptos::prelude::*;

use super::focus::Focus;
use super::model::{CommentId, Page, PageRequest, Rules, Sort};
use super::store::{Backend, Opening, StoreError};
use super::thread::{Thread, UiNode};
use crate::web::events::Host;
use crate::web::i18n::Lang;
use crate::web::lifetime::Lifetime;
use crate::web::split::{LoadError, split};

/// The first page of a thread, asked for as soon as the thread is known (with the article),
/// awaited by the comments region when it mounts a frame later.
pub type FirstPage = Shared<LocalBoxFuture<'static, Result<Page, StoreError>>>;

/// Starts the opening page's request now (once the store is there), in the background for as
/// long as `life` lasts; its reads end with `life` too.
pub fn prefetch_first_page(opening: Opening, page_size: usize, sort: Sort, life: &Lifetime) -> FirstPage {
    let request = Thread::opening_request(page_size, sort);
    let signal = life.signal();
    let first = async move { opening.await?.with_abort(signal).page(request).await }
        .boxed_local()
        .shared();
    let driven = first.clone();
    life.spawn(async move {
        let _ = driven.await;
    });
    first
}

/// What a reader can do beyond reading, provided by `crate::compose`: the comment form's
/// behaviour, a reply's form, a comment's own tools (votes, editing, deleting) and its editor, and
/// what starts with the region (restoring a draft, showing a post's outcome). Plain functions, so
/// the region knows them without knowing compose; they arrive when the region asks for them
/// ([`want_acts`]: after the first comments are on screen, or as soon as the reader acts), fetched
/// in a release build as a module of their own.
///
/// [`want_acts`]: crate::comments::view::shell::want_acts
#[derive(Clone, Copy)]
pub struct Acts {
    /// Runs once, with the region's owner, before any of the others.
    pub setup: fn(Region),
    /// Gives the region's one comment form, drawn by the first screen ([`FormShell`]), its
    /// behaviour: the same element before and after, and wherever it goes (under a comment it
    /// answers, back at the thread's end), so nothing the reader is doing in it is interrupted (an
    /// input method's open composition, the undo history, the focus, a screen reader's place).
    ///
    /// [`FormShell`]: crate::comments::view::shell::FormShell
    pub adopt: fn(Region, web_sys::HtmlElement),
    /// Gives the place of the page's own comments to the region's section, carrying what the
    /// reader typed in the page's form into the region's ([`HandOver`]).
    ///
    /// [`HandOver`]: crate::comments::view::own::HandOver
    pub hand_over: fn(Region),
    /// A comment's own tools, in its row of actions beside the reply button.
    pub tools: fn(Region, UiNode) -> AnyView,
    /// In place of a comment's text while its author edits it ([`UiNode::editing`]).
    pub editor: fn(Region, UiNode) -> AnyView,
    /// Above the thread: the button that shows the comments others posted meanwhile.
    pub live: fn(Region) -> AnyView,
}

/// The page's own comments (`comments::view::own`) are in the region's place until its section
/// takes it over (hidden until then); set once its first page is all on screen there.
#[derive(Clone, Copy)]
pub struct HandOver(StoredValue<bool>);

impl HandOver {
    pub fn new() -> HandOver {
        HandOver(StoredValue::new(false))
    }

    /// The region's first page is all on screen: the reader's part makes the hand-over, now if
    /// it is here, else when it comes ([`HandOver::acts_here`]).
    pub fn page_ready(self, region: Region) {
        self.0.set_value(true);
        self.acts_here(region);
    }

    /// The reader's part has come: the hand-over, if the first page is ready.
    pub fn acts_here(self, region: Region) {
        if self.0.try_get_value() == Some(true)
            && let Some(acts) = region.acts.get_untracked()
        {
            (acts.hand_over)(region);
        }
    }
}

impl Default for HandOver {
    fn default() -> Self {
        HandOver::new()
    }
}

/// Fetches the [`Acts`].
pub type ActsLoader = fn() -> LocalBoxFuture<'static, Result<Acts, LoadError>>;

/// Whether the [`Acts`] have been asked for, and how that went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Arrival {
    NotAsked,
    Asked,
    /// They could not be fetched: the form says so, with a retry.
    Failed,
}

/// Where a thread's draft is kept (by the form).
pub fn draft_key(thread_key: &str) -> String {
    format!("maqal:draft:{thread_key}")
}

/// Where the name, email and website are kept when the reader asks to be remembered (an entry
/// with a name, only with their consent): read by the form and by its plain markup.
pub const AUTHOR_KEY: &str = "maqal:author";

/// Where the form's plain markup keeps what is typed in it, as plain text, until the form takes
/// it over as its draft.
pub fn typed_key(thread_key: &str) -> String {
    format!("maqal:typed:{thread_key}")
}

/// What the region shows and where it leads, as the widget decided it.
pub struct Setting {
    pub ui: Lang,
    /// The thread's key: drafts and the browser store are kept under it.
    pub thread_key: String,
    pub page_size: usize,
    /// The order the top level opens in.
    pub sort: Sort,
    /// The article's address; a comment's link is it plus `#comment-ID`.
    pub permalink_base: String,
    /// Readers may add comments and replies (not on a post whose comments are closed).
    pub open: bool,
    pub acts: ActsLoader,
    /// The page's own comments hold the region's place until its first page is on screen.
    pub own: Option<HandOver>,
    /// New comments appear while the reader reads (`live`, on unless `live="off"`).
    pub live: bool,
}

#[derive(Clone, Copy)]
pub struct Region {
    pub backend: StoredValue<Backend, LocalStorage>,
    pub ui: Lang,
    life: StoredValue<Lifetime, LocalStorage>,
    /// The clock relative times are computed against, ticking while the page is open.
    pub now: RwSignal<f64>,
    /// What the form asks for; a server can change it with each page it sends.
    pub rules: RwSignal<Rules>,
    pub thread: Thread,
    pub focus: Focus,
    /// The comment the reader is replying to: the form shows under it instead of at the end.
    pub replying_to: RwSignal<Option<CommentId>>,
    /// The comment whose place for the form (`.reply-slot`, under it) is drawn: the form moves
    /// there, and back to the thread's end when it goes.
    pub reply_slot: RwSignal<Option<CommentId>>,
    /// Set by a reply button so the form it opens takes the focus; a restored draft does not.
    pub focus_form: RwSignal<bool>,
    pub thread_key: StoredValue<String>,
    /// The article's address; a comment's link is it plus `#comment-ID`.
    pub permalink_base: StoredValue<String>,
    /// Readers may add comments and replies (not on a post whose comments are closed).
    pub open: bool,
    /// What a reader can do beyond reading, once it has arrived.
    pub acts: RwSignal<Option<Acts>>,
    pub arrival: RwSignal<Arrival>,
    pub load_acts: ActsLoader,
    /// Where the region's components live: the [`Acts`]' setup runs there when they arrive.
    pub owner: StoredValue<Option<Owner>, LocalStorage>,
    /// The reader pressed "send" before the [`Acts`] arrived: the thread's form sends it once
    /// it can, unless the reader moved on to a reply meanwhile (which drops it: never sent later,
    /// by another action).
    pub send_waiting: RwSignal<bool>,
    /// The widget's element, told what happens (events); kept here because a post's outcome can
    /// arrive outside any reactive context.
    pub host: Option<Host>,
    /// The page's own comments hold its place until its first page is on screen.
    pub own: Option<HandOver>,
    /// New comments appear while the reader reads (`crate::compose::live`).
    pub live: bool,
}

impl Region {
    pub fn new(backend: Backend, setting: Setting) -> Region {
        let life = Lifetime::of_owner();
        let backend = backend.with_abort(life.signal());
        Region {
            rules: RwSignal::new(backend.rules()),
            backend: StoredValue::new_local(backend),
            ui: setting.ui,
            life: StoredValue::new_local(life),
            now: RwSignal::new(js_sys::Date::now()),
            thread: Thread::new(setting.page_size, setting.sort),
            focus: Focus::default(),
            replying_to: RwSignal::new(None),
            reply_slot: RwSignal::new(None),
            focus_form: RwSignal::new(false),
            thread_key: StoredValue::new(setting.thread_key),
            permalink_base: StoredValue::new(setting.permalink_base),
            open: setting.open,
            acts: RwSignal::new(None),
            arrival: RwSignal::new(Arrival::NotAsked),
            load_acts: setting.acts,
            owner: StoredValue::new_local(Owner::current()),
            send_waiting: RwSignal::new(false),
            host: Host::current(),
            own: setting.own,
            live: setting.live,
        }
    }

    /// Runs `future` for as long as the region lives.
    pub fn spawn(&self, future: impl Future<Output = ()> + 'static) {
        if let Some(life) = self.life.try_get_value() {
            life.spawn(future);
        }
    }

    /// `future`, cut off if the region goes away first (then `Cancelled`, shown nowhere).
    pub fn guarded<T>(
        self,
        future: impl Future<Output = Result<T, StoreError>> + 'static,
    ) -> impl Future<Output = Result<T, StoreError>> + 'static {
        let guarded = self.life.try_get_value().map(|life| life.guard(future));
        async move {
            match guarded {
                Some(guarded) => guarded.await.unwrap_or(Err(StoreError::Cancelled)),
                None => Err(StoreError::Cancelled),
            }
        }
    }

    /// The next page of top-level comments; `Ok(false)` if the sort order changed meanwhile.
    /// Paging comes with the reader's part of the widget (asked for once the first comments are
    /// on screen; a press of "more" before it has come waits for it).
    pub async fn load_more(self) -> Result<bool, StoreError> {
        let pager = pager().await.map_err(|_| StoreError::Part)?;
        (pager.more)(self).await
    }

    /// The next page of `node`'s replies.
    pub async fn more_replies(self, node: UiNode) -> Result<(), StoreError> {
        let pager = pager().await.map_err(|_| StoreError::Part)?;
        (pager.replies)(self, node).await
    }

    fn next_page(self) -> LocalBoxFuture<'static, Result<bool, StoreError>> {
        let (request, ticket) = self.thread.next_request();
        self.guarded(async move {
            let (page, from) = self.joined(request).await?;
            Ok(self.thread.append(page, from, ticket).await)
        })
        .boxed_local()
    }

    fn next_replies(self, node: UiNode) -> LocalBoxFuture<'static, Result<(), StoreError>> {
        let request = self.thread.replies_request(&node);
        self.guarded(async move {
            let (page, from) = self.joined(request).await?;
            node.add_replies(page, from, &self.thread);
            Ok(())
        })
        .boxed_local()
    }

    /// The page `request` asks for, from where it joins what is shown: it starts with a comment
    /// on screen (asked for again on purpose), or at the list's start. Comments deleted elsewhere
    /// meanwhile shorten the server's list, and a page that does not join would skip as many:
    /// it is asked for again from further back (a few times at most; what comes twice is
    /// shown once). Answers the page and the position it was asked from.
    pub async fn joined(self, mut request: PageRequest) -> Result<(Page, usize), StoreError> {
        let backend = self.backend.get_value();
        let mut tries = 4;
        loop {
            let page = backend.page(request.clone()).await?;
            let joins = page
                .nodes
                .first()
                .is_none_or(|node| self.thread.find(&node.comment.id).is_some());
            tries -= 1;
            if joins || request.offset == 0 || tries == 0 {
                return Ok((page, request.offset));
            }
            let back = request.offset.min(request.limit);
            request.offset -= back;
            request.limit += back;
        }
    }

    /// A comment of this thread was deleted: gone for good, or kept as "deleted" (with replies).
    pub fn deleted(self, node: &UiNode, kept: Option<super::model::Comment>) {
        match kept {
            Some(kept) => {
                node.comment.set(kept);
                self.thread.total.update(|n| *n = n.saturating_sub(1));
            }
            None => {
                node.removed.set(true);
                self.thread.forget(node);
            }
        }
    }
}

/// Paging: the next page of the thread, or of a comment's replies.
#[derive(Clone, Copy)]
struct Pager {
    more: fn(Region) -> LocalBoxFuture<'static, Result<bool, StoreError>>,
    replies: fn(Region, UiNode) -> LocalBoxFuture<'static, Result<(), StoreError>>,
}

split!(
    compose,
    /// Paging ([`Region::load_more`], [`Region::more_replies`]).
    fn pager() -> Pager {
        Pager {
            more: Region::next_page,
            replies: Region::next_replies,
        }
    }
);
