//! WordPress comments (REST API v2, `wp/v2/comments`). Wire types stay in this file.
//!
//! WordPress keeps a flat list with `parent`; a page here is a page of top-level comments
//! (`parent=0`, `offset`, `per_page`, `order`), then their replies one level per request
//! (`parent=1,2,3`), as deep as the site threads them. Anonymous readers see approved comments
//! only; posting needs the site's `rest_allow_anonymous_comments` (the plugin in `wordpress/`).

use web_sys::AbortSignal;

use super::api::{Answer, PostRef, Rendered, WireError, WpApi, get};
use crate::comments::model::{
    Body, Comment, CommentId, CommentState, Node, Page, PageRequest, Rules, Sort, text_fingerprint,
};
use crate::comments::store::{Backend, Located, News, Posted, Refusal, Reply, Since, Store, StoreError};
use crate::comments::validate::NewComment;
use crate::web::http::{self, HttpError};
use crate::web::json::{self, Loose, loose, loose_or_default};
use crate::web::text::{cap_chars, plain_text};
use crate::web::url::is_absolute_http;
use serde::{Deserialize, Serialize};

/// One page of comments with their HTML.
const MAX_RESPONSE_BYTES: usize = 8 * 1024 * 1024;
/// WordPress's own `per_page` ceiling.
const MAX_PER_PAGE: usize = 100;
/// WordPress's default `thread_comments_depth`.
pub const DEFAULT_DEPTH: usize = 5;
/// How many levels of replies are read, whatever the site's setting now: a site that threaded
/// deeper before still has those comments (they show at the last indented level).
const MAX_LEVELS: usize = 10;
/// WordPress's comment length limit (`comment_content`, 65 525 bytes), with room for markup.
const MAX_HTML: usize = 4 * 65_525;

/// A comment as `wp/v2/comments` sends it. It needs its id (see `to_comment`); everything else
/// has a harmless default.
#[derive(Default, Deserialize)]
struct WireComment {
    #[serde(default, deserialize_with = "loose")]
    id: Option<u64>,
    #[serde(default, deserialize_with = "loose_or_default")]
    parent: u64,
    #[serde(default, deserialize_with = "loose_or_default")]
    author_name: String,
    #[serde(default, deserialize_with = "loose_or_default")]
    author_url: String,
    #[serde(default, deserialize_with = "loose_or_default")]
    date_gmt: String,
    /// `content.rendered`: HTML.
    #[serde(default, deserialize_with = "loose")]
    content: Option<Rendered>,
    #[serde(default, deserialize_with = "loose_or_default")]
    status: String,
    #[serde(default, deserialize_with = "loose")]
    author_avatar_urls: Option<Avatars>,
}

/// `author_avatar_urls`: the 48-pixel one.
#[derive(Default, Deserialize)]
struct Avatars {
    #[serde(default, rename = "48", deserialize_with = "loose")]
    small: Option<String>,
}

/// Where a comment is (`_fields=post,parent`).
#[derive(Default, Deserialize)]
struct WirePlace {
    #[serde(default, deserialize_with = "loose")]
    post: Option<u64>,
    #[serde(default, deserialize_with = "loose_or_default")]
    parent: u64,
}

/// Just an id (`_fields=id`).
#[derive(Default, Deserialize)]
struct WireId {
    #[serde(default, deserialize_with = "loose")]
    id: Option<u64>,
}
crate::lenient_record!(WireComment, Avatars, WireId, WirePlace);

/// A new comment, as `POST wp/v2/comments` takes it.
#[derive(Serialize)]
struct WireNew<'a> {
    post: u64,
    parent: u64,
    author_name: &'a str,
    author_email: &'a str,
    author_url: &'a str,
    content: &'a str,
}

