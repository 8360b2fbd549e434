//! The Isso backend (PyPI `isso`, 0.14 API). Wire types stay in this file: they are converted
//! into domain types here, so the UI never sees Isso's JSON, its modes or its escaping.

use std::collections::BTreeMap;

use super::{Posted, StoreError};
use crate::comments::model::{Body, Comment, CommentState, Node, Page, PageRequest, Vote, safe_id};
use crate::comments::storage;
use crate::comments::validate::{NewComment, Rules, normalize_website};
use crate::http::{self, HttpError};
use crate::json::{self, Json, Record};

/// A thread of thousands of comments is a few MB; anything beyond this is not Isso talking.
const MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;
/// Isso's default `max-age`, used if the server does not tell us its edit window.
const DEFAULT_EDIT_WINDOW_S: f64 = 900.0;

/// Isso's thread response. Missing or mistyped members read as their defaults: the thread is
/// still shown, just without what the server did not say.
struct WireThread {
    total_replies: i64,
    hidden_replies: i64,
    replies: Vec<WireComment>,
    config: Option<WireConfig>,
}

impl WireThread {
    fn from_json(v: &Json) -> Option<WireThread> {
        v.as_object()?;
        Some(WireThread {
            total_replies: v.int_at("total_replies", 0),
            hidden_replies: v.int_at("hidden_replies", 0),
            replies: WireComment::list(v.get("replies")),
            config: v.get("config").and_then(WireConfig::from_json),
        })
    }
}

struct WireComment {
    id: i64,
    parent: Option<i64>,
    text: String,
    author: Option<String>,
    website: Option<String>,
    mode: i64,
    created: Option<f64>,
    likes: i64,
    dislikes: i64,
    replies: Vec<WireComment>,
    hidden_replies: i64,
}

impl WireComment {
    /// A comment needs its id; everything else has a harmless default.
    fn from_json(v: &Json) -> Option<WireComment> {
        Some(WireComment {
            id: v.get("id")?.as_i64()?,
            parent: v.get("parent").and_then(Json::as_i64),
            text: v.str_at("text").unwrap_or_default(),
            author: v.str_at("author"),
            website: v.str_at("website"),
            mode: v.int_at("mode", 1),
            created: v.get("created").and_then(Json::as_f64),
            likes: v.int_at("likes", 0),
            dislikes: v.int_at("dislikes", 0),
            replies: WireComment::list(v.get("replies")),
            hidden_replies: v.int_at("hidden_replies", 0),
        })
    }

    fn list(v: Option<&Json>) -> Vec<WireComment> {
        v.and_then(Json::as_array)
            .map(|items| items.iter().filter_map(WireComment::from_json).collect())
            .unwrap_or_default()
    }
}

struct WireConfig {
    require_author: bool,
    require_email: bool,
    reply_to_self: bool,
}

impl WireConfig {
    fn from_json(v: &Json) -> Option<WireConfig> {
        v.as_object()?;
        Some(WireConfig {
            require_author: v.bool_at("require-author", false),
            require_email: v.bool_at("require-email", false),
            reply_to_self: v.bool_at("reply-to-self", true),
        })
    }
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
/// edit them) and how it voted.
#[derive(Default, Debug, PartialEq)]
struct Memory {
    own: BTreeMap<String, f64>,
    votes: BTreeMap<String, String>,
}

impl Record for Memory {
    fn to_json(&self) -> Json {
        let own = self.own.iter().map(|(k, v)| (k.clone(), Json::Num(*v))).collect();
        let votes = self.votes.iter().map(|(k, v)| (k.clone(), Json::text(v))).collect();
        Json::object([("own", Some(Json::Obj(own))), ("votes", Some(Json::Obj(votes)))])
    }

    fn from_json(value: &Json) -> Option<Self> {
        let members = |key| value.get(key).and_then(Json::as_object).unwrap_or_default().iter();
        Some(Memory {
            own: members("own")
                .filter_map(|(k, v)| Some((k.clone(), v.as_f64()?)))
                .collect(),
            votes: members("votes")
                .filter_map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
                .collect(),
        })
    }
}

#[derive(Clone, Debug)]
pub struct IssoStore {
    endpoint: String,
    uri: String,
    title: String,
}

impl IssoStore {
    pub fn new(endpoint: &str, uri: &str, title: &str) -> IssoStore {
        IssoStore {
            endpoint: endpoint.trim_end_matches('/').to_owned(),
            uri: uri.to_owned(),
            title: title.to_owned(),
        }
    }

    fn memory_key(&self) -> String {
        format!("maqal:isso:{}", self.endpoint)
    }

    fn memory(&self) -> Memory {
        storage::read(&self.memory_key()).ok().flatten().unwrap_or_default()
    }

