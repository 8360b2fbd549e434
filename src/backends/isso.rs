//! The Isso backend (PyPI `isso`, 0.14 API). Wire types stay in this file: they are converted
//! into domain types here, so the UI never sees Isso's JSON, its modes or its escaping.

use futures::future::LocalBoxFuture;
use web_sys::AbortSignal;

use crate::comments::model::{Body, Comment, CommentId, CommentState, Node, Page, PageRequest, Rules, Sort, Vote};
use crate::comments::store::{Backend, Capabilities, News, Posted, Reply, Since, Store, StoreError};
use crate::comments::validate::{MAX_TEXT, NewComment, normalize_website};
use crate::web::http::{self, HttpError};
use crate::web::json::{self, Lenient, Loose, Named, loose, loose_list, loose_or_default};
use crate::web::split::split;
use crate::web::storage;
use crate::web::text::cap_chars;
use serde::{Deserialize, Serialize};

/// A thread of thousands of comments is a few MB; anything beyond this is not Isso talking.
const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;
/// Isso's default `max-age`, used if the server does not tell us its edit window.
const DEFAULT_EDIT_WINDOW_S: f64 = 900.0;
/// Isso's own limit on a comment's text; a longer one did not come from Isso's API.
const MAX_HTML: usize = 4 * 65_535;

/// Isso's thread response. Missing or mistyped members read as their defaults: the thread is
/// still shown, just without what the server did not say.
#[derive(Default, Deserialize)]
struct WireThread {
    #[serde(default, deserialize_with = "loose_or_default")]
    total_replies: i64,
    #[serde(default, deserialize_with = "loose_or_default")]
    hidden_replies: i64,
    #[serde(default, deserialize_with = "loose_list")]
    replies: Vec<WireComment>,
    #[serde(default, deserialize_with = "loose")]
    config: Option<WireConfig>,
}

/// A comment needs its id (see [`IssoStore::to_domain`]); everything else has a harmless default.
#[derive(Default, Deserialize)]
struct WireComment {
    #[serde(default, deserialize_with = "loose")]
    id: Option<i64>,
    #[serde(default, deserialize_with = "loose")]
    parent: Option<i64>,
    #[serde(default, deserialize_with = "loose_or_default")]
    text: String,
    #[serde(default, deserialize_with = "loose")]
    author: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    website: Option<String>,
    /// 1 published, 2 held for moderation, 4 deleted (kept for its replies).
    #[serde(default, deserialize_with = "loose")]
    mode: Option<i64>,
    #[serde(default, deserialize_with = "loose")]
    created: Option<f64>,
    #[serde(default, deserialize_with = "loose_or_default")]
    likes: i64,
    #[serde(default, deserialize_with = "loose_or_default")]
    dislikes: i64,
    #[serde(default, deserialize_with = "loose_list")]
    replies: Vec<WireComment>,
    #[serde(default, deserialize_with = "loose_or_default")]
    hidden_replies: i64,
}

#[derive(Default, Deserialize)]
struct WireConfig {
    #[serde(default, rename = "require-author", deserialize_with = "loose")]
    require_author: Option<bool>,
    #[serde(default, rename = "require-email", deserialize_with = "loose")]
    require_email: Option<bool>,
    #[serde(default, rename = "reply-to-self", deserialize_with = "loose")]
    reply_to_self: Option<bool>,
}
crate::lenient_record!(WireThread, WireComment, WireConfig, WireVotes, Memory);

/// A new comment, as Isso's `POST /new` takes it.
#[derive(Serialize)]
struct WireNew<'a> {
    text: &'a str,
    author: Option<&'a str>,
    email: Option<&'a str>,
    website: Option<&'a str>,
    parent: Option<i64>,
    title: &'a str,
}

/// An edit, as `PUT /id/<id>` takes it.
#[derive(Serialize)]
struct WireEdit<'a> {
    text: &'a str,
}

/// A vote's answer: the comment's counts.
#[derive(Default, Deserialize)]
struct WireVotes {
    #[serde(default, deserialize_with = "loose")]
    likes: Option<i64>,
    #[serde(default, deserialize_with = "loose")]
    dislikes: Option<i64>,
}

