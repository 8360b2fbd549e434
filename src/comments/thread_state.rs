//! The reactive state one comments region shares between its components: the loaded tree, the
//! form's fields, what is being replied to, and what to announce. Created once per region, so
//! in-flight requests outlive any one form or comment that started them.

use leptos::html::Section;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{ScrollBehavior, ScrollIntoViewOptions, ScrollLogicalPosition};

use super::model::{Comment, CommentId, Node, Page, PageRequest, Sort};
use super::storage;
use super::store::{Backend, Posted, StoreError};
use super::validate::{Field, NewComment, Problem, Rules};
use crate::dom::{after_paint, next_task, prefers_reduced_motion};
use crate::i18n::Lang;
use crate::json::{Json, Record};

/// A comment in the UI tree; its replies are a signal so a reply or "more replies" updates
/// just that branch. Reference-counted signals: a node lives as long as the list or the
/// component holding it, not as long as whichever effect happened to create it (a re-sort
/// replaces the list while the old items are still being torn down).
#[derive(Clone)]
pub struct UiNode {
    pub id: CommentId,
    /// A signal: votes, edits and deletion change a comment in place.
    pub comment: ArcRwSignal<Comment>,
    pub replies: ArcRwSignal<Vec<UiNode>>,
    pub hidden: ArcRwSignal<usize>,
    /// Deleted without replies: gone from the thread.
    pub removed: ArcRwSignal<bool>,
}

impl UiNode {
    pub fn new(node: Node) -> UiNode {
        UiNode {
            id: node.comment.id.clone(),
            comment: ArcRwSignal::new(node.comment),
            replies: ArcRwSignal::new(node.replies.into_iter().map(UiNode::new).collect()),
            hidden: ArcRwSignal::new(node.hidden_replies),
            removed: ArcRwSignal::new(false),
        }
    }
}

/// The form's fields live here, not in the form, so switching between the main form and a
/// reply form keeps what was typed.
#[derive(Clone, Copy)]
pub struct FormState {
    pub text: RwSignal<String>,
    pub name: RwSignal<String>,
    pub email: RwSignal<String>,
    pub website: RwSignal<String>,
    pub trap: RwSignal<String>,
    pub remember: RwSignal<bool>,
    pub problems: RwSignal<Vec<(Field, Problem)>>,
    pub failure: RwSignal<Option<StoreError>>,
}

impl FormState {
    pub fn has_problem(self, field: Field) -> bool {
        self.problems.with(|p| p.iter().any(|(f, _)| *f == field))
    }

    pub fn problem_message(self, field: Field, ui: Lang) -> Option<String> {
        self.problems
            .with(|p| p.iter().find(|(f, _)| *f == field).map(|(_, p)| p.message(ui)))
    }

    /// Typing in a field clears its complaint; the others stay until the next submit.
    pub fn clear(self, field: Field) {
        if self.has_problem(field) {
            self.problems.update(|p| p.retain(|(f, _)| *f != field));
        }
    }

    /// The field's `aria-describedby`: its permanent note, if any, then its error, if any.
    pub fn described_by(self, field: Field, note: &str) -> Option<String> {
        let error = self.has_problem(field).then(|| error_id(field));
        let ids: Vec<String> = [(!note.is_empty()).then(|| note.to_owned()), error]
            .into_iter()
            .flatten()
            .collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    }
}

pub fn error_id(field: Field) -> String {
    format!("maqal-error-{field:?}")
}

#[derive(Default, Debug, PartialEq)]
struct SavedDraft {
    text: String,
    reply_to: Option<String>,
}

impl Record for SavedDraft {
    fn to_json(&self) -> Json {
        Json::object([
            ("text", Some(Json::text(&self.text))),
            ("reply_to", self.reply_to.as_deref().map(Json::text)),
        ])
    }

    fn from_json(value: &Json) -> Option<Self> {
        Some(SavedDraft {
            text: value.str_at("text")?,
            reply_to: value.str_at("reply_to"),
        })
    }
}