    fn remember(&self, change: impl FnOnce(&mut Memory)) {
        let mut memory = self.memory();
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

    async fn call(&self, method: &str, url: &str, body: Option<String>) -> Result<http::Reply, StoreError> {
        let request = http::Request {
            method,
            url,
            json_body: body,
            with_credentials: true,
            max_bytes: MAX_RESPONSE_BYTES,
        };
        let reply = http::send(request).await.map_err(|e| match e {
            HttpError::Network(detail) => StoreError::Unavailable(detail),
            HttpError::Timeout => StoreError::Timeout,
            HttpError::TooLarge | HttpError::NotUtf8 => StoreError::BadResponse("unreadable response".into()),
        })?;
        match reply.status {
            200..=299 => Ok(reply),
            400 => Err(StoreError::Rejected(reply.body)),
            401 | 403 => Err(StoreError::Forbidden),
            404 => Err(StoreError::NotFound),
            429 => Err(StoreError::RateLimited),
            status => Err(StoreError::Server(status)),
        }
    }

    /// The response as JSON, read into a wire type by `read` (`None`: not what Isso sends).
    fn parse<T>(body: &str, read: impl FnOnce(&Json) -> Option<T>) -> Result<T, StoreError> {
        let value = json::parse(body).map_err(|e| StoreError::BadResponse(e.to_string()))?;
        read(&value).ok_or_else(|| StoreError::BadResponse("unexpected JSON".into()))
    }

    fn to_domain(&self, wire: WireComment, memory: &Memory, now: f64) -> Option<Node> {
        let id = safe_id(&wire.id.to_string())?;
        let editable_until = memory.own.get(&id).copied().filter(|until| *until > now);
        let my_vote = memory
            .votes
            .get(&id)
            .map(|v| if v == "dislike" { Vote::Dislike } else { Vote::Like });
        let state = match wire.mode {
            2 => CommentState::Pending,
            4 => CommentState::Deleted,
            _ => CommentState::Published,
        };
        let replies = wire
            .replies
            .into_iter()
            .filter_map(|r| self.to_domain(r, memory, now))
            .collect();
        Some(Node {
            comment: Comment {
                id,
                parent: wire.parent.map(|p| p.to_string()),
                author: wire
                    .author
                    .map(|a| unescape_html(&a).trim().to_owned())
                    .filter(|a| !a.is_empty()),
                website: wire
                    .website
                    .map(|w| unescape_html(&w))
                    .as_deref()
                    .and_then(normalize_website),
                body: Body::Html(wire.text),
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

    pub async fn page(&self, request: PageRequest) -> Result<Page, StoreError> {
        let mut query = vec![
            ("uri", self.uri.clone()),
            ("limit", request.limit.to_string()),
            ("offset", request.offset.to_string()),
            ("nested_limit", request.nested_limit.to_string()),
            ("sort", request.sort.as_str().to_owned()),
        ];
        if let Some(parent) = &request.parent {
            query.push(("parent", parent.clone()));
        }
        let thread: WireThread = match self.call("GET", &self.url("/", &query), None).await {
            Ok(reply) => Self::parse(&reply.body, WireThread::from_json)?,
            // A thread nobody has commented on yet.
            Err(StoreError::NotFound) => WireThread {
                total_replies: 0,
                hidden_replies: 0,
                replies: Vec::new(),
                config: None,
            },
            Err(e) => return Err(e),
        };
        let memory = self.memory();
        let now = js_sys::Date::now();
        Ok(Page {
            nodes: thread
                .replies
                .into_iter()
                .filter_map(|c| self.to_domain(c, &memory, now))
                .collect(),
            remaining: usize::try_from(thread.hidden_replies).unwrap_or(0),
            thread_total: usize::try_from(thread.total_replies).unwrap_or(0),
            rules: thread.config.map(|c| Rules {
                require_name: c.require_author,
                require_email: c.require_email,
                website_field: true,
                reply_to_self: c.reply_to_self,
                nesting: Some(2),
            }),
        })
    }

    pub async fn post(&self, new: NewComment) -> Result<Posted, StoreError> {
        let parent = match new.parent.as_deref().map(str::parse::<i64>) {
            Some(Ok(id)) => Json::Num(id as f64),
            Some(Err(_)) => return Err(StoreError::NotFound),
            None => Json::Null,
        };
        let body = Json::object([
            ("text", Some(Json::Str(new.text))),
            ("author", Some(new.name.map_or(Json::Null, Json::Str))),
            ("email", Some(new.email.map_or(Json::Null, Json::Str))),
            ("website", Some(new.website.map_or(Json::Null, Json::Str))),
            ("parent", Some(parent)),
            ("title", Some(Json::text(&self.title))),
        ]);
        let reply = self
            .call(
                "POST",
                &self.url("/new", &[("uri", self.uri.clone())]),
                Some(body.to_string()),
            )
            .await?;
        let window = edit_window_seconds(reply.headers.get("x-set-cookie").ok().flatten().as_deref());
        let wire = Self::parse(&reply.body, WireComment::from_json)?;
        let id = wire.id.to_string();
        let until = js_sys::Date::now() + window * 1000.0;
        self.remember(|m| {
            m.own.insert(id.clone(), until);
        });
        let memory = self.memory();
        let node = self
            .to_domain(wire, &memory, js_sys::Date::now())
            .ok_or_else(|| StoreError::BadResponse("comment without a usable id".into()))?;
        Ok(if reply.status == 202 || node.comment.state == CommentState::Pending {
            Posted::AwaitingModeration(node.comment)
        } else {
            Posted::Published(node.comment)
        })
    }

    pub async fn edit(&self, id: &str, text: &str) -> Result<Comment, StoreError> {
        let body = Json::object([("text", Some(Json::text(text)))]).to_string();
        let reply = self
            .call("PUT", &self.url(&format!("/id/{id}"), &[]), Some(body))
            .await?;
        let window = edit_window_seconds(reply.headers.get("x-set-cookie").ok().flatten().as_deref());
        let until = js_sys::Date::now() + window * 1000.0;
        self.remember(|m| {
            m.own.insert(id.to_owned(), until);
        });
        let memory = self.memory();
        let wire = Self::parse(&reply.body, WireComment::from_json)?;
        self.to_domain(wire, &memory, js_sys::Date::now())
            .map(|node| node.comment)
            .ok_or_else(|| StoreError::BadResponse("comment without a usable id".into()))
    }

    /// `Ok(Some(comment))` when the comment stays as "deleted" because it has replies.
    pub async fn delete(&self, id: &str) -> Result<Option<Comment>, StoreError> {
        let reply = self.call("DELETE", &self.url(&format!("/id/{id}"), &[]), None).await?;
        self.remember(|m| {
            m.own.remove(id);
        });
        // Isso answers `null` when the comment is gone, or the comment kept as "deleted".
        let wire = Self::parse(&reply.body, |v| match v {
            Json::Null => Some(None),
            v => WireComment::from_json(v).map(Some),
        })?;
        let memory = self.memory();
        Ok(wire
            .and_then(|w| self.to_domain(w, &memory, js_sys::Date::now()))
            .map(|node| node.comment))
    }

    pub async fn vote(&self, id: &str, vote: Vote) -> Result<(i64, i64), StoreError> {
        let action = if vote == Vote::Like { "like" } else { "dislike" };
        let reply = self
            .call("POST", &self.url(&format!("/id/{id}/{action}"), &[]), Some("{}".into()))
            .await?;
        let votes = Self::parse(&reply.body, |v| {
            Some((v.get("likes")?.as_i64()?, v.get("dislikes")?.as_i64()?))
        })?;
        self.remember(|m| {
            m.votes.insert(id.to_owned(), action.to_owned());
        });
        Ok(votes)
    }

    /// Comment counts for several threads in one request.
    pub async fn counts(endpoint: &str, uris: &[String]) -> Result<Vec<usize>, StoreError> {
        let store = IssoStore::new(endpoint, "", "");
        let body = Json::Arr(uris.iter().map(Json::text).collect()).to_string();
        let reply = store.call("POST", &store.url("/count", &[]), Some(body)).await?;
        Self::parse(&reply.body, |v| {
            v.as_array()?
                .iter()
                .map(|n| n.as_i64().and_then(|n| usize::try_from(n).ok()))
                .collect()
        })
    }
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
    fn wire_thread_parses_isso_json() {
        let json = r#"{"id": null, "total_replies": 3, "hidden_replies": 1, "config": {"require-author": true,
            "require-email": false, "reply-to-self": false, "gravatar": false},
            "replies": [{"id": 1, "parent": null, "text": "<p>hi</p>", "author": "A &amp; B", "website": null,
            "mode": 1, "created": 1464818460.7, "modified": null, "likes": 2, "dislikes": 0, "hash": "x",
            "total_replies": 1, "hidden_replies": 0, "replies": [{"id": 2, "parent": 1, "text": "", "mode": 4,
            "created": 1464818461.0, "likes": 0, "dislikes": 0}]}]}"#;
        let thread = json::parse(json)
            .ok()
            .as_ref()
            .and_then(WireThread::from_json)
            .expect("parses");
        let store = IssoStore::new("http://x/", "/t", "T");
        let node = store
            .to_domain(thread.replies.into_iter().next().expect("one"), &Memory::default(), 0.0)
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
        let read = |text: &str| json::parse(text).ok().as_ref().and_then(WireComment::from_json);
        assert!(read(r#"{"text": "no id"}"#).is_none());
        assert!(read(r#"{"id": "7"}"#).is_none(), "Isso ids are numbers");
        let c = read(r#"{"id": 7, "parent": null, "text": null, "likes": "x"}"#).expect("id is enough");
        assert_eq!((c.id, c.parent, c.text.as_str(), c.likes), (7, None, "", 0));

        let mut memory = Memory::default();
        memory.own.insert("7".into(), 1_764_067_200_000.0);
        memory.votes.insert("3".into(), "dislike".into());
        let back = json::parse(&memory.to_json().to_string()).ok();
        assert_eq!(back.as_ref().and_then(Memory::from_json), Some(memory));
        let old = json::parse(r#"{"own": {"1": "soon"}}"#).ok();
        assert_eq!(old.as_ref().and_then(Memory::from_json), Some(Memory::default()));
    }
}