/// Isso stores author and website HTML-escaped; we show text, so undo exactly that escaping.
pub fn unescape_html(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// What this browser knows about comments on this server: which are its own (until when it may
/// edit them) and how it voted. Entries of the wrong shape are dropped one by one.
#[derive(Default, Debug, PartialEq, Serialize, Deserialize)]
struct Memory {
    #[serde(default, deserialize_with = "loose_or_default")]
    own: Named<f64>,
    #[serde(default, deserialize_with = "loose_or_default")]
    votes: Named<Vote>,
}

impl Lenient for Vote {
    fn from_text(text: &str) -> Option<Vote> {
        Vote::parse(text)
    }
}

/// How many of this browser's votes are remembered: the newest comments' (a reader votes on what
/// they are reading now), so the entry stays small however long it is used.
const MAX_REMEMBERED_VOTES: usize = 500;

impl Memory {
    /// What is still worth keeping at `now` (ms): comments still inside their edit window, and
    /// the votes on the newest [`MAX_REMEMBERED_VOTES`] comments (Isso's ids grow with time).
    fn pruned(mut self, now: f64) -> Memory {
        self.own.0.retain(|(_, until)| *until > now);
        if self.votes.0.len() > MAX_REMEMBERED_VOTES {
            self.votes
                .0
                .sort_unstable_by_key(|(id, _)| id.parse::<u64>().unwrap_or(0));
            let old = self.votes.0.len() - MAX_REMEMBERED_VOTES;
            self.votes.0.drain(..old);
        }
        self
    }
}

#[derive(Clone, Debug)]
pub struct IssoStore {
    endpoint: String,
    uri: String,
    title: String,
    /// Aborts this widget's reads when it goes away (never a post: its outcome would be unknown).
    abort: Option<AbortSignal>,
}

split!(
    isso,
    /// An Isso thread's store: `uri` is the thread's key, `title` the article's headline.
    pub fn open(endpoint: String, uri: String, title: String) -> Backend {
        Backend::new(IssoStore::new(&endpoint, &uri, &title))
    }
);

split!(
    isso,
    /// Comment counts for several threads of one server, in one request.
    pub fn count(endpoint: String, uris: Vec<String>) -> LocalBoxFuture<'static, Result<Vec<usize>, StoreError>> {
        Box::pin(async move { IssoStore::counts(&endpoint, &uris).await })
    }
);

/// The server's address as `comments="isso:…"` gives it: absolute http(s), no trailing slash.
pub fn endpoint(address: &str) -> Option<String> {
    crate::web::url::service_address(address)
}

impl IssoStore {
    pub fn new(endpoint: &str, uri: &str, title: &str) -> IssoStore {
        IssoStore {
            endpoint: endpoint.trim_end_matches('/').to_owned(),
            uri: uri.to_owned(),
            title: title.to_owned(),
            abort: None,
        }
    }

    fn memory_key(&self) -> String {
        format!("maqal:isso:{}", self.endpoint)
    }

    fn memory(&self) -> Memory {
        storage::read(&self.memory_key()).ok().flatten().unwrap_or_default()
    }

    fn remember(&self, change: impl FnOnce(&mut Memory)) {
        let mut memory = self.memory().pruned(js_sys::Date::now());
        change(&mut memory);
        // Losing this only loses the edit button or the vote highlight, never a comment.
        let _ = storage::write(&self.memory_key(), &memory);
    }

    fn url(&self, path: &str, query: &[(&str, String)]) -> String {
        let mut url = format!("{}{path}", self.endpoint);
        for (i, (key, value)) in query.iter().enumerate() {
            url.push(if i == 0 { '?' } else { '&' });
            url.push_str(key);
            url.push('=');
            url.push_str(&String::from(js_sys::encode_uri_component(value)));
        }
        url
    }

