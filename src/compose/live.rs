//! A live thread: comments others post while the reader reads are gathered, never put under
//! the reader's eyes unasked, and offered by one button ("3 new comments") that shows them in
//! their places. Isso and WordPress are asked every so often (`crate::comments::live` says when,
//! and for what); the browser store hears of other tabs' comments at once (`storage` events).
//! Also: when this browser last showed the thread, for the "new" marks.
//!
//! Comes with the reader's part of the widget, after the first comments are on screen; runs
//! under the region's lifetime (its requests are aborted, its listeners removed, with it).

use std::cell::RefCell;
use std::rc::Rc;

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::comments::live::{self as rhythm, Outcome, Rhythm};
use crate::comments::model::{Comment, CommentId, CommentState, Sort};
use crate::comments::region::Region;
use crate::comments::store::{Since, StoreError};
use crate::comments::thread::UiNode;
use crate::web::dom::{after_paint, sleep};
use crate::web::storage;

/// The gathered comments, not on screen yet.
#[derive(Clone, Copy)]
struct Live {
    visit: Visit,
    pending: StoredValue<Vec<Comment>>,
    /// How many of them are not on screen: what the button says (none: it is hidden).
    count: RwSignal<usize>,
    /// What is said politely (a hidden live region: the page's visible notices would take room),
    /// and when it last was.
    said: RwSignal<String>,
    said_at: StoredValue<f64>,
    /// An announcement is waiting for its turn.
    saying: StoredValue<bool>,
    /// Every comment already handled (gathered, or left to the "more" it is behind): the windows
    /// asked for overlap, so the same comment comes more than once.
    seen: StoredValue<Vec<CommentId>>,
}

/// When the reader last saw this thread before this visit, and what they posted in it here: a
/// comment posted since, by someone else, is marked "new".
#[derive(Clone, Copy)]
pub struct Visit {
    before: Option<f64>,
    mine: StoredValue<Vec<CommentId>>,
}

impl Visit {
    /// The reader posted this comment (here, now).
    pub fn posted(&self, id: CommentId) {
        self.mine.update_value(|mine| mine.push(id));
    }

    fn mine(&self, id: &CommentId) -> bool {
        self.mine.with_value(|mine| mine.contains(id))
    }
}

/// "New", in a comment's row of actions, for a comment posted since the reader's last visit.
pub fn mark(region: Region, node: &UiNode) -> Option<impl IntoView + use<>> {
    let visit = use_context::<Visit>()?;
    let t = region.ui.text();
    let fresh = node.comment.with_untracked(|c| {
        c.created > visit.before && visit.before.is_some() && c.editable_until.is_none() && !visit.mine(&c.id)
    });
    fresh.then(|| view! { <span class="new-mark">{t.new_mark()}</span> })
}

/// Comments shown per frame when the button is pressed.
const PER_FRAME: usize = 5;

/// At most one announcement of the button per this many ms, however many comments arrive.
const ANNOUNCE_EVERY: f64 = 5_000.0;

/// Starts the region's live thread (with its owner), unless the publisher turned it off, and
/// keeps when the reader last saw the thread: read once (the "new" marks), written when the page
/// is hidden or left, or the widget removed (then the reader has seen what is on screen).
pub fn start(region: Region) {
    let key = format!("maqal:visit:{}", region.thread_key.get_value());
    let before: Option<f64> = storage::read(&key).ok().flatten();
    let visit = Visit {
        before: before.filter(|t| t.is_finite()),
        mine: StoredValue::new(Vec::new()),
    };
    provide_context(visit);
    let now = js_sys::Date::now;
    let rhythm = Rc::new(RefCell::new(Rhythm::new(now(), js_sys::Math::random())));
    let seen = move || {
        let _ = storage::write(&key, &now());
    };
    let changed = {
        let (rhythm, seen) = (rhythm.clone(), seen.clone());
        gloo_events::EventListener::new(&document(), "visibilitychange", move |_| {
            let mut rhythm = rhythm.borrow_mut();
            if document().hidden() {
                rhythm.hidden(now());
                seen();
            } else {
                rhythm.shown(now());
            }
        })
    };
    let changed = send_wrapper::SendWrapper::new(changed);
    on_cleanup(move || {
        drop(changed);
        seen();
    });
    if !region.live {
        return;
    }
    let live = Live {
        visit,
        pending: StoredValue::new(Vec::new()),
        count: RwSignal::new(0),
        said: RwSignal::new(String::new()),
        said_at: StoredValue::new(f64::NEG_INFINITY),
        saying: StoredValue::new(false),
        seen: StoredValue::new(Vec::new()),
    };
    provide_context(live);
    // A new order brings a new first page, asked for now: what was gathered for the old one is
    // dropped (on that page, or behind its "more"), and the next answers are taken afresh. And a
    // post of the reader's placed meanwhile (it may have come both ways) is counted out.
    Effect::new(move |before: Option<Sort>| {
        region.thread.total.track();
        let sort = region.thread.sort.get();
        if before.is_some_and(|before| before != sort) {
            live.pending.update_value(Vec::clear);
            live.seen.update_value(Vec::clear);
        }
        recount(region, live);
        sort
    });
    match region.backend.with_value(|b| b.shared_key().map(str::to_owned)) {
        Some(key) => {
            // Another tab of this browser stored a comment in this thread.
            let listener = window_event_listener(ev::storage, move |event| {
                if event.key().as_deref() == Some(key.as_str()) {
                    from_snapshot(region, live);
                }
            });
            on_cleanup(move || listener.remove());
            from_snapshot(region, live);
        }
        None => region.spawn(ask(region, live, rhythm)),
    }
}