#[derive(Default, Debug, PartialEq)]
pub struct SavedAuthor {
    pub name: String,
    pub email: String,
    pub website: String,
}

impl Record for SavedAuthor {
    fn to_json(&self) -> Json {
        Json::object([
            ("name", Some(Json::text(&self.name))),
            ("email", Some(Json::text(&self.email))),
            ("website", Some(Json::text(&self.website))),
        ])
    }

    fn from_json(value: &Json) -> Option<Self> {
        Some(SavedAuthor {
            name: value.str_at("name")?,
            email: value.str_at("email").unwrap_or_default(),
            website: value.str_at("website").unwrap_or_default(),
        })
    }
}

pub const AUTHOR_KEY: &str = "maqal:author";

#[derive(Clone, Copy)]
pub struct ThreadState {
    pub backend: StoredValue<Backend>,
    pub ui: Lang,
    draft_key: StoredValue<String>,
    pub page_size: usize,
    pub nodes: RwSignal<Vec<UiNode>>,
    pub loaded: RwSignal<bool>,
    pub remaining: RwSignal<usize>,
    pub total: RwSignal<usize>,
    pub sort: RwSignal<Sort>,
    pub replying_to: RwSignal<Option<CommentId>>,
    /// Set by a reply button so the form it opens takes the focus; a restored draft does not.
    pub focus_form: RwSignal<bool>,
    pub announcement: RwSignal<Option<String>>,
    pub highlighted: RwSignal<Option<CommentId>>,
    /// The clock relative times are computed against, ticking once a minute.
    pub now: RwSignal<f64>,
    pub form: FormState,
    /// What the form asks for; a server can change it with each page it sends.
    pub rules: RwSignal<Rules>,
    pub post: Action<NewComment, Result<Posted, StoreError>>,
    pub root: NodeRef<Section>,
    /// True while a page is being added a few comments per frame (`aria-busy` on the list).
    pub rendering: RwSignal<bool>,
    /// Bumped by each fresh first page, so a page still being shown stops when a new sort
    /// order replaces it.
    generation: StoredValue<u32>,
}

/// How many replies come with each comment before "more replies".
const NESTED_LIMIT: usize = 5;

/// Top-level comments rendered per frame. A page arrives at once, but rendering all of it (up to
/// six comments per top-level one) in one go blocked the host page for more than 50 ms; a few at
/// a time, each batch with its own task and layout, keeps every task short and puts the first
/// ones on screen sooner.
const NODES_PER_FRAME: usize = 3;

impl ThreadState {
    pub fn new(backend: Backend, ui: Lang, thread: &str, page_size: usize) -> ThreadState {
        let draft_key = format!("maqal:draft:{thread}");
        let draft = storage::read::<SavedDraft>(&draft_key)
            .ok()
            .flatten()
            .unwrap_or_default();
        let author = storage::read::<SavedAuthor>(AUTHOR_KEY).ok().flatten();
        let form = FormState {
            text: RwSignal::new(draft.text),
            name: RwSignal::new(author.as_ref().map(|a| a.name.clone()).unwrap_or_default()),
            email: RwSignal::new(author.as_ref().map(|a| a.email.clone()).unwrap_or_default()),
            website: RwSignal::new(author.as_ref().map(|a| a.website.clone()).unwrap_or_default()),
            trap: RwSignal::new(String::new()),
            remember: RwSignal::new(author.is_some()),
            problems: RwSignal::new(Vec::new()),
            failure: RwSignal::new(None),
        };
        let backend = StoredValue::new(backend);
        let state_cell: StoredValue<Option<ThreadState>> = StoredValue::new(None);
        let post = Action::new_local(move |new: &NewComment| {
            let new = new.clone();
            let backend = backend.get_value();
            async move {
                let result = backend.post(new).await;
                // The region may have been removed while the request was in flight.
                if let Some(state) = state_cell.try_get_value().flatten() {
                    state.finish_post(&result);
                }
                result
            }
        });
        let state = ThreadState {
            backend,
            ui,
            draft_key: StoredValue::new(draft_key),
            page_size,
            nodes: RwSignal::new(Vec::new()),
            loaded: RwSignal::new(false),
            remaining: RwSignal::new(0),
            total: RwSignal::new(0),
            sort: RwSignal::new(Sort::default()),
            replying_to: RwSignal::new(draft.reply_to),
            focus_form: RwSignal::new(false),
            announcement: RwSignal::new(None),
            highlighted: RwSignal::new(None),
            now: RwSignal::new(js_sys::Date::now()),
            form,
            rules: RwSignal::new(backend.with_value(Backend::rules)),
            post,
            root: NodeRef::new(),
            rendering: RwSignal::new(false),
            generation: StoredValue::new(0),
        };
        state_cell.set_value(Some(state));

        // Nothing lost: the text and the reply target are saved as they change.
        Effect::new(move |_| {
            let text = form.text.get();
            let reply_to = state.replying_to.get();
            let key = state.draft_key.get_value();
            if text.trim().is_empty() {
                storage::remove(&key);
            } else {
                // If storage is unavailable there is nowhere to keep a draft; the text stays on screen.
                let _ = storage::write(&key, &SavedDraft { text, reply_to });
            }
        });
        state
    }