    /// A request to Isso; reads (`GET`) are aborted with the widget, writes run to the end.
    async fn call(&self, method: &str, url: &str, body: Option<String>) -> Result<http::Reply, StoreError> {
        let request = http::Request {
            method,
            url,
            json_body: body,
            with_credentials: true,
            max_bytes: MAX_RESPONSE_BYTES,
            abort: if method == "GET" { self.abort.as_ref() } else { None },
        };
        let reply = http::exchange(request).await.map_err(|e| match e {
            HttpError::Network(detail) => StoreError::Unavailable(detail),
            HttpError::Timeout => StoreError::Timeout,
            HttpError::TooLarge | HttpError::NotUtf8 => StoreError::BadResponse("unreadable response".into()),
        })?;
        match refusal(method, reply.status, &reply.body) {
            None => Ok(reply),
            Some(error) => Err(error),
        }
    }

    /// The response as a `T` (an error if it is not JSON, or not one).
    fn parse<T: Lenient>(body: &str) -> Result<T, StoreError> {
        json::parse(body).map_err(|e| StoreError::BadResponse(e.to_string()))
    }

    /// A response that must be a comment, and its id.
    fn comment(body: &str) -> Result<(i64, WireComment), StoreError> {
        let wire: WireComment = Self::parse(body)?;
        wire.id
            .map(|id| (id, wire))
            .ok_or_else(|| StoreError::BadResponse("not a comment".into()))
    }

    fn to_domain(&self, wire: WireComment, memory: &Memory, now: f64, plain: bool) -> Option<Node> {
        let id = CommentId::parse(&wire.id?.to_string())?;
        let editable_until = memory.own.get(id.as_str()).copied().filter(|until| *until > now);
        let my_vote = memory.votes.get(id.as_str()).copied();
        let state = match wire.mode.unwrap_or(1) {
            2 => CommentState::Pending,
            4 => CommentState::Deleted,
            _ => CommentState::Published,
        };
        let replies = wire
            .replies
            .into_iter()
            .filter_map(|r| self.to_domain(r, memory, now, plain))
            .collect();
        // Capped before it reaches the sanitizer or the autolinker: Isso's own limit, with room
        // for the markup it adds.
        let text = cap_chars(wire.text, if plain { MAX_TEXT } else { MAX_HTML });
        Some(Node {
            comment: Comment {
                id,
                parent: wire.parent.and_then(|p| CommentId::parse(&p.to_string())),
                author: wire
                    .author
                    .map(|a| unescape_html(&a).trim().to_owned())
                    .filter(|a| !a.is_empty()),
                website: wire
                    .website
                    .map(|w| unescape_html(&w))
                    .as_deref()
                    .and_then(normalize_website),
                avatar: None,
                body: if plain { Body::Text(text) } else { Body::Html(text) },
                created: wire.created.filter(|t| t.is_finite()).map(|seconds| seconds * 1000.0),
                state,
                likes: wire.likes,
                dislikes: wire.dislikes,
                editable_until,
                my_vote,
            },
            replies,
            hidden_replies: usize::try_from(wire.hidden_replies).unwrap_or(0),
        })
    }

    /// A page of the thread; with `after` (seconds, else 0), only comments posted since.
    async fn fetch(&self, request: &PageRequest, plain: bool, after: f64) -> Result<WireThread, StoreError> {
        let mut query = vec![
            ("uri", self.uri.clone()),
            ("limit", request.limit.to_string()),
            ("offset", request.offset.to_string()),
            ("nested_limit", request.nested_limit.to_string()),
            ("sort", request.sort.as_str().to_owned()),
        ];
        if let Some(parent) = &request.parent {
            query.push(("parent", parent.to_string()));
        }
        if plain {
            query.push(("plain", "1".to_owned()));
        }
        // Not in a page's address otherwise: the loader asks for the first page by the same one.
        if after > 0.0 {
            query.push(("after", (after as i64).to_string()));
        }
        match self.call("GET", &self.url("/", &query), None).await {
            Ok(reply) => Self::parse::<WireThread>(&reply.body),
            // A thread nobody has commented on yet.
            Err(StoreError::NotFound) => Ok(WireThread::default()),
            Err(e) => Err(e),
        }
    }

