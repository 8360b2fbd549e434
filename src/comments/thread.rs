//! The thread on screen: the loaded tree, where the server's list continues, and the count.
//!
//! Paging follows what the server has sent, never what is on screen: a comment posted, deleted,
//! held for moderation or added by someone else does not shift the next page. Every comment is
//! shown once (pages are de-duplicated by id), and a page asked for under an older sort order
//! never lands in the new list.

use leptos::prelude::*;

use super::model::{Comment, CommentId, CommentState, Node, Page, PageRequest, Sort};
use crate::web::dom::{after_paint, next_task};

/// A comment in the UI tree. Its parts are reference-counted signals: a node lives as long as the
/// list or the component holding it, and work that finishes after its comment left the screen
/// (a re-sort, a removed widget) updates a node nobody shows instead of a disposed one.
#[derive(Clone)]
pub struct UiNode {
    pub id: CommentId,
    /// Votes, edits and deletion change a comment in place.
    pub comment: ArcRwSignal<Comment>,
    pub replies: ArcRwSignal<Vec<UiNode>>,
    /// Replies not loaded yet ("show more replies").
    pub hidden: ArcRwSignal<usize>,
    /// Replies the server has sent for this comment: where its next page of replies starts.
    pub served_replies: ArcRwSignal<usize>,
    /// Deleted without replies: gone from the thread.
    pub removed: ArcRwSignal<bool>,
    /// While its author edits it, the text in the edit box (shown in place of the comment's).
    pub editing: ArcRwSignal<Option<String>>,
}

impl UiNode {
    pub fn new(node: Node) -> UiNode {
        UiNode {
            id: node.comment.id.clone(),
            comment: ArcRwSignal::new(node.comment),
            served_replies: ArcRwSignal::new(node.replies.len()),
            replies: ArcRwSignal::new(node.replies.into_iter().map(UiNode::new).collect()),
            hidden: ArcRwSignal::new(node.hidden_replies),
            removed: ArcRwSignal::new(false),
            editing: ArcRwSignal::new(None),
        }
    }

    fn leaf(comment: Comment) -> UiNode {
        UiNode::new(Node {
            comment,
            replies: Vec::new(),
            hidden_replies: 0,
        })
    }

    /// Adds a page of this comment's replies: the ones not shown yet, in order.
    /// Adds a page of its replies, asked for from the server's position `from`.
    pub fn add_replies(&self, page: Page, from: usize, thread: &Thread) {
        self.served_replies.set(from + page.nodes.len());
        let fresh = thread.unseen(page.nodes);
        self.replies.update(|replies| replies.extend(fresh));
        self.hidden.set(page.remaining);
    }
}

/// How many comments already shown a next page asks for again.
pub const OVERLAP: usize = 3;

/// Which first page a request belongs to: a new sort order starts a new generation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ticket(u32);

#[derive(Clone, Copy)]
pub struct Thread {
    pub nodes: RwSignal<Vec<UiNode>>,
    /// The first page has arrived.
    pub loaded: RwSignal<bool>,
    /// Every comment in the thread, all levels (the count heading).
    pub total: RwSignal<usize>,
    /// Top-level comments the server has not sent yet.
    pub remaining: RwSignal<usize>,
    pub sort: RwSignal<Sort>,
    /// True while a page is being added a few comments per frame (`aria-busy` on the list).
    pub rendering: RwSignal<bool>,
    /// Stored comments that could not be read (the browser store says so).
    pub unreadable: RwSignal<usize>,
    /// Top-level comments the server has sent in this order: the next page's offset.
    served: StoredValue<usize>,
    generation: StoredValue<u32>,
    page_size: usize,
}

/// How many replies come with each comment before "more replies".
const NESTED_LIMIT: usize = 5;

/// Top-level comments rendered per frame. A page arrives at once, but rendering all of it (up to
/// six comments per top-level one) in one go blocked the host page for more than 50 ms; a few at
/// a time, each batch with its own task and layout, keeps every task short and puts the first
/// ones on screen sooner.
const NODES_PER_FRAME: usize = 3;

impl Thread {
    pub fn new(page_size: usize, sort: Sort) -> Thread {
        Thread {
            nodes: RwSignal::new(Vec::new()),
            loaded: RwSignal::new(false),
            total: RwSignal::new(0),
            remaining: RwSignal::new(0),
            sort: RwSignal::new(sort),
            rendering: RwSignal::new(false),
            unreadable: RwSignal::new(0),
            served: StoredValue::new(0),
            generation: StoredValue::new(0),
            page_size,
        }
    }