/// `2016-02-24T07:30:00` (WordPress's `date_gmt`, UTC without a zone) in ms since the epoch.
pub fn utc_ms(date: &str) -> Option<f64> {
    let b = date.trim().as_bytes();
    let num = |from: usize, len: usize| -> Option<i64> {
        let digits = b.get(from..from + len)?;
        digits
            .iter()
            .try_fold(0_i64, |n, d| d.is_ascii_digit().then(|| n * 10 + i64::from(d - b'0')))
    };
    let (y, m, d) = (num(0, 4)?, num(5, 2)?, num(8, 2)?);
    let (h, min, s) = (num(11, 2)?, num(14, 2)?, num(17, 2)?);
    if b.get(4) != Some(&b'-') || b.get(10) != Some(&b'T') || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    // Days from the civil date (Howard Hinnant's algorithm).
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(((days * 86_400 + h * 3600 + min * 60 + s) * 1000) as f64)
}

#[derive(Clone, Debug)]
pub struct WordPressStore {
    api: WpApi,
    post: u64,
    depth: usize,
    require_name_email: bool,
    remote_avatars: bool,
    /// Aborts this widget's reads when it goes away (never a post).
    abort: Option<AbortSignal>,
}

impl WordPressStore {
    pub fn new(api: WpApi, post: u64, depth: Option<usize>, remote_avatars: bool) -> WordPressStore {
        WordPressStore {
            api,
            post,
            depth: depth.unwrap_or(DEFAULT_DEPTH),
            require_name_email: true,
            remote_avatars,
            abort: None,
        }
    }

    /// The site's `require_name_email` setting (WordPress's default: required).
    pub fn requiring_name_and_email(mut self, required: bool) -> WordPressStore {
        self.require_name_email = required;
        self
    }

    async fn call(&self, method: &str, url: &str, body: Option<String>) -> Result<http::Reply, StoreError> {
        let reply = http::exchange(http::Request {
            method,
            url,
            json_body: body,
            with_credentials: false,
            max_bytes: MAX_RESPONSE_BYTES,
            abort: if method == "GET" { self.abort.as_ref() } else { None },
        })
        .await
        .map_err(|e| match e {
            HttpError::Network(detail) => StoreError::Unavailable(detail),
            HttpError::Timeout => StoreError::Timeout,
            HttpError::TooLarge | HttpError::NotUtf8 => StoreError::BadResponse("unreadable response".into()),
        })?;
        if reply.ok() {
            return Ok(reply);
        }
        let code = WireError::code_of(&reply.body);
        Err(refusal(reply.status, &code, &reply.body))
    }

    /// A list of comments and the total the server reports for the same query.
    async fn list(&self, query: Vec<(&str, String)>) -> Result<(Vec<WireComment>, usize), StoreError> {
        let mut query = query;
        query.push(("post", self.post.to_string()));
        let reply = self.call("GET", &self.api.url("wp/v2/comments", &query), None).await?;
        let total = header_count(&reply, "x-wp-total");
        let list: Vec<Loose<WireComment>> =
            json::parse(&reply.body).map_err(|e| StoreError::BadResponse(e.to_string()))?;
        let comments: Vec<WireComment> = list
            .into_iter()
            .filter_map(|c| c.0)
            .filter(|c| c.id.is_some())
            .collect();
        let total = total.unwrap_or(comments.len());
        Ok((comments, total))
    }