    async fn read_page(&self, request: PageRequest) -> Result<Page, StoreError> {
        // Replies read oldest first, as a conversation does, whatever order the comments they
        // answer are in. Isso 0.14 lists replies by their time whatever `sort` says (its query
        // orders by `created` first where there is a parent), so a page's nested replies are
        // already in order; a page of one comment's replies asks for that order outright.
        let asked = PageRequest {
            sort: if request.parent.is_some() {
                Sort::Oldest
            } else {
                request.sort
            },
            ..request
        };
        let thread = self.fetch(&asked, false, 0.0).await?;
        let memory = self.memory();
        let now = js_sys::Date::now();
        Ok(Page {
            nodes: thread
                .replies
                .into_iter()
                .filter_map(|c| self.to_domain(c, &memory, now, false))
                .collect(),
            remaining: usize::try_from(thread.hidden_replies).unwrap_or(0),
            thread_total: Some(usize::try_from(thread.total_replies).unwrap_or(0)),
            rules: thread.config.map(|c| Rules {
                require_name: c.require_author.unwrap_or(false),
                require_email: c.require_email.unwrap_or(false),
                website_field: true,
                reply_to_self: c.reply_to_self.unwrap_or(true),
                nesting: Some(2),
            }),
            unreadable: 0,
        })
    }

    /// What came since `since.after`. Isso's `after` lists new top-level comments (with their
    /// new replies), not new replies to older ones; its count of the thread's replies tells when
    /// there are such, and then the top level on screen (with each comment's count of replies)
    /// tells which of them to ask for their new replies (a few at most, one after the other).
    async fn news_since(self, since: Since) -> Result<News, StoreError> {
        let request = |parent: Option<CommentId>, limit: usize, nested_limit: usize, sort: Sort| PageRequest {
            parent,
            offset: 0,
            limit,
            nested_limit,
            sort,
        };
        let count = |n: i64| usize::try_from(n).unwrap_or(0);
        let thread = self
            .fetch(&request(None, 100, 20, Sort::Oldest), false, since.after)
            .await?;
        let top_level = count(thread.hidden_replies) + thread.replies.len();
        let replies = count(thread.total_replies).saturating_sub(top_level);
        let mut wire = thread.replies;
        // Any change: a new top-level comment's replies may already be counted (it was in an
        // earlier answer too), so a sum cannot tell; each comment's own count can.
        if since.replies.is_some_and(|before| replies != before) && !since.shown.is_empty() {
            // Which comments on screen have more replies than this widget knows of.
            let limit = since.shown.len().div_ceil(10).clamp(1, 10) * 10;
            let listing = self.fetch(&request(None, limit, 0, since.sort), false, 0.0).await?;
            let mut asked = 0;
            for shown in listing.replies.into_iter().take(100) {
                if asked == 5 {
                    break;
                }
                let grown = shown.id.is_some_and(|id| {
                    since
                        .shown
                        .iter()
                        .any(|(known, n)| known.as_str() == id.to_string() && count(shown.hidden_replies) > *n)
                });
                if grown {
                    asked += 1;
                    let parent = shown.id.and_then(|id| CommentId::parse(&id.to_string()));
                    wire.extend(
                        self.fetch(&request(parent, 100, 0, Sort::Oldest), false, since.after)
                            .await?
                            .replies,
                    );
                }
            }
        }
        let memory = self.memory();
        let now = js_sys::Date::now();
        let mut comments = Vec::new();
        for node in wire.into_iter().filter_map(|c| self.to_domain(c, &memory, now, false)) {
            comments.push(node.comment);
            comments.extend(node.replies.into_iter().map(|r| r.comment));
        }
        Ok(News {
            comments,
            replies: Some(replies),
        })
    }