    /// Top-level comments in the server's list, as far as it has said: sent, and still to send.
    pub fn top_level(&self) -> usize {
        self.served.get_value() + self.remaining.get_untracked()
    }

    /// The first page in the current order.
    pub fn first_request(&self) -> PageRequest {
        self.request(None, 0)
    }

    /// The first page a new thread asks for (in the order it opens in), before any thread
    /// exists: what the widget requests while the article is still being shown.
    pub fn opening_request(page_size: usize, sort: Sort) -> PageRequest {
        PageRequest {
            parent: None,
            offset: 0,
            limit: page_size,
            nested_limit: NESTED_LIMIT,
            sort,
        }
    }

    /// The page after the ones the server has sent, and the generation it belongs to.
    pub fn next_request(&self) -> (PageRequest, Ticket) {
        (
            self.request(None, self.served.get_value()),
            Ticket(self.generation.get_value()),
        )
    }

    /// The next page of `node`'s replies.
    pub fn replies_request(&self, node: &UiNode) -> PageRequest {
        self.replies_after(node.id.clone(), node.served_replies.get_untracked())
    }

    /// The replies to `parent` after the first `offset` of them.
    pub fn replies_after(&self, parent: CommentId, offset: usize) -> PageRequest {
        self.request(Some(parent), offset)
    }

    fn request(&self, parent: Option<CommentId>, offset: usize) -> PageRequest {
        // A few of those already shown are asked for again: if comments before them were deleted
        // elsewhere meanwhile, the server's list is shorter and the next page starts earlier than
        // counted (`Region::joined` checks, and asks from further back).
        let again = offset.min(OVERLAP);
        PageRequest {
            // Replies come in larger pages: they are short, and each page is a request.
            limit: again
                + if parent.is_some() {
                    self.page_size.max(20)
                } else {
                    self.page_size
                },
            parent,
            offset: offset - again,
            nested_limit: NESTED_LIMIT,
            sort: self.sort.get_untracked(),
        }
    }

    /// A new order: pages asked for under the old one are void from now on, and "load more"
    /// waits for the new first page.
    pub fn change_sort(&self, sort: Sort) {
        if self.sort.get_untracked() == sort {
            return;
        }
        self.generation.update_value(|g| *g = g.wrapping_add(1));
        self.remaining.set(0);
        // A page being shown in the old order stops; the new first page sets it again.
        self.rendering.set(false);
        self.sort.set(sort);
    }

    /// A fresh first page (initial load or new sort order). Resolves once every comment of the
    /// page is on screen; `false` if a newer first page cut it short.
    pub async fn reset(&self, page: Page) -> bool {
        let generation = self.generation.get_value().wrapping_add(1);
        self.generation.set_value(generation);
        self.served.set_value(page.nodes.len());
        self.total.set(page.thread_total.unwrap_or_default());
        self.unreadable.set(page.unreadable);
        self.remaining.set(0);
        self.nodes.set(Vec::new());
        // Busy from the moment the list is emptied: an empty list that says it is not busy
        // would tell assistive technology (and any script waiting on it) the thread is empty.
        self.rendering.set(!page.nodes.is_empty());
        self.loaded.set(true);
        if !page.nodes.is_empty() {
            next_task().await;
        }
        if !self.show(page.nodes, Ticket(generation)).await {
            return false;
        }
        self.remaining.set(page.remaining);
        true
    }

    /// The page asked for with `ticket`; `false` (and nothing shown) if the order changed since.
    /// Adds a page of top-level comments, asked for from the server's position `from`.
    pub async fn append(&self, page: Page, from: usize, ticket: Ticket) -> bool {
        if ticket != Ticket(self.generation.get_value()) {
            return false;
        }
        self.served.set_value(from + page.nodes.len());
        // Hidden meanwhile: "load more" must not ask again while this page is being shown.
        self.remaining.set(0);
        if !self.show(page.nodes, ticket).await {
            return false;
        }
        self.remaining.set(page.remaining);
        if let Some(total) = page.thread_total {
            self.total.set(total);
        }
        true
    }