    pub fn request(&self, parent: Option<CommentId>, offset: usize) -> PageRequest {
        PageRequest {
            parent,
            offset,
            limit: self.page_size,
            nested_limit: NESTED_LIMIT,
            sort: self.sort.get_untracked(),
        }
    }

    /// A fresh first page (initial load or new sort order). Resolves once every comment of the
    /// page is on screen; `false` if a newer page or the region's removal cut it short.
    pub async fn reset(&self, page: Page) -> bool {
        let generation = self.generation.get_value().wrapping_add(1);
        self.generation.set_value(generation);
        if let Some(rules) = page.rules {
            self.rules.set(rules);
        }
        self.total.set(page.thread_total);
        self.remaining.set(0);
        self.nodes.set(Vec::new());
        self.loaded.set(true);
        if !page.nodes.is_empty() {
            crate::intl::prepare_comment_formats(self.ui.tag());
            next_task().await;
        }
        if !self.show(page.nodes, generation).await {
            return false;
        }
        self.remaining.set(page.remaining);
        // A restored reply target that is not on screen would hide the form: reply at top level.
        if self
            .replying_to
            .get_untracked()
            .is_some_and(|target| self.find(&target).is_none())
        {
            self.replying_to.set(None);
        }
        true
    }

    /// The next page after the ones shown ("load more", or looking for a linked comment).
    pub async fn append(&self, page: Page) -> bool {
        let generation = self.generation.get_value();
        // Hidden meanwhile: "load more" must not ask for an offset that is still being shown.
        self.remaining.set(0);
        if !self.show(page.nodes, generation).await {
            return false;
        }
        self.remaining.set(page.remaining);
        self.total.set(page.thread_total);
        true
    }

    async fn show(&self, nodes: Vec<Node>, generation: u32) -> bool {
        let mut nodes = nodes.into_iter().peekable();
        let mut first = true;
        while nodes.peek().is_some() {
            if !first {
                // After a frame, not just a task: each chunk then gets a layout of its own.
                after_paint().await;
            }
            if !self.alive() || self.generation.get_value() != generation {
                return false;
            }
            if first {
                self.rendering.set(true);
                first = false;
            }
            let chunk: Vec<UiNode> = nodes.by_ref().take(NODES_PER_FRAME).map(UiNode::new).collect();
            self.nodes.update(|shown| shown.extend(chunk));
        }
        self.rendering.set(false);
        true
    }

    pub fn find(&self, id: &str) -> Option<UiNode> {
        fn search(nodes: &[UiNode], id: &str) -> Option<UiNode> {
            nodes.iter().find_map(|node| {
                if node.id == id {
                    Some(node.clone())
                } else {
                    node.replies.with_untracked(|replies| search(replies, id))
                }
            })
        }
        self.nodes.with_untracked(|nodes| search(nodes, id))
    }