    /// After a post whose answer never came: the newest comments where it would be, in their
    /// source text (`plain=1`), looking for this author's text sent at or after `since` (ms).
    /// Not found may still mean "held for moderation", which Isso lists to nobody.
    async fn find(&self, sent: &NewComment, since: f64) -> Result<Option<Posted>, StoreError> {
        let request = PageRequest {
            parent: sent.parent.clone(),
            offset: 0,
            limit: 20,
            nested_limit: 0,
            sort: Sort::Newest,
        };
        let thread = self.fetch(&request, true, 0.0).await?;
        let memory = self.memory();
        let now = js_sys::Date::now();
        // The server's clock is not ours: a minute of slack.
        let since_s = since / 1000.0 - 60.0;
        let found = thread.replies.into_iter().find(|c| {
            c.id.is_some()
                && c.created.is_some_and(|t| t >= since_s)
                && c.text.trim() == sent.text.trim()
                && c.author.as_deref().map(unescape_html).as_deref().map(str::trim) == sent.name.as_deref()
        });
        Ok(found
            .and_then(|wire| self.to_domain(wire, &memory, now, true))
            .map(|node| Posted::Published(node.comment)))
    }

    async fn publish(&self, new: NewComment) -> Result<Posted, StoreError> {
        let parent = match new.parent.as_deref().map(str::parse::<i64>) {
            // Only ids a JSON number holds exactly (as Isso's own are).
            Some(Ok(id)) if id.unsigned_abs() <= 1 << 53 => Some(id),
            Some(_) => return Err(StoreError::NotFound),
            None => None,
        };
        // The JSON body of a new comment, as Isso's `POST /new` takes it.
        let body = json::to_string(&WireNew {
            text: &new.text,
            author: new.name.as_deref(),
            email: new.email.as_deref(),
            website: new.website.as_deref(),
            parent,
            title: &self.title,
        });
        let reply = self
            .call("POST", &self.url("/new", &[("uri", self.uri.clone())]), Some(body))
            .await?;
        let window = edit_window_seconds(reply.headers.get("x-set-cookie").ok().flatten().as_deref());
        let (id, wire) = Self::comment(&reply.body)?;
        let id = id.to_string();
        let until = js_sys::Date::now() + window * 1000.0;
        self.remember(|m| {
            m.own.set(id.clone(), until);
        });
        let memory = self.memory();
        let node = self
            .to_domain(wire, &memory, js_sys::Date::now(), false)
            .ok_or_else(|| StoreError::BadResponse("comment without a usable id".into()))?;
        Ok(if reply.status == 202 || node.comment.state == CommentState::Pending {
            Posted::AwaitingModeration(node.comment)
        } else {
            Posted::Published(node.comment)
        })
    }

    /// What the author wrote (Markdown), for the edit box: Isso's own client asks the same way.
    async fn read_source(&self, id: &CommentId) -> Result<String, StoreError> {
        let reply = self
            .call(
                "GET",
                &self.url(&format!("/id/{id}"), &[("plain", "1".to_owned())]),
                None,
            )
            .await?;
        Ok(Self::comment(&reply.body)?.1.text)
    }

    async fn change(&self, id: &CommentId, text: &str) -> Result<Comment, StoreError> {
        let body = json::to_string(&WireEdit { text });
        let reply = self
            .call("PUT", &self.url(&format!("/id/{id}"), &[]), Some(body))
            .await?;
        let window = edit_window_seconds(reply.headers.get("x-set-cookie").ok().flatten().as_deref());
        let until = js_sys::Date::now() + window * 1000.0;
        self.remember(|m| {
            m.own.set(id.to_string(), until);
        });
        let memory = self.memory();
        let (_, wire) = Self::comment(&reply.body)?;
        self.to_domain(wire, &memory, js_sys::Date::now(), false)
            .map(|node| node.comment)
            .ok_or_else(|| StoreError::BadResponse("comment without a usable id".into()))
    }

    /// `Ok(Some(comment))` when the comment stays as "deleted" because it has replies.
    async fn remove(&self, id: &CommentId) -> Result<Option<Comment>, StoreError> {
        let reply = self.call("DELETE", &self.url(&format!("/id/{id}"), &[]), None).await?;
        self.remember(|m| {
            m.own.remove(id.as_str());
        });
        // Isso answers `null` when the comment is gone, or the comment kept as "deleted".
        let wire = Self::parse::<Loose<WireComment>>(&reply.body)?.0;
        let memory = self.memory();
        Ok(wire
            .and_then(|w| self.to_domain(w, &memory, js_sys::Date::now(), false))
            .map(|node| node.comment))
    }