/// Asks the server for news, in the rhythm `crate::comments::live` keeps, for as long as the
/// region lives.
async fn ask(region: Region, live: Live, rhythm: Rc<RefCell<Rhythm>>) {
    let now = js_sys::Date::now;
    if document().hidden() {
        rhythm.borrow_mut().hidden(now());
    }
    // Everything up to the first page is known: it was asked for when the page started (less
    // its age, for a widget mounted later).
    let mut checked = now() - web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now());
    let thread = region.thread;
    let mut replies = Some(thread.total.get_untracked().saturating_sub(thread.top_level()));
    // Bounded by the region's life: it ends with the widget.
    loop {
        sleep(1_000).await;
        let asked = now();
        // Not while a page is being drawn (its "more" is not known yet), nor before the first.
        if !rhythm.borrow().should_ask(asked) || thread.rendering.get_untracked() || !thread.loaded.get_untracked() {
            continue;
        }
        // The top-level comments on screen, then those waiting for the button, each with the
        // replies this widget knows of (not those held for moderation: the server counts the
        // others).
        let mut shown: Vec<(CommentId, usize)> = thread.nodes.with_untracked(|nodes| {
            nodes
                .iter()
                .map(|n| {
                    let replies = n.replies.with_untracked(|r| {
                        r.iter()
                            .filter(|r| {
                                !r.removed.get_untracked()
                                    && r.comment.with_untracked(|c| c.state != CommentState::Pending)
                            })
                            .count()
                    });
                    (n.id.clone(), replies + n.hidden.get_untracked())
                })
                .collect()
        });
        live.pending.with_value(|pending| {
            for top in pending.iter().filter(|c| c.parent.is_none()) {
                shown.push((
                    top.id.clone(),
                    pending.iter().filter(|r| r.parent.as_ref() == Some(&top.id)).count(),
                ));
            }
        });
        let since = Since {
            after: rhythm::after(asked, checked),
            replies,
            sort: thread.sort.get_untracked(),
            shown,
        };
        let backend = region.backend.get_value();
        let outcome = match backend.news(since).await {
            Ok(news) => {
                checked = asked;
                replies = news.replies.or(replies);
                if gather(region, live, news.comments) > 0 {
                    Outcome::News
                } else {
                    Outcome::Quiet
                }
            }
            // This store has no such request, or the widget went away.
            Err(StoreError::NotFound | StoreError::Cancelled) => return,
            // Never shown: the thread on screen stays as it is, and the next request waits longer.
            Err(_) => Outcome::Failed,
        };
        rhythm
            .borrow_mut()
            .answered(asked, now(), outcome, js_sys::Math::random());
    }
}

/// The browser store's comments that this tab does not show yet.
fn from_snapshot(region: Region, live: Live) {
    if let Some(all) = region.backend.with_value(|b| b.snapshot()) {
        gather(region, live, all);
    }
}