    fn order(sort: Sort) -> &'static str {
        if sort == Sort::Newest { "desc" } else { "asc" }
    }

    fn to_comment(&self, wire: WireComment) -> Option<Comment> {
        let website = Some(wire.author_url).filter(|u| is_absolute_http(u));
        let avatar = self
            .remote_avatars
            .then_some(wire.author_avatar_urls)
            .flatten()
            .and_then(|a| a.small)
            .filter(|u| u.starts_with("https://") || u.starts_with("http://"));
        Some(Comment {
            id: CommentId::parse(&wire.id?.to_string())?,
            parent: (wire.parent > 0)
                .then(|| CommentId::parse(&wire.parent.to_string()))
                .flatten(),
            author: Some(plain_text(&wire.author_name)).filter(|a| !a.is_empty()),
            website,
            avatar,
            body: Body::Html(cap_chars(
                wire.content.and_then(|c| c.rendered).unwrap_or_default(),
                MAX_HTML,
            )),
            created: utc_ms(&wire.date_gmt),
            // Anything but approved (held, or flagged as spam by Akismet or a blocklist) is seen
            // by nobody else: awaiting moderation, as WordPress tells its author.
            state: if wire.status == "approved" || wire.status.is_empty() {
                CommentState::Published
            } else {
                CommentState::Pending
            },
            likes: 0,
            dislikes: 0,
            editable_until: None,
            my_vote: None,
        })
    }

    /// `nodes`' replies, one level at a time, down to the site's depth; each node keeps
    /// `nested_limit` of its replies (the oldest) and counts the rest as hidden. A level is one
    /// request for every parent's replies at once; only when a page's comments have more than a
    /// hundred replies between them (WordPress's most per request) is each parent asked on its
    /// own, for just the replies it shows and how many it has. Never the whole thread.
    async fn nest(&self, nodes: &mut [Node], nested_limit: usize, levels: usize) -> Result<(), StoreError> {
        if levels == 0 || nested_limit == 0 || nodes.is_empty() {
            return Ok(());
        }
        let replies_of = |parents: String, per_page: usize| {
            self.list(vec![
                ("parent", parents),
                ("per_page", per_page.to_string()),
                ("order", "asc".into()),
                ("orderby", "date_gmt".into()),
            ])
        };
        let parents = nodes
            .iter()
            .map(|n| n.comment.id.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let (replies, total) = replies_of(parents, MAX_PER_PAGE).await?;
        if replies.len() >= total {
            // All of this level's replies (a hundred at most), in order: each node takes its own.
            let replies: Vec<Comment> = replies.into_iter().filter_map(|r| self.to_comment(r)).collect();
            for node in nodes.iter_mut() {
                let mut children: Vec<Node> = replies
                    .iter()
                    .filter(|r| r.parent.as_ref() == Some(&node.comment.id))
                    .cloned()
                    .map(leaf)
                    .collect();
                node.hidden_replies = children.len().saturating_sub(nested_limit);
                children.truncate(nested_limit);
                node.replies = children;
            }
        } else {
            let asked = nodes.iter().map(|n| replies_of(n.comment.id.to_string(), nested_limit));
            let answers = futures::future::join_all(asked).await;
            for (node, answer) in nodes.iter_mut().zip(answers) {
                let (children, total) = answer?;
                node.replies = children
                    .into_iter()
                    .filter_map(|r| self.to_comment(r))
                    .map(leaf)
                    .collect();
                node.hidden_replies = total.saturating_sub(node.replies.len());
            }
        }
        // The next level: every reply shown, nested the same way, then put back in place.
        let counts: Vec<usize> = nodes.iter().map(|n| n.replies.len()).collect();
        let mut level: Vec<Node> = nodes.iter_mut().flat_map(|n| std::mem::take(&mut n.replies)).collect();
        Box::pin(self.nest(&mut level, nested_limit, levels - 1)).await?;
        let mut level = level.into_iter();
        for (node, count) in nodes.iter_mut().zip(counts) {
            node.replies = level.by_ref().take(count).collect();
        }
        Ok(())
    }

    async fn read_page(&self, request: PageRequest) -> Result<Page, StoreError> {
        let limit = request.limit.clamp(1, MAX_PER_PAGE);
        let parent = request
            .parent
            .as_ref()
            .map_or_else(|| "0".to_owned(), ToString::to_string);
        let level = self.list(vec![
            ("parent", parent),
            ("per_page", limit.to_string()),
            ("offset", request.offset.to_string()),
            (
                "order",
                Self::order(if request.parent.is_some() {
                    Sort::Oldest
                } else {
                    request.sort
                })
                .into(),
            ),
            ("orderby", "date_gmt".into()),
        ]);
        // The heading counts every comment of the post, at every level: asked with a thread's
        // first page, not again with the pages after it.
        let everything = self.list(vec![("per_page", "1".into()), ("_fields", "id".into())]);
        let ((wire, level_total), thread_total) = if request.parent.is_none() && request.offset == 0 {
            let (level, everything) = futures::future::join(level, everything).await;
            (level?, Some(everything?.1))
        } else {
            (level.await?, None)
        };
        let mut nodes: Vec<Node> = wire.into_iter().filter_map(|c| self.to_comment(c)).map(leaf).collect();
        self.nest(&mut nodes, request.nested_limit, MAX_LEVELS - 1).await?;
        Ok(Page {
            remaining: level_total.saturating_sub(request.offset + nodes.len()),
            nodes,
            thread_total,
            rules: None,
            unreadable: 0,
        })
    }

    /// The comments posted after `after` (seconds), at every level, oldest first: one request,
    /// the same address for every reader asking with the same `after` (a cache in front of
    /// WordPress answers them all). A hundred at most: more within one window would be a flood,
    /// and the rest come with the thread's pages.
    async fn news_since(self, after: f64) -> Result<News, StoreError> {
        // WordPress takes an ISO 8601 time with its zone and compares it with each comment's
        // time in the site's own zone.
        // Whole seconds (`after` is), without the milliseconds JavaScript writes.
        let at = crate::web::intl::iso(after.floor() * 1000.0)
            .and_then(|iso| iso.get(..19).map(|s| format!("{s}Z")))
            .ok_or_else(|| StoreError::BadResponse("time".into()))?;
        let (wire, _) = self
            .list(vec![
                ("after", at),
                ("per_page", MAX_PER_PAGE.to_string()),
                ("order", "asc".into()),
                ("orderby", "date_gmt".into()),
            ])
            .await?;
        Ok(News {
            comments: wire.into_iter().filter_map(|c| self.to_comment(c)).collect(),
            replies: None,
        })
    }

    /// The chain from a top-level comment down to `id`, if `id` is a comment of this post: one
    /// small request per level, at most the site's depth.
    async fn find_path(&self, id: &CommentId) -> Result<Located, StoreError> {
        let mut chain = vec![id.clone()];
        let mut current = id.clone();
        for _ in 0..=self.depth {
            let url = self.api.url(
                &format!("wp/v2/comments/{current}"),
                &[("_fields", "post,parent".into())],
            );
            let found: WirePlace = match self.call("GET", &url, None).await {
                Ok(reply) => json::parse(&reply.body).map_err(|e| StoreError::BadResponse(e.to_string()))?,
                Err(StoreError::NotFound | StoreError::Forbidden) => return Ok(Located::Absent),
                Err(e) => return Err(e),
            };
            if found.post != Some(self.post) {
                return Ok(Located::Absent);
            }
            let parent = found.parent;
            let Some(parent) = (parent > 0).then(|| CommentId::parse(&parent.to_string())).flatten() else {
                chain.reverse();
                return Ok(Located::Path(chain));
            };
            chain.push(parent.clone());
            current = parent;
        }
        Ok(Located::Absent)
    }

    /// After a post without an answer: the newest comments where it would be, by this author,
    /// sent at or after `since` (ms), with the same words. A held comment is not listed to
    /// readers, so "not found" may still mean "awaiting moderation".
    async fn find(&self, sent: &NewComment, since: f64) -> Result<Option<Posted>, StoreError> {
        let parent = sent.parent.as_ref().map_or_else(|| "0".to_owned(), ToString::to_string);
        let (wire, _) = self
            .list(vec![
                ("parent", parent),
                ("per_page", "20".into()),
                ("order", "desc".into()),
                ("orderby", "date_gmt".into()),
            ])
            .await?;
        let fingerprint = text_fingerprint(&sent.text);
        Ok(wire
            .into_iter()
            .filter_map(|c| self.to_comment(c))
            .find(|c| {
                // The server's clock is not ours: a minute of slack.
                c.created.is_some_and(|t| t >= since - 60_000.0)
                    && c.author == sent.name
                    && matches!(&c.body, Body::Html(html) | Body::Text(html) if text_fingerprint(&plain_text(html)) == fingerprint)
            })
            .map(Posted::Published))
    }

    async fn publish(&self, new: NewComment) -> Result<Posted, StoreError> {
        let parent = match new.parent.as_deref().map(str::parse::<u64>) {
            // Only ids a JSON number holds exactly (as WordPress's own are).
            Some(Ok(id)) if id <= 1 << 53 => id,
            Some(_) => return Err(StoreError::NotFound),
            None => 0,
        };
        let body = json::to_string(&WireNew {
            post: self.post,
            parent,
            author_name: new.name.as_deref().unwrap_or_default(),
            author_email: new.email.as_deref().unwrap_or_default(),
            author_url: new.website.as_deref().unwrap_or_default(),
            content: &new.text,
        });
        let reply = self
            .call("POST", &self.api.url("wp/v2/comments", &[]), Some(body))
            .await?;
        let wire = json::parse::<WireComment>(&reply.body)
            .ok()
            .filter(|c| c.id.is_some())
            .ok_or_else(|| StoreError::BadResponse("not a comment".into()))?;
        let comment = self
            .to_comment(wire)
            .ok_or_else(|| StoreError::BadResponse("comment without a usable id".into()))?;
        Ok(if comment.state == CommentState::Pending {
            Posted::AwaitingModeration(comment)
        } else {
            Posted::Published(comment)
        })
    }

    /// How many approved comments a post has (the count badge): by id, or by slug.
    pub async fn count(site: &str, post: &PostRef) -> Result<usize, StoreError> {
        for api in WpApi::candidates(site) {
            let id = match post {
                PostRef::Id(id) => *id,
                PostRef::Slug(slug) => {
                    let url = api.url("wp/v2/posts", &[("slug", slug.clone()), ("_fields", "id".into())]);
                    let Ok((Answer::Json(found), _)) = get::<Loose<Vec<WireId>>>(&url, None, 64 * 1024).await else {
                        continue;
                    };
                    match found.0.unwrap_or_default().first().and_then(|post| post.id) {
                        Some(id) => id,
                        None => return Err(StoreError::NotFound),
                    }
                }
            };
            let store = WordPressStore::new(api, id, None, false);
            return store
                .list(vec![("per_page", "1".into()), ("_fields", "id".into())])
                .await
                .map(|(_, total)| total);
        }
        Err(StoreError::NotFound)
    }
}