    async fn cast_vote(&self, id: &CommentId, vote: Vote) -> Result<(i64, i64), StoreError> {
        let action = if vote == Vote::Like { "like" } else { "dislike" };
        let reply = self
            .call("POST", &self.url(&format!("/id/{id}/{action}"), &[]), Some("{}".into()))
            .await?;
        let votes: WireVotes = Self::parse(&reply.body)?;
        let counts = votes
            .likes
            .zip(votes.dislikes)
            .ok_or_else(|| StoreError::BadResponse("not a vote count".into()))?;
        self.remember(|m| {
            m.votes.set(id.to_string(), vote);
        });
        Ok(counts)
    }

    /// Comment counts for several threads in one request.
    pub async fn counts(endpoint: &str, uris: &[String]) -> Result<Vec<usize>, StoreError> {
        let store = IssoStore::new(endpoint, "", "");
        let reply = store
            .call("POST", &store.url("/count", &[]), Some(json::to_string(uris)))
            .await?;
        let counts: Vec<Loose<u64>> = Self::parse(&reply.body)?;
        counts
            .into_iter()
            .map(|n| n.0.map(|n| n as usize))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| StoreError::BadResponse("not counts".into()))
    }
}

impl Store for IssoStore {
    fn rules(&self) -> Rules {
        Rules {
            require_name: false,
            require_email: false,
            nesting: Some(2),
            ..Rules::default()
        }
    }

    fn capabilities(&self) -> Capabilities {
        Capabilities {
            votes: true,
            edit: true,
        }
    }

    fn with_abort(&self, signal: AbortSignal) -> Backend {
        Backend::new(IssoStore {
            abort: Some(signal),
            ..self.clone()
        })
    }

    fn page(&self, request: PageRequest) -> Reply<'_, Page> {
        Box::pin(self.read_page(request))
    }

    fn find_posted<'a>(&'a self, sent: &'a NewComment, since: f64) -> Reply<'a, Option<Posted>> {
        Box::pin(self.find(sent, since))
    }

    fn post(&self, comment: NewComment) -> Reply<'_, Posted> {
        Box::pin(self.publish(comment))
    }

    fn news(&self, since: Since) -> Reply<'_, News> {
        Box::pin(self.clone().news_since(since))
    }

    fn source<'a>(&'a self, id: &'a CommentId) -> Reply<'a, String> {
        Box::pin(self.read_source(id))
    }

    fn edit<'a>(&'a self, id: &'a CommentId, text: &'a str) -> Reply<'a, Comment> {
        Box::pin(self.change(id, text))
    }

    fn delete<'a>(&'a self, id: &'a CommentId) -> Reply<'a, Option<Comment>> {
        Box::pin(self.remove(id))
    }

    fn vote<'a>(&'a self, id: &'a CommentId, vote: Vote) -> Reply<'a, (i64, i64)> {
        Box::pin(self.cast_vote(id, vote))
    }
}

/// What an answer's status says, if it is not a success.
fn refusal(method: &str, status: u16, body: &str) -> Option<StoreError> {
    Some(match status {
        200..=299 => return None,
        // Isso's 400 to a write is the comment refused (too long, a bad address); to a read, a
        // request it could not take, which is nothing the reader wrote.
        400 if method != "GET" => StoreError::Rejected(body.to_owned()),
        401 | 403 => StoreError::Forbidden,
        404 => StoreError::NotFound,
        429 => StoreError::RateLimited,
        status => StoreError::Server(status),
    })
}