/// Takes in what came. A comment waits for the button when its place is on screen and it is
/// new there: a reply to a comment whose replies are all shown (or to one waiting itself); a
/// top-level comment when the whole top level is shown, or, newest first, when it is newer than
/// every one shown. Any other (its place is behind a "more", or it is older than what is shown)
/// was already counted by the page that said there is more, and comes with that "more": it is
/// only noted as seen (the windows asked for overlap, and the first one reaches back before the
/// first page). Answers how many came. `comments` come oldest first, as every store lists them
/// (a reply after the comment it answers).
fn gather(region: Region, live: Live, comments: Vec<Comment>) -> usize {
    let thread = region.thread;
    // The newest top-level comment a page showed (not one the reader posted since), for the
    // newest-first order.
    let newest = thread.nodes.with_untracked(|nodes| {
        nodes
            .iter()
            .filter(|n| !live.visit.mine(&n.id))
            .filter_map(|n| n.comment.with_untracked(|c| c.created))
            .fold(f64::NEG_INFINITY, f64::max)
    });
    let mut came = 0;
    for comment in comments {
        let mine = comment.editable_until.is_some() || live.visit.mine(&comment.id);
        if comment.state != CommentState::Published
            || mine
            || thread.find(&comment.id).is_some()
            || live.seen.with_value(|seen| seen.contains(&comment.id))
        {
            continue;
        }
        let new_here = match comment.parent.as_ref().map(|parent| thread.find(parent)) {
            // Its parent is not here: only if it waits for the button too.
            Some(None) => live
                .pending
                .with_value(|p| p.iter().any(|c| Some(&c.id) == comment.parent.as_ref())),
            Some(Some(parent)) => parent.hidden.get_untracked() == 0,
            None if thread.sort.get_untracked() == Sort::Newest => comment.created.unwrap_or(0.0) > newest,
            None => thread.remaining.get_untracked() == 0,
        };
        // One left to a "more" is looked at again with the next answer (the windows overlap):
        // the page it would come with may have been asked for before it was posted.
        if new_here {
            came += 1;
            live.seen.update_value(|seen| seen.push(comment.id.clone()));
            live.pending.update_value(|p| p.push(comment));
        }
    }
    recount(region, live);
    came
}

/// Counts the gathered comments not on screen (the reader's own post may have come both ways),
/// and says so, at most once per [`ANNOUNCE_EVERY`] (then the latest count).
fn recount(region: Region, live: Live) {
    let n = live.pending.with_value(|p| {
        p.iter()
            .filter(|c| region.thread.find(&c.id).is_none() && !live.visit.mine(&c.id))
            .count()
    });
    live.count.set(n);
    if n == 0 || live.saying.get_value() {
        return;
    }
    let say = move || {
        if let Some(n) = live.count.try_get_untracked().filter(|n| *n > 0) {
            live.said.set(region.ui.count(region.ui.text().new_comments(), n));
            live.said_at.set_value(js_sys::Date::now());
        }
        live.saying.try_set_value(false);
    };
    let wait = live.said_at.get_value() + ANNOUNCE_EVERY - js_sys::Date::now();
    if wait <= 0.0 {
        say();
    } else {
        live.saying.set_value(true);
        set_timeout(say, std::time::Duration::from_millis(wait as u64));
    }
}

/// Shows every gathered comment in its place, a few per frame (a hundred at once would block the
/// page), and then moves the focus to the first of them in the thread's order.
fn show(region: Region, live: Live) {
    let thread = region.thread;
    let gathered = live.pending.try_update_value(std::mem::take).unwrap_or_default();
    // Said again next time, even if the count is the same.
    live.said.set(String::new());
    let root = region.focus.root;
    region.spawn(async move {
        let mut placed = Vec::new();
        for chunk in gathered.chunks(PER_FRAME) {
            for comment in chunk {
                if thread.insert(comment.clone()) {
                    placed.push(comment.id.dom_id());
                }
            }
            after_paint().await;
        }
        // The button goes once the comments are there, and the focus moves to them.
        live.count.set(0);
        let first = root
            .try_get_untracked()
            .flatten()
            .and_then(|root| root.query_selector_all("li.comment").ok())
            .and_then(|items| {
                (0..items.length())
                    .filter_map(|i| items.item(i).map(JsCast::unchecked_into::<web_sys::Element>))
                    .map(|el| el.id())
                    .find(|id| placed.contains(id))
            });
        if let Some(id) = first.as_deref().and_then(CommentId::from_fragment) {
            region.focus.reveal(id);
        }
    });
}

/// "3 new comments": where it moves nothing (it takes no room in the thread's flow), hidden
/// while there are none.
pub fn button(region: Region) -> AnyView {
    let Some(live) = use_context::<Live>() else {
        return ().into_any();
    };
    let ui = region.ui;
    view! {
        <div class="live-news">
            <p class="visually-hidden" role="status" aria-live="polite">{move || live.said.get()}</p>
            <button type="button" class="button live" hidden=move || live.count.get() == 0 on:click=move |_| show(region, live)>
                {move || ui.count(ui.text().new_comments(), live.count.get())}
            </button>
        </div>
    }
    .into_any()
}