impl Store for WordPressStore {
    /// What the site asks of a comment (`require_name_email`), and how deep it threads.
    fn rules(&self) -> Rules {
        Rules {
            require_name: self.require_name_email,
            require_email: self.require_name_email,
            nesting: Some(self.depth),
            ..Rules::default()
        }
    }

    fn with_abort(&self, signal: AbortSignal) -> Backend {
        Backend::new(WordPressStore {
            abort: Some(signal),
            ..self.clone()
        })
    }

    fn page(&self, request: PageRequest) -> Reply<'_, Page> {
        Box::pin(self.read_page(request))
    }

    fn locate<'a>(&'a self, id: &'a CommentId) -> Reply<'a, Located> {
        Box::pin(self.find_path(id))
    }

    fn news(&self, since: Since) -> Reply<'_, News> {
        Box::pin(self.clone().news_since(since.after))
    }

    fn find_posted<'a>(&'a self, sent: &'a NewComment, since: f64) -> Reply<'a, Option<Posted>> {
        Box::pin(self.find(sent, since))
    }

    fn post(&self, comment: NewComment) -> Reply<'_, Posted> {
        Box::pin(self.publish(comment))
    }
}

/// A comment with no replies (yet).
fn leaf(comment: Comment) -> Node {
    Node {
        comment,
        replies: Vec::new(),
        hidden_replies: 0,
    }
}

