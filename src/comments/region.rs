//! One comments region's shared handles and the work that spans its parts: paging, posting,
//! opening a permalink, and following other tabs. The parts stay small: [`Thread`] (what is on
//! screen and where the server's list continues), [`Composer`] (the form and its post) and
//! [`Focus`] (announcements, highlight, focus).
//!
//! Everything that continues after an `.await` runs under the region's [`Lifetime`]: when the
//! widget is removed or re-rendered, requests are aborted and no continuation runs.

use std::future::Future;

use futures::FutureExt;
use futures::future::{LocalBoxFuture, Shared};

use leptos::prelude::*;

use super::composer::{Composer, Sending, Sent, Settled, Status, sending_for, settle_draft};
use super::focus::Focus;
use super::model::{CommentId, Node, Page, Sort};
use super::store::{Backend, Located, Posted, Refusal, StoreError};
use super::thread::{Thread, Ticket, UiNode};
use super::validate::{Field, NewComment, Problem, Rules};
use crate::host::{Host, WidgetEvent};
use crate::i18n::Lang;
use crate::lifetime::Lifetime;

/// The first page of a thread, asked for as soon as the thread is known (with the article),
/// awaited by the comments region when it mounts a frame later.
pub type FirstPage = Shared<LocalBoxFuture<'static, Result<Page, StoreError>>>;

/// Starts the opening page's request now, in the background for as long as `life` lasts.
pub fn prefetch_first_page(backend: Backend, page_size: usize, life: &Lifetime) -> FirstPage {
    let request = Thread::opening_request(page_size);
    let first = async move { backend.page(request).await }.boxed_local().shared();
    let driven = first.clone();
    life.spawn(async move {
        let _ = driven.await;
    });
    first
}

/// How many requests opening a permalink may make before giving up.
const MAX_REQUESTS_TO_FIND: usize = 20;

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
    pub composer: Composer,
    pub focus: Focus,
    /// The article's address; a comment's link is it plus `#comment-ID`.
    pub permalink_base: StoredValue<String>,
    /// Readers may add comments and replies (not on a post whose comments are closed).
    pub open: bool,
    /// The widget's element, told what happens (events); kept here because a post's outcome can
    /// arrive outside any reactive context.
    pub host: Option<Host>,
}

impl Region {
    pub fn new(
        backend: Backend,
        ui: Lang,
        thread_key: &str,
        page_size: usize,
        permalink_base: String,
        open: bool,
    ) -> Region {
        let life = Lifetime::of_owner();
        let backend = backend.with_abort(life.signal());
        let region = Region {
            rules: RwSignal::new(backend.rules()),
            backend: StoredValue::new_local(backend),
            ui,
            life: StoredValue::new_local(life),
            now: RwSignal::new(js_sys::Date::now()),
            thread: Thread::new(page_size),
            composer: Composer::new(thread_key),
            focus: Focus::new(),
            permalink_base: StoredValue::new(permalink_base),
            open,
            host: Host::current(),
        };
        // A post's outcome, whenever it comes, is shown by the form of its thread that is on
        // screen then: this one, or one mounted after the widget was re-rendered.
        let sending = region.composer.sending;
        let here = region.host.and_then(Host::element);
        Effect::new(move |_| {
            if let Sending::Settled(settled) = sending.get() {
                // Another widget of this thread was posted from, and is still on the page (or
                // coming back, re-rendered): its region shows it.
                if settled
                    .origin
                    .as_ref()
                    .is_some_and(|o| Some(o) != here.as_ref() && o.is_connected())
                {
                    return;
                }
                sending.set(Sending::Idle);
                let Settled { sent, at, result, .. } = *settled;
                region.apply(sent, at, result);
            }
        });
        // A draft still marked "sent" from an earlier visit: find out before offering to send it.
        if let Some(sent) = region.composer.sent.get_value()
            && sending.get_untracked() == Sending::Idle
        {
            let c = region.composer;
            let again = NewComment {
                // What was sent, not what the draft says now (it may have been edited since).
                text: if sent.text.is_empty() {
                    c.form.text.get_untracked()
                } else {
                    sent.text
                },
                name: sent.name,
                email: None,
                website: None,
                parent: c.replying_to.get_untracked(),
            };
            region.check(again, sent.at);
        }
        region
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
    pub fn load_more(self) -> impl Future<Output = Result<bool, StoreError>> + 'static {
        let (request, ticket) = self.thread.next_request();
        let backend = self.backend.get_value();
        self.guarded(async move {
            let page = backend.page(request).await?;
            Ok(self.thread.append(page, ticket).await)
        })
    }