    async fn show(&self, nodes: Vec<Node>, ticket: Ticket) -> bool {
        let mut nodes = self.unseen(nodes).into_iter().peekable();
        let mut first = true;
        while nodes.peek().is_some() {
            if !first {
                // After a frame, not just a task: each chunk then gets a layout of its own.
                after_paint().await;
            }
            // Superseded: whatever bumped the generation (a newer first page, a new order)
            // owns `rendering` now.
            if Ticket(self.generation.get_value()) != ticket {
                return false;
            }
            if first {
                self.rendering.set(true);
                first = false;
            }
            // Checked again for each chunk: a comment may have been added meanwhile (another
            // tab, a post) and must not be shown twice.
            let chunk: Vec<UiNode> = nodes
                .by_ref()
                .take(NODES_PER_FRAME)
                .filter(|node| self.find(&node.id).is_none())
                .collect();
            self.nodes.update(|shown| shown.extend(chunk));
        }
        self.rendering.set(false);
        true
    }

    /// The nodes of a page that are not on screen yet (nor repeated within the page). A page is
    /// a hundred comments at most: a list of the ids taken costs the module less than a set.
    fn unseen(&self, nodes: Vec<Node>) -> Vec<UiNode> {
        let mut taken: Vec<CommentId> = Vec::new();
        nodes
            .into_iter()
            .filter(|node| {
                let id = &node.comment.id;
                let new = self.find(id).is_none() && !taken.contains(id);
                if new {
                    taken.push(id.clone());
                }
                new
            })
            .map(UiNode::new)
            .collect()
    }

    pub fn find(&self, id: &CommentId) -> Option<UiNode> {
        fn search(nodes: &[UiNode], id: &CommentId) -> Option<UiNode> {
            nodes.iter().find_map(|node| {
                if node.id == *id {
                    Some(node.clone())
                } else {
                    node.replies.with_untracked(|replies| search(replies, id))
                }
            })
        }
        self.nodes.with_untracked(|nodes| search(nodes, id))
    }

    /// Puts a comment the server did not send in a page (one just posted, or one another tab
    /// stored) where it belongs; `false` if it is already shown.
    pub fn insert(&self, comment: Comment) -> bool {
        if self.find(&comment.id).is_some() {
            return false;
        }
        let published = comment.state == CommentState::Published;
        let parent = comment.parent.clone();
        let node = UiNode::leaf(comment);
        match parent.map(|parent| self.find(&parent)) {
            Some(Some(parent)) => parent.replies.update(|replies| replies.push(node)),
            // A reply whose comment is not on screen (the order changed meanwhile): it comes with
            // that comment's page; shown here it would be out of place, and shown twice later.
            Some(None) => return false,
            None if self.sort.get_untracked() == Sort::Newest => {
                // The server lists it first too: the next page starts one later.
                if published {
                    self.served.update_value(|n| *n += 1);
                }
                self.nodes.update(|nodes| nodes.insert(0, node));
            }
            None => self.nodes.update(|nodes| nodes.push(node)),
        }
        // The count is the public thread's, as the server gives it (and as the structured
        // data's `commentCount` says it): a comment held for moderation shows to its author
        // without joining it.
        if published {
            self.total.update(|total| *total += 1);
        }
        true
    }

    /// A comment was deleted for good: it leaves the count, and if the server had sent it in a
    /// top-level page, the server's list (and so the next page's offset) is one shorter.
    pub fn forget(&self, node: &UiNode) {
        if node.comment.with_untracked(|c| c.state == CommentState::Published) {
            self.total.update(|n| *n = n.saturating_sub(1));
        }
        let top_level = self.nodes.with_untracked(|nodes| nodes.iter().any(|n| n.id == node.id));
        if top_level {
            self.served.update_value(|n| *n = n.saturating_sub(1));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The loader asks for a named thread's first page while the module downloads, as the module
    /// would (embed/maqal.js); the module takes its answer only if the address is the same.
    #[test]
    fn the_loader_asks_for_the_first_page_the_module_asks_for() {
        let loader = include_str!("../../embed/maqal.js");
        let first = format!(
            "const FIRST = {{ sort: '{}', nested: {NESTED_LIMIT}, pageSize: {} }};",
            Sort::default().as_str(),
            crate::app::config::DEFAULT_PAGE_SIZE
        );
        assert!(loader.contains(&first), "embed/maqal.js should say {first}");
    }
}