/// `Max-Age` from Isso's `X-Set-Cookie` header: how long the edit/delete token lives.
pub fn edit_window_seconds(header: Option<&str>) -> f64 {
    header
        .and_then(|h| {
            h.split(';')
                .filter_map(|part| part.trim().split_once('='))
                .find(|(k, _)| k.eq_ignore_ascii_case("max-age"))
                .and_then(|(_, v)| v.trim().parse::<u32>().ok())
                .map(f64::from)
        })
        .unwrap_or(DEFAULT_EDIT_WINDOW_S)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isso_answers_read_anything() {
        let comment = r#"{"id": 1, "parent": null, "text": "<p>x</p>", "author": "a", "website": null, "mode": 1, "created": 1.5, "likes": 0, "dislikes": 0, "hidden_replies": 0, "replies": [{"id": 2, "parent": 1, "replies": []}]}"#;
        json::reads_anything::<WireThread>(&format!(
            r#"{{"id": null, "total_replies": 2, "hidden_replies": 0, "config": {{"require-author": true, "require-email": false, "reply-to-self": true}}, "replies": [{comment}]}}"#
        ));
        json::reads_anything::<Loose<WireComment>>(comment);
        json::reads_anything::<WireVotes>(r#"{"likes": 1, "dislikes": 0}"#);
        json::reads_anything::<Vec<Loose<u64>>>("[1, 2]");
        json::reads_anything::<Memory>(r#"{"own": {"7": 1764067200000}, "votes": {"3": "dislike"}}"#);
    }

    #[test]
    fn unescapes_exactly_what_isso_escapes() {
        assert_eq!(
            unescape_html("&lt;b&gt;Tom &amp; &quot;Jerry&quot; &#x27;x&#x27;"),
            "<b>Tom & \"Jerry\" 'x'"
        );
        assert_eq!(unescape_html("&amp;lt;"), "&lt;", "decoded once, not twice");
    }

    #[test]
    fn edit_window_from_the_cookie_header() {
        assert_eq!(
            edit_window_seconds(Some("isso-3=abc; Expires=Wed; Max-Age=120; Path=/; SameSite=Lax")),
            120.0
        );
        assert_eq!(edit_window_seconds(Some("isso-3=abc; Path=/")), DEFAULT_EDIT_WINDOW_S);
        assert_eq!(edit_window_seconds(None), DEFAULT_EDIT_WINDOW_S);
    }

    #[test]
    fn a_refusal_is_the_comments_only_when_one_was_sent() {
        assert_eq!(refusal("GET", 200, ""), None);
        assert_eq!(
            refusal("POST", 400, "too long"),
            Some(StoreError::Rejected("too long".into()))
        );
        assert_eq!(refusal("PUT", 400, "x"), Some(StoreError::Rejected("x".into())));
        assert_eq!(
            refusal("GET", 400, "bad uri"),
            Some(StoreError::Server(400)),
            "a read is refused nothing the reader wrote"
        );
        assert_eq!(refusal("GET", 403, ""), Some(StoreError::Forbidden));
        assert_eq!(refusal("DELETE", 404, ""), Some(StoreError::NotFound));
        assert_eq!(refusal("POST", 429, ""), Some(StoreError::RateLimited));
        assert_eq!(refusal("GET", 502, ""), Some(StoreError::Server(502)));
    }

    #[test]
    fn wire_thread_parses_isso_json() {
        let json = r#"{"id": null, "total_replies": 3, "hidden_replies": 1, "config": {"require-author": true,
            "require-email": false, "reply-to-self": false, "gravatar": false},
            "replies": [{"id": 1, "parent": null, "text": "<p>hi</p>", "author": "A &amp; B", "website": null,
            "mode": 1, "created": 1464818460.7, "modified": null, "likes": 2, "dislikes": 0, "hash": "x",
            "total_replies": 1, "hidden_replies": 0, "replies": [{"id": 2, "parent": 1, "text": "", "mode": 4,
            "created": 1464818461.0, "likes": 0, "dislikes": 0}]}]}"#;
        let thread: WireThread = json::parse(json).expect("parses");
        assert_eq!(
            (
                thread.total_replies,
                thread.config.as_ref().and_then(|c| c.require_author)
            ),
            (3, Some(true))
        );
        let store = IssoStore::new("http://x/", "/t", "T");
        let node = store
            .to_domain(
                thread.replies.into_iter().next().expect("one"),
                &Memory::default(),
                0.0,
                false,
            )
            .expect("ok");
        assert_eq!(node.comment.author.as_deref(), Some("A & B"));
        assert_eq!(node.comment.created, Some(1_464_818_460_700.0));
        assert_eq!(node.comment.body, Body::Html("<p>hi</p>".into()));
        assert_eq!(node.replies[0].comment.state, CommentState::Deleted);
        assert_eq!(node.replies[0].comment.parent.as_deref(), Some("1"));
        assert_eq!(store.endpoint, "http://x");
    }

    #[test]
    fn wire_comments_need_an_id_and_the_memory_round_trips() {
        let read = |text: &str| IssoStore::comment(text).ok();
        assert!(read(r#"{"text": "no id"}"#).is_none());
        assert!(read("[7]").is_none(), "a comment is an object");
        assert!(read("null").is_none());
        assert!(read(r#"{"id": "7"}"#).is_none(), "Isso ids are numbers");
        let (id, c) = read(r#"{"id": 7, "parent": null, "text": null, "likes": "x"}"#).expect("id is enough");
        assert_eq!((id, c.parent, c.text.as_str(), c.likes), (7, None, "", 0));

        let mut memory = Memory::default();
        memory.own.set("7".into(), 1_764_067_200_000.0);
        memory.votes.set("3".into(), Vote::Dislike);
        let written = json::to_string(&memory);
        assert_eq!(json::parse::<Memory>(&written).ok().as_ref(), Some(&memory));
        let earlier = json::parse::<Memory>(r#"{"own":{"7":1764067200000},"votes":{"3":"dislike"}}"#);
        assert_eq!(earlier.as_ref().ok(), Some(&memory), "as earlier versions wrote it");
        let old = json::parse::<Memory>(r#"{"own": {"1": "soon", "2": 5}, "votes": {"3": "meh", "4": "like"}}"#).ok();
        let mut expected = Memory::default();
        expected.own.set("2".into(), 5.0);
        expected.votes.set("4".into(), Vote::Like);
        assert_eq!(old, Some(expected), "bad entries are dropped one by one");
        let config: WireThread =
            json::parse(r#"{"config": {"reply-to-self": "x"}, "replies": [{"id": 1, "mode": null}, 7]}"#)
                .expect("JSON");
        assert_eq!(
            (
                config.config.map(|c| c.reply_to_self),
                config.replies.len(),
                config.replies[0].mode
            ),
            (Some(None), 1, None)
        );
        let odd: Memory = json::parse(r#"{"own": [1], "votes": "like"}"#).expect("a memory");
        assert_eq!(odd, Memory::default());
    }

    #[test]
    fn the_memory_keeps_what_is_still_worth_keeping() {
        let mut memory = Memory::default();
        memory.own.set("1".into(), 1_000.0);
        memory.own.set("2".into(), 3_000.0);
        // In no order (a browser's entry is as it was written).
        for id in (1..=(MAX_REMEMBERED_VOTES + 20)).rev() {
            memory.votes.set(id.to_string(), Vote::Like);
        }
        memory.votes.set("x".into(), Vote::Dislike);
        let kept = memory.pruned(2_000.0);
        assert_eq!(
            kept.own.0.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(),
            ["2"],
            "an edit window that closed is forgotten"
        );
        assert_eq!(kept.votes.0.len(), MAX_REMEMBERED_VOTES);
        assert!(
            kept.votes.get("21").is_some() && kept.votes.get("20").is_none() && kept.votes.get("x").is_none(),
            "the oldest votes go first"
        );
        assert!(kept.votes.get(&(MAX_REMEMBERED_VOTES + 20).to_string()).is_some());
        // A name is there once; setting it again replaces it.
        let mut members = Named::default();
        members.set("a".to_owned(), 1.0);
        members.set("a".to_owned(), 2.0);
        assert_eq!(members.0, [("a".to_owned(), 2.0)]);
        let read = json::parse::<Memory>(r#"{"own":{"5":1,"5":2}}"#).expect("a memory");
        assert_eq!(
            read.own.0,
            [("5".to_owned(), 2.0)],
            "the last of a name wins, as JSON.parse has it"
        );
    }
}