fn header_count(reply: &http::Reply, name: &str) -> Option<usize> {
    reply.headers.get(name).ok().flatten()?.trim().parse().ok()
}

/// A refused request as the reader should hear it: WordPress names its reason in `code`.
pub fn refusal(status: u16, code: &str, body: &str) -> StoreError {
    match code {
        "comment_duplicate" => StoreError::Refused(Refusal::Duplicate),
        "comment_flood" => StoreError::Refused(Refusal::TooFast),
        "rest_comment_author_data_required" => StoreError::Refused(Refusal::NameEmailRequired),
        "rest_invalid_param" if body.contains("author_email") => StoreError::Refused(Refusal::InvalidEmail),
        "rest_comment_closed" => StoreError::Refused(Refusal::Closed),
        "rest_comment_login_required" => StoreError::Refused(Refusal::AccountRequired),
        "rest_comment_invalid_post_id" | "rest_post_invalid_id" => StoreError::NotFound,
        _ => match status {
            400 | 409 => StoreError::Rejected(body.chars().take(500).collect()),
            401 | 403 => StoreError::Forbidden,
            404 => StoreError::NotFound,
            429 => StoreError::Refused(Refusal::TooFast),
            status => StoreError::Server(status),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_answers_read_anything() {
        json::reads_anything::<Vec<Loose<WireComment>>>(
            r#"[{"id": 3, "post": 5, "parent": 0, "author_name": "a", "author_url": "", "date_gmt": "2016-02-23T08:00:00",
                "content": {"rendered": "<p>x</p>"}, "status": "approved", "author_avatar_urls": {"24": "https://x/a.png", "48": "https://x/b.png"}}]"#,
        );
        json::reads_anything::<WirePlace>(r#"{"post": 5, "parent": 3}"#);
        json::reads_anything::<Loose<Vec<WireId>>>(r#"[{"id": 3}]"#);
    }

    #[test]
    fn dates_are_utc() {
        assert_eq!(utc_ms("1970-01-01T00:00:00"), Some(0.0));
        assert_eq!(utc_ms("2016-02-24T07:30:00"), Some(1_456_299_000_000.0));
        assert_eq!(
            utc_ms("2000-03-01T00:00:00"),
            Some(951_868_800_000.0),
            "after a leap day"
        );
        for bad in [
            "",
            "2016-02-24",
            "2016-13-01T00:00:00",
            "2016/02/24T07:30:00",
            "٢٠١٦-02-24T07:30:00",
            "x",
        ] {
            assert_eq!(utc_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn wordpress_refusals_reach_the_form() {
        assert_eq!(
            refusal(409, "comment_duplicate", ""),
            StoreError::Refused(Refusal::Duplicate)
        );
        assert_eq!(refusal(400, "comment_flood", ""), StoreError::Refused(Refusal::TooFast));
        assert_eq!(
            refusal(400, "rest_comment_author_data_required", ""),
            StoreError::Refused(Refusal::NameEmailRequired)
        );
        assert_eq!(
            refusal(400, "rest_invalid_param", r#"{"data":{"params":{"author_email":"x"}}}"#),
            StoreError::Refused(Refusal::InvalidEmail)
        );
        assert_eq!(
            refusal(403, "rest_comment_closed", ""),
            StoreError::Refused(Refusal::Closed)
        );
        assert_eq!(
            refusal(401, "rest_comment_login_required", ""),
            StoreError::Refused(Refusal::AccountRequired)
        );
        assert_eq!(refusal(403, "rest_comment_invalid_post_id", ""), StoreError::NotFound);
        assert_eq!(refusal(503, "", "<html>"), StoreError::Server(503));
    }

    #[test]
    fn wire_comments_become_domain_comments() {
        let store = WordPressStore::new(WpApi::Plain("https://x.example/".into()), 5, None, false);
        let read = |text: &str| json::parse::<WireComment>(text).expect("a comment");
        let wire = read(
            r#"{"id": 7, "parent": 2, "author_name": "Tom &amp; Jerry", "author_url": "javascript:x",
                "date_gmt": "2016-02-24T07:30:00", "content": {"rendered": "<p>hi</p>"}, "status": "hold",
                "author_avatar_urls": {"48": "https://gravatar.example/a"}}"#,
        );
        let c = store.to_comment(wire).expect("kept");
        assert_eq!(c.author.as_deref(), Some("Tom & Jerry"));
        assert_eq!(
            (c.website, c.avatar),
            (None, None),
            "no unsafe link, no remote avatar unless asked"
        );
        assert_eq!(c.parent.map(String::from), Some("2".to_owned()));
        assert_eq!(c.state, CommentState::Pending);
        let with_avatars = WordPressStore::new(WpApi::Plain("https://x.example/".into()), 5, None, true);
        let wire = read(r#"{"id": 8, "author_avatar_urls": {"48": "https://gravatar.example/a"}, "parent": 0}"#);
        let c = with_avatars.to_comment(wire).expect("kept");
        assert_eq!(
            (c.avatar.as_deref(), c.parent),
            (Some("https://gravatar.example/a"), None)
        );
        assert_eq!(store.rules().nesting, Some(DEFAULT_DEPTH));
    }
}