    /// The next page of `node`'s replies.
    pub fn more_replies(self, node: UiNode) -> impl Future<Output = Result<(), StoreError>> + 'static {
        let request = self.thread.replies_request(&node);
        let backend = self.backend.get_value();
        self.guarded(async move {
            let page = backend.page(request).await?;
            node.add_replies(page, &self.thread);
            Ok(())
        })
    }

    /// Sends a checked comment. The request is not tied to the widget: once sent, its outcome
    /// matters even if the widget is gone (see `composer`).
    pub fn send(self, new: NewComment) {
        let c = self.composer;
        if c.pending() {
            return;
        }
        let at = js_sys::Date::now();
        c.form.status.set(Status::Idle);
        c.mark_sent(Some(Sent {
            at,
            name: new.name.clone(),
            text: new.text.clone(),
        }));
        let key = c.draft_key.get_value();
        let sending = sending_for(&key);
        sending.set(Sending::InFlight);
        let backend = self.backend.get_value();
        let origin = self.host.and_then(Host::element);
        leptos::task::spawn_local(async move {
            let result = backend.post(new.clone()).await;
            settle_draft(&key, &new.text, &result);
            sending.set(Sending::Settled(Box::new(Settled {
                sent: new,
                at,
                result,
                origin,
            })));
        });
    }

    fn apply(self, sent: NewComment, at: f64, result: Result<Posted, StoreError>) {
        let c = self.composer;
        let t = self.ui.text();
        match result {
            Ok(posted) => {
                let (comment, notice, held) = match posted {
                    Posted::Published(comment) => (comment, t.published_notice, false),
                    Posted::AwaitingModeration(comment) => (comment, t.awaiting_notice, true),
                };
                if let Some(host) = self.host {
                    host.emit(WidgetEvent::CommentPosted {
                        id: comment.id.as_str(),
                        held,
                    });
                }
                c.sent.set_value(None);
                // Words typed while it was on its way stay, as a new draft.
                if c.form.text.get_untracked().trim() == sent.text.trim() {
                    c.form.text.set(String::new());
                } else {
                    c.mark_sent(None);
                }
                c.form.status.set(Status::Idle);
                c.replying_to.set(None);
                let id = comment.id.clone();
                self.thread.insert(comment);
                if self.thread.find(&id).is_some() {
                    self.focus.reveal(id);
                }
                self.focus.announce(notice);
            }
            Err(StoreError::Timeout) => self.check(sent, at),
            // The server's own field checks (a site's stricter rules): shown at the fields,
            // as the form's own checks are, with the focus on the first.
            Err(StoreError::Refused(refusal @ (Refusal::InvalidEmail | Refusal::NameEmailRequired))) => {
                c.mark_sent(None);
                c.form.status.set(Status::Idle);
                let problems = if refusal == Refusal::InvalidEmail {
                    vec![(Field::Email, Problem::InvalidEmail)]
                } else {
                    vec![(Field::Name, Problem::Required), (Field::Email, Problem::Required)]
                };
                let first = problems[0].0;
                c.form.problems.set(problems);
                self.focus.focus_later(first.element_id().to_owned());
            }
            Err(error) => {
                if let Some(host) = self.host {
                    host.emit(WidgetEvent::Error {
                        region: crate::host::Region::Comments,
                        kind: error.kind(),
                    });
                }
                c.mark_sent(None);
                c.form.status.set(Status::Failed(error));
            }
        }
    }

    /// After a post without an answer: is the comment in the thread?
    pub fn check(self, sent: NewComment, at: f64) {
        let form = self.composer.form;
        form.status.set(Status::Checking);
        let backend = self.backend.get_value();
        let key = self.composer.draft_key.get_value();
        self.spawn(async move {
            match backend.find_posted(&sent, at).await {
                Ok(Some(posted)) => {
                    let found = Ok(posted);
                    settle_draft(&key, &sent.text, &found);
                    self.apply(sent, at, found);
                }
                Ok(None) => form.status.set(Status::Unconfirmed {
                    sent,
                    at,
                    check_failed: false,
                }),
                Err(_) => form.status.set(Status::Unconfirmed {
                    sent,
                    at,
                    check_failed: true,
                }),
            }
        });
    }

    /// Opens `#comment-ID` from the address bar, if that comment is in this thread.
    pub fn reveal_linked(self) {
        let hash = window().location().hash().unwrap_or_default();
        if let Some(id) = CommentId::from_fragment(&hash) {
            self.reveal(id);
        }
    }

    /// Shows, highlights and focuses a comment of this thread, loading what hides it: the pages
    /// before it and the replies above it. Bounded in requests; nothing happens if the comment is
    /// not in this thread (another widget's).
    pub fn reveal(self, id: CommentId) {
        if self.thread.find(&id).is_some() {
            self.focus.reveal(id);
            return;
        }
        let backend = self.backend.get_value();
        self.spawn(async move {
            let mut budget = MAX_REQUESTS_TO_FIND;
            let found = match backend.locate(&id).await {
                Ok(Located::Absent) => false,
                Ok(Located::Path(path)) => self.open_path(&path, &mut budget).await,
                Ok(Located::Unknown) | Err(_) => self.search(&id, &mut budget).await,
            };
            if found {
                self.focus.reveal(id);
            }
        });
    }

    async fn open_path(self, path: &[CommentId], budget: &mut usize) -> bool {
        for (depth, id) in path.iter().enumerate() {
            while self.thread.find(id).is_none() {
                if *budget == 0 {
                    return false;
                }
                *budget -= 1;
                let loaded = match depth.checked_sub(1).and_then(|up| self.thread.find(&path[up])) {
                    None if self.thread.remaining.get_untracked() > 0 => self.load_more().await.unwrap_or(false),
                    Some(parent) if parent.hidden.get_untracked() > 0 => self.more_replies(parent).await.is_ok(),
                    _ => false,
                };
                if !loaded {
                    return false;
                }
            }
        }
        true
    }

    /// Without a way to look the comment up (Isso): the pages after the ones shown, then the
    /// hidden replies, fetched aside and shown only if the comment is among them, so a widget
    /// whose thread does not hold it changes nothing on screen.
    async fn search(self, id: &CommentId, budget: &mut usize) -> bool {
        let backend = self.backend.get_value();
        let (mut request, ticket) = self.thread.next_request();
        let mut more = self.thread.remaining.get_untracked() > 0;
        let mut aside: Vec<Page> = Vec::new();
        while more && *budget > 0 {
            *budget -= 1;
            let Ok(page) = backend.page(request.clone()).await else {
                return false;
            };
            request.offset += page.nodes.len();
            more = page.remaining > 0 && !page.nodes.is_empty();
            let found = holds(&page.nodes, id);
            aside.push(page);
            if found {
                return self.show_aside(aside, ticket).await && self.thread.find(id).is_some();
            }
        }
        // Replies behind "more replies": of the comments shown, then of those fetched aside.
        let shown: Vec<(CommentId, usize)> = self
            .thread
            .nodes
            .get_untracked()
            .iter()
            .filter(|node| node.hidden.get_untracked() > 0)
            .map(|node| (node.id.clone(), node.served_replies.get_untracked()))
            .collect();
        let fetched: Vec<(CommentId, usize)> = aside
            .iter()
            .flat_map(|page| &page.nodes)
            .filter(|node| node.hidden_replies > 0)
            .map(|node| (node.comment.id.clone(), node.replies.len()))
            .collect();
        for (parent, served) in shown.into_iter().chain(fetched) {
            let mut offset = served;
            let mut replies = Vec::new();
            loop {
                if *budget == 0 {
                    return false;
                }
                *budget -= 1;
                let Ok(page) = backend.page(self.thread.replies_after(parent.clone(), offset)).await else {
                    return false;
                };
                offset += page.nodes.len();
                let (found, done) = (holds(&page.nodes, id), page.remaining == 0 || page.nodes.is_empty());
                replies.push(page);
                if found {
                    if self.thread.find(&parent).is_none() && !self.show_aside(std::mem::take(&mut aside), ticket).await
                    {
                        return false;
                    }
                    let Some(node) = self.thread.find(&parent) else {
                        return false;
                    };
                    for page in replies {
                        node.add_replies(page, &self.thread);
                    }
                    return self.thread.find(id).is_some();
                }
                if done {
                    break;
                }
            }
        }
        false
    }

    /// Shows pages fetched aside, in order, as "load more" would have.
    async fn show_aside(self, pages: Vec<Page>, ticket: Ticket) -> bool {
        for page in pages {
            if !self.thread.append(page, ticket).await {
                return false;
            }
        }
        true
    }

    /// Another tab stored a comment in this thread: show what this one has not (no scrolling,
    /// no highlight; the count heading follows).
    pub fn sync_from_storage(self) {
        let Some(mut all) = self.backend.with_value(Backend::snapshot) else {
            return;
        };
        all.sort_by(|a, b| a.created.unwrap_or(0.0).total_cmp(&b.created.unwrap_or(0.0)));
        let total = all.len();
        for comment in all {
            if self.thread.find(&comment.id).is_some() {
                continue;
            }
            match comment.parent.as_ref().map(|p| self.thread.find(p)) {
                // Its parent is not on screen: it comes with the parent.
                Some(None) => {}
                Some(Some(parent)) if parent.hidden.get_untracked() > 0 => parent.hidden.update(|n| *n += 1),
                None if self.thread.remaining.get_untracked() > 0
                    && self.thread.sort.get_untracked() != Sort::Newest =>
                {
                    self.thread.remaining.update(|n| *n += 1);
                }
                _ => {
                    self.thread.insert(comment);
                }
            }
        }
        self.thread.total.set(total);
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

/// Whether `id` is among `nodes` or their replies.
fn holds(nodes: &[Node], id: &CommentId) -> bool {
    nodes
        .iter()
        .any(|node| node.comment.id == *id || holds(&node.replies, id))
}