    fn insert(&self, comment: Comment) {
        let id = comment.id.clone();
        let node = UiNode::new(Node {
            comment,
            replies: Vec::new(),
            hidden_replies: 0,
        });
        let parent = node.comment.with_untracked(|c| c.parent.clone());
        match parent.as_deref().and_then(|parent| self.find(parent)) {
            Some(parent) => parent.replies.update(|replies| replies.push(node)),
            None if self.sort.get_untracked() == Sort::Newest => self.nodes.update(|nodes| nodes.insert(0, node)),
            None => self.nodes.update(|nodes| nodes.push(node)),
        }
        self.total.update(|total| *total += 1);
        self.highlighted.set(Some(id.clone()));
        let state = *self;
        request_animation_frame(move || state.scroll_to_comment(&id));
    }

    /// False once the widget was removed or re-rendered while a request was in flight.
    pub fn alive(&self) -> bool {
        !self.nodes.is_disposed()
    }

    fn finish_post(&self, result: &Result<Posted, StoreError>) {
        if !self.alive() {
            return;
        }
        let t = self.ui.text();
        match result {
            Ok(posted) => {
                let (comment, notice) = match posted {
                    Posted::Published(c) => (c.clone(), t.published_notice),
                    Posted::AwaitingModeration(c) => (c.clone(), t.awaiting_notice),
                };
                self.form.text.set(String::new());
                self.form.failure.set(None);
                self.replying_to.set(None);
                self.insert(comment);
                self.announcement.set(Some(notice.to_owned()));
            }
            Err(error) => self.form.failure.set(Some(error.clone())),
        }
    }

    /// Scrolls a comment into view and gives it focus, so keyboard and screen-reader users land
    /// on it too. Comments live in the shadow root, where the browser's own `:target` cannot see.
    pub fn scroll_to_comment(&self, id: &str) {
        let Some(root) = self.root.get_untracked() else { return };
        let Ok(Some(element)) = root.query_selector(&format!("#comment-{id}")) else {
            return;
        };
        let options = ScrollIntoViewOptions::new();
        options.set_block(ScrollLogicalPosition::Center);
        if prefers_reduced_motion() {
            options.set_behavior(ScrollBehavior::Instant);
        } else {
            options.set_behavior(ScrollBehavior::Smooth);
        }
        element.scroll_into_view_with_scroll_into_view_options(&options);
        if let Ok(element) = element.dyn_into::<web_sys::HtmlElement>() {
            let focus = web_sys::FocusOptions::new();
            focus.set_prevent_scroll(true);
            let _ = element.focus_with_options(&focus);
        }
    }

    /// Focuses an element of this region by selector, after the next render.
    pub fn focus_later(&self, selector: String) {
        let root = self.root;
        request_animation_frame(move || {
            let target = root
                .get_untracked()
                .and_then(|root| root.query_selector(&selector).ok().flatten())
                .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok());
            if let Some(target) = target {
                let _ = target.focus();
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json;

    #[test]
    fn drafts_and_authors_round_trip_and_tolerate_older_entries() {
        let draft = SavedDraft {
            text: "سطر\n\"نص\"".into(),
            reply_to: Some("12".into()),
        };
        let back = json::parse(&draft.to_json().to_string()).ok();
        assert_eq!(back.as_ref().and_then(SavedDraft::from_json), Some(draft));
        let old = json::parse(r#"{"text": "x", "reply_to": null}"#).ok();
        assert_eq!(
            old.as_ref().and_then(SavedDraft::from_json).map(|d| d.reply_to),
            Some(None)
        );
        let author = json::parse(r#"{"name": "Ali", "email": "a@b.c", "website": ""}"#).ok();
        assert_eq!(
            author.as_ref().and_then(SavedAuthor::from_json).map(|a| a.name),
            Some("Ali".to_owned())
        );
        let not_an_author = json::parse(r#"{"email": "a@b.c"}"#).ok();
        assert_eq!(not_an_author.as_ref().and_then(SavedAuthor::from_json), None);
    }
}
