//! Permalinks: `#comment-ID` opens, scrolls to, highlights and focuses that comment, loading
//! what hides it (the pages before it, the replies above it), in a bounded number of requests.
//! A widget whose thread does not hold the comment changes nothing on screen.

use leptos::prelude::*;

use super::model::{CommentId, Node, Page};
use super::region::Region;
use super::store::Located;
use super::thread::Ticket;
use crate::web::split::split;

/// How many requests opening a permalink may make before giving up.
const MAX_REQUESTS_TO_FIND: usize = 20;

impl Region {
    /// Opens `#comment-ID` from the address bar, if that comment is in this thread.
    pub fn reveal_linked(self) {
        let hash = window().location().hash().unwrap_or_default();
        if let Some(id) = CommentId::from_fragment(&hash) {
            self.reveal(id);
        }
    }

    /// Shows, highlights and focuses a comment of this thread, loading what hides it: the pages
    /// before it and the replies above it. Bounded in requests; nothing happens if the comment is
    /// not in this thread (another widget's). One on screen is shown at once; looking for one
    /// that is not comes with the reader's part of the widget (the same file, which a link to a
    /// comment asks for now rather than after the first comments).
    pub fn reveal(self, id: CommentId) {
        if self.thread.find(&id).is_some() {
            self.focus.reveal(id);
            return;
        }
        self.spawn(async move {
            if let Ok(seek) = seeker().await {
                seek(self, id);
            }
        });
    }
}

split!(
    compose,
    /// What looks for a comment that is not on screen.
    fn seeker() -> fn(Region, CommentId) {
        seek
    }
);

fn seek(region: Region, id: CommentId) {
    region.seek(id);
}

impl Region {
    fn seek(self, id: CommentId) {
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
        let mut aside: Vec<(Page, usize)> = Vec::new();
        while more && *budget > 0 {
            *budget -= 1;
            let Ok(page) = backend.page(request.clone()).await else {
                return false;
            };
            let from = request.offset;
            request.offset += page.nodes.len();
            more = page.remaining > 0 && !page.nodes.is_empty();
            let found = holds(&page.nodes, id);
            aside.push((page, from));
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
            .flat_map(|(page, _)| &page.nodes)
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
                let request = self.thread.replies_after(parent.clone(), offset);
                let from = request.offset;
                let Ok(page) = backend.page(request).await else {
                    return false;
                };
                offset = from + page.nodes.len();
                let (found, done) = (holds(&page.nodes, id), page.remaining == 0 || page.nodes.is_empty());
                replies.push((page, from));
                if found {
                    if self.thread.find(&parent).is_none() && !self.show_aside(std::mem::take(&mut aside), ticket).await
                    {
                        return false;
                    }
                    let Some(node) = self.thread.find(&parent) else {
                        return false;
                    };
                    for (page, from) in replies {
                        node.add_replies(page, from, &self.thread);
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
    async fn show_aside(self, pages: Vec<(Page, usize)>, ticket: Ticket) -> bool {
        for (page, from) in pages {
            if !self.thread.append(page, from, ticket).await {
                return false;
            }
        }
        true
    }
}

/// Whether `id` is among `nodes` or their replies.
fn holds(nodes: &[Node], id: &CommentId) -> bool {
    nodes
        .iter()
        .any(|node| node.comment.id == *id || holds(&node.replies, id))
}
