//! Comments, threads, sorting and paging: pure, so every rule is a native test. Backends convert
//! their wire formats into these types at the boundary; the UI only ever sees these.

use std::cmp::Ordering;
use std::fmt;
use std::ops::Deref;

use crate::web::text::{letters_and_digits, lower};

/// A comment's id: opaque, backend-assigned, and checked once, where it enters (`parse`): only
/// `[A-Za-z0-9_-]`, at most 64 bytes, so it is safe in element ids, URL fragments and selectors.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct CommentId(String);

impl CommentId {
    pub fn parse(raw: &str) -> Option<CommentId> {
        let ok = !raw.is_empty()
            && raw.len() <= 64
            && raw.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        ok.then(|| CommentId(raw.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The comment's element id, which its permalink fragment names.
    pub fn dom_id(&self) -> String {
        format!("comment-{}", self.0)
    }

    /// The element id of the comment's reply button (focus returns there on cancel).
    pub fn reply_button_id(&self) -> String {
        format!("reply-{}", self.0)
    }

    /// The element id of the comment's edit box: one per comment, so two open boxes never share one.
    pub fn edit_box_id(&self) -> String {
        format!("maqal-edit-{}", self.0)
    }

    /// `#comment-ID`, WordPress's permalink fragment.
    pub fn fragment(&self) -> String {
        format!("#{}", self.dom_id())
    }

    /// The id in a permalink fragment (`#comment-42`), if it is one.
    pub fn from_fragment(fragment: &str) -> Option<CommentId> {
        CommentId::parse(fragment.trim_start_matches('#').strip_prefix("comment-")?)
    }
}

impl Deref for CommentId {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CommentId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<CommentId> for String {
    fn from(id: CommentId) -> String {
        id.0
    }
}

impl PartialEq<str> for CommentId {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

/// Replies are indented up to this many levels (0 = top level); deeper replies render at the last
/// level with an "in reply to" note, so a long back-and-forth never squeezes the text column.
pub const MAX_VISUAL_DEPTH: usize = 3;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentState {
    Published,
    /// Held for moderation: shown only to its author, with a notice.
    Pending,
    /// Deleted, but kept because it has replies: shown as "deleted" with its replies.
    Deleted,
}

/// A comment's text as the backend delivers it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Body {
    /// Plain text, line breaks meaningful; bare URLs are linked when shown.
    Text(String),
    /// HTML from a server (Isso renders Markdown): shown only through `sanitize`.
    Html(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Vote {
    Like,
    Dislike,
}

impl Vote {
    pub fn as_str(self) -> &'static str {
        match self {
            Vote::Like => "like",
            Vote::Dislike => "dislike",
        }
    }

    pub fn parse(value: &str) -> Option<Vote> {
        match value {
            "like" => Some(Vote::Like),
            "dislike" => Some(Vote::Dislike),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Comment {
    pub id: CommentId,
    pub parent: Option<CommentId>,
    /// `None` when the author left no name; the view says "Anonymous" in the reader's language.
    pub author: Option<String>,
    /// Only http(s), checked at the boundary.
    pub website: Option<String>,
    /// An avatar image the server sends (http(s)), only where the publisher opted in; otherwise
    /// the view draws initials and nothing is requested from a third party.
    pub avatar: Option<String>,
    pub body: Body,
    /// Milliseconds since the epoch, when known.
    pub created: Option<f64>,
    pub state: CommentState,
    pub likes: i64,
    pub dislikes: i64,
    /// Until when (ms since the epoch) this browser may edit or delete the comment, if it may.
    pub editable_until: Option<f64>,
    /// How this browser voted on it.
    pub my_vote: Option<Vote>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Oldest,
    Newest,
    /// Most liked first (likes minus dislikes), where the backend counts votes.
    Upvotes,
}

impl Sort {
    pub fn as_str(self) -> &'static str {
        match self {
            Sort::Oldest => "oldest",
            Sort::Newest => "newest",
            Sort::Upvotes => "upvotes",
        }
    }

    pub fn parse(value: &str) -> Option<Sort> {
        match value.trim() {
            "oldest" => Some(Sort::Oldest),
            "newest" => Some(Sort::Newest),
            "upvotes" => Some(Sort::Upvotes),
            _ => None,
        }
    }
}

/// One page of one level of a thread: top-level comments (`parent: None`) or the replies to one
/// comment. Replies always read oldest first, as a conversation does; `sort` orders the top level.
#[derive(Clone, Debug, PartialEq)]
pub struct PageRequest {
    pub parent: Option<CommentId>,
    pub offset: usize,
    pub limit: usize,
    /// How many replies to include under each returned comment (at every level).
    pub nested_limit: usize,
    pub sort: Sort,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub comment: Comment,
    pub replies: Vec<Node>,
    /// Replies that exist but were not included (fetch them with `parent` = this comment).
    pub hidden_replies: usize,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Page {
    pub nodes: Vec<Node>,
    /// Comments at this level not yet loaded after this page.
    pub remaining: usize,
    /// Every comment in the thread, all levels: the count heading (top-level pages only; `None`
    /// when the store did not ask again, as for a page after the first).
    pub thread_total: Option<usize>,
    /// What the server demands of new comments, when it says so.
    pub rules: Option<Rules>,
    /// Stored comments that could not be read and were left out (the browser store only).
    pub unreadable: usize,
}

/// What the comment server demands (Isso's `/config` fills this in; the browser store uses the
/// WordPress defaults).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rules {
    pub require_name: bool,
    pub require_email: bool,
    pub website_field: bool,
    /// Whether authors may reply to their own comments.
    pub reply_to_self: bool,
    /// How many levels the server keeps (Isso: 2, a reply to a reply joins its thread);
    /// `None` for unlimited.
    pub nesting: Option<usize>,
}

impl Default for Rules {
    fn default() -> Self {
        Rules {
            require_name: true,
            require_email: true,
            website_field: true,
            reply_to_self: true,
            nesting: None,
        }
    }
}

/// Builds a page from a flat list of comments. Replies whose parent is unknown are treated as
/// top-level rather than lost. No hashing (a hash map's code costs every first screen that has
/// this store more than the lists do): the comments sorted once by id (whether a parent is
/// known) and once oldest first (each level's order); a level is then one pass.
pub fn page_of(all: &[Comment], request: &PageRequest) -> Page {
    // Plain `fn`s, not closures: every distinct comparator type is another copy of the standard
    // sort in the wasm (a few KB each); all three orders share one.
    type Order = fn(&&Comment, &&Comment) -> Ordering;
    let oldest_first: Order = |a, b| {
        a.created
            .unwrap_or(0.0)
            .total_cmp(&b.created.unwrap_or(0.0))
            .then_with(|| a.id.cmp(&b.id))
    };
    // Stable: equal scores keep oldest-first order.
    let most_votes: Order = |a, b| (b.likes - b.dislikes).cmp(&(a.likes - a.dislikes));
    let by_id_order: Order = |a, b| a.id.cmp(&b.id);
    let mut by_id: Vec<&Comment> = all.iter().collect();
    by_id.sort_by(by_id_order);
    let mut sorted = by_id.clone();
    sorted.sort_by(oldest_first);

    let known = |parent: &str| by_id.binary_search_by(|c| c.id.as_str().cmp(parent)).is_ok();
    // Each comment with the parent it is shown under (`None`: the top level, with the replies
    // whose parent is unknown), oldest first.
    let placed: Vec<(Option<&str>, &Comment)> = sorted
        .iter()
        .map(|c| (c.parent.as_deref().filter(|p| known(p)), *c))
        .collect();
    let children = |parent: Option<&str>| -> Vec<&Comment> {
        placed.iter().filter(|(p, _)| *p == parent).map(|(_, c)| *c).collect()
    };

    let mut level = children(request.parent.as_deref());
    if request.parent.is_none() {
        match request.sort {
            Sort::Oldest => {}
            Sort::Newest => level.reverse(),
            Sort::Upvotes => level.sort_by(most_votes),
        }
    }

    fn nest<'a>(
        comment: &Comment,
        children: &dyn Fn(Option<&str>) -> Vec<&'a Comment>,
        limit: usize,
        depth: usize,
    ) -> Node {
        let replies = children(Some(comment.id.as_str()));
        // A thread cannot nest deeper than the number of comments; the cap only guards recursion.
        let limit = if depth > 64 { 0 } else { limit };
        Node {
            comment: comment.clone(),
            replies: replies
                .iter()
                .take(limit)
                .map(|r| nest(r, children, limit, depth + 1))
                .collect(),
            hidden_replies: replies.len().saturating_sub(limit),
        }
    }

    let total = level.len();
    let nodes: Vec<Node> = level
        .into_iter()
        .skip(request.offset)
        .take(request.limit)
        .map(|c| nest(c, &children, request.nested_limit, 0))
        .collect();
    Page {
        remaining: total.saturating_sub(request.offset + nodes.len()),
        nodes,
        thread_total: Some(all.len()),
        rules: None,
        unreadable: 0,
    }
}

/// The chain from a top-level comment down to `id` (both included), if `id` is in `all`. Bounded
/// by the list's length, so a corrupt parent cycle ends instead of looping.
pub fn ancestry(all: &[Comment], id: &CommentId) -> Option<Vec<CommentId>> {
    let find = |id: &CommentId| all.iter().find(|c| c.id == *id);
    let mut current = find(id)?;
    let mut chain = vec![current.id.clone()];
    while let Some(parent) = current.parent.as_ref().and_then(find) {
        if chain.len() > all.len() || chain.contains(&parent.id) {
            break;
        }
        chain.push(parent.id.clone());
        current = parent;
    }
    chain.reverse();
    Some(chain)
}

/// FNV-1a, 32 bits: a stable, well-spread number for a short text (colours, id prefixes).
pub fn fnv1a(text: &str) -> u32 {
    text.bytes()
        .fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193))
}

/// What a comment's text is made of, for telling whether a stored comment is one we sent:
/// letters and digits only, lower-cased. Spacing, punctuation and quote styles differ between
/// what was typed and what a server shows (WordPress curls quotes); the words do not. A
/// server's HTML is turned into text first (`wordpress::plain_text`), so tags and character
/// references never count as words.
pub fn text_fingerprint(text: &str) -> String {
    lower(&letters_and_digits(text))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cid(id: &str) -> CommentId {
        CommentId::parse(id).expect("test ids are safe")
    }

    fn c(id: &str, parent: Option<&str>, created: f64) -> Comment {
        Comment {
            id: cid(id),
            parent: parent.map(cid),
            author: Some(format!("author {id}")),
            website: None,
            avatar: None,
            body: Body::Text(format!("text {id}")),
            created: Some(created),
            state: CommentState::Published,
            likes: 0,
            dislikes: 0,
            editable_until: None,
            my_vote: None,
        }
    }

    fn req(parent: Option<&str>, offset: usize, limit: usize, nested: usize, sort: Sort) -> PageRequest {
        PageRequest {
            parent: parent.map(cid),
            offset,
            limit,
            nested_limit: nested,
            sort,
        }
    }

    fn ids(nodes: &[Node]) -> Vec<&str> {
        nodes.iter().map(|n| n.comment.id.as_str()).collect()
    }

    fn thread() -> Vec<Comment> {
        vec![
            c("b", None, 20.0),
            c("a", None, 10.0),
            c("c", None, 30.0),
            c("a2", Some("a"), 40.0),
            c("a1", Some("a"), 35.0),
            c("a1x", Some("a1"), 50.0),
            c("a3", Some("a"), 60.0),
            c("orphan", Some("gone"), 5.0),
        ]
    }

    #[test]
    fn threads_and_sorts() {
        let page = page_of(&thread(), &req(None, 0, 10, 10, Sort::Oldest));
        assert_eq!(ids(&page.nodes), ["orphan", "a", "b", "c"]);
        assert_eq!(
            ids(&page.nodes[1].replies),
            ["a1", "a2", "a3"],
            "replies read oldest first"
        );
        assert_eq!(ids(&page.nodes[1].replies[0].replies), ["a1x"]);
        assert_eq!((page.remaining, page.thread_total), (0, Some(8)));

        let newest = page_of(&thread(), &req(None, 0, 10, 10, Sort::Newest));
        assert_eq!(ids(&newest.nodes), ["c", "b", "a", "orphan"]);
        assert_eq!(
            ids(&newest.nodes[2].replies),
            ["a1", "a2", "a3"],
            "even when the top level is newest first"
        );
    }

    #[test]
    fn pages_the_top_level_and_the_replies() {
        let first = page_of(&thread(), &req(None, 0, 2, 1, Sort::Oldest));
        assert_eq!(ids(&first.nodes), ["orphan", "a"]);
        assert_eq!(first.remaining, 2);
        assert_eq!(ids(&first.nodes[1].replies), ["a1"]);
        assert_eq!(first.nodes[1].hidden_replies, 2);
        let second = page_of(&thread(), &req(None, 2, 2, 1, Sort::Oldest));
        assert_eq!((ids(&second.nodes), second.remaining), (vec!["b", "c"], 0));
        let replies = page_of(&thread(), &req(Some("a"), 1, 5, 0, Sort::Newest));
        assert_eq!(ids(&replies.nodes), ["a2", "a3"]);
        assert_eq!(replies.nodes[0].hidden_replies, 0);
        let past_end = page_of(&thread(), &req(None, 10, 5, 0, Sort::Oldest));
        assert_eq!((past_end.nodes.len(), past_end.remaining), (0, 0));
    }

    #[test]
    fn a_five_thousand_comment_thread_pages_correctly() {
        // 30% replies, each to an earlier top-level comment.
        let all: Vec<Comment> = (0..5000)
            .map(|i| {
                let parent = (i % 10 >= 7).then(|| format!("c{}", (i / 10) * 10));
                c(&format!("c{i}"), parent.as_deref(), f64::from(i))
            })
            .collect();
        let page = page_of(&all, &req(None, 0, 10, 5, Sort::Oldest));
        assert_eq!(ids(&page.nodes)[..3], ["c0", "c1", "c2"]);
        assert_eq!((page.remaining, page.thread_total), (3490, Some(5000)));
        assert_eq!(ids(&page.nodes[0].replies), ["c7", "c8", "c9"]);
        let last = page_of(&all, &req(None, 3495, 10, 5, Sort::Oldest));
        assert_eq!((last.nodes.len(), last.remaining), (5, 0));
    }

    #[test]
    fn cycles_and_ties_do_not_hang_or_reorder() {
        let mut all = vec![
            c("x", Some("y"), 1.0),
            c("y", Some("x"), 1.0),
            c("self", Some("self"), 1.0),
        ];
        all.push(c("t2", None, 7.0));
        all.push(c("t1", None, 7.0));
        let page = page_of(&all, &req(None, 0, 10, 10, Sort::Oldest));
        assert_eq!(
            ids(&page.nodes),
            ["t1", "t2"],
            "unreachable cycles are not shown; ties by id"
        );
    }

    #[test]
    fn ids_and_fragments() {
        assert_eq!(CommentId::parse("abc-12_Z").map(String::from), Some("abc-12_Z".into()));
        for bad in ["", "a b", "a\"]", "x<y", &"1".repeat(65)] {
            assert_eq!(CommentId::parse(bad), None, "{bad}");
        }
        let id = CommentId::parse("42").expect("safe");
        assert_eq!(CommentId::from_fragment("#comment-42"), Some(id.clone()));
        assert_eq!(CommentId::from_fragment("#comment-"), None);
        assert_eq!(CommentId::from_fragment("#top"), None);
        assert_eq!(id.fragment(), "#comment-42");
        assert_eq!(
            (id.dom_id(), id.reply_button_id(), id.edit_box_id()),
            ("comment-42".into(), "reply-42".into(), "maqal-edit-42".into())
        );
        assert_eq!(String::from(id.clone()), "42");
        assert_eq!(
            (
                Vote::parse("like"),
                Vote::parse(Vote::Dislike.as_str()),
                Vote::parse("meh")
            ),
            (Some(Vote::Like), Some(Vote::Dislike), None)
        );
        assert_eq!((Sort::parse("newest"), Sort::parse("x")), (Some(Sort::Newest), None));
        assert_eq!(Sort::parse(Sort::Upvotes.as_str()), Some(Sort::Upvotes));
    }

    #[test]
    fn upvotes_orders_by_score_then_age() {
        let mut all = thread();
        for c in all.iter_mut() {
            match c.id.as_str() {
                "c" => c.likes = 3,
                "b" => (c.likes, c.dislikes) = (5, 4),
                _ => {}
            }
        }
        let page = page_of(&all, &req(None, 0, 10, 0, Sort::Upvotes));
        assert_eq!(ids(&page.nodes), ["c", "b", "orphan", "a"]);
    }

    #[test]
    fn ancestry_walks_up_to_the_top_and_survives_cycles() {
        let all = thread();
        let chain = |id: &str| ancestry(&all, &cid(id)).map(|c| c.iter().map(|i| i.to_string()).collect::<Vec<_>>());
        assert_eq!(chain("a1x"), Some(vec!["a".into(), "a1".into(), "a1x".into()]));
        assert_eq!(chain("b"), Some(vec!["b".into()]));
        assert_eq!(chain("nope"), None);
        let cycle = vec![c("x", Some("y"), 1.0), c("y", Some("x"), 1.0)];
        assert_eq!(ancestry(&cycle, &cid("x")).map(|c| c.len()), Some(2));
    }

    #[test]
    fn fingerprints_match_what_was_typed_with_what_a_server_shows() {
        let shown =
            crate::web::text::plain_text("<p>don&#8217;t &#038; &lt;3 &#8220;Hello&#8221;,\n<em>world</em></p>\n");
        assert_eq!(
            text_fingerprint("don't & <3 \"Hello\", world"),
            text_fingerprint(&shown)
        );
        assert_eq!(
            text_fingerprint("Hello, *world*!\n\nسطر"),
            text_fingerprint("hello world سطر")
        );
        assert_ne!(text_fingerprint("one"), text_fingerprint("two"));
        assert_eq!(text_fingerprint(&"x> <".repeat(50_000)).len(), 50_000, "linear");
    }
}
