//! The zero-setup backend: comments in this browser's `localStorage`, one entry per thread,
//! seeded on first use with the comments the article document carries.

use wasm_bindgen::JsValue;

use web_sys::AbortSignal;

use crate::article::SeedComment;
use crate::comments::model::{
    Body, Comment, CommentId, CommentState, Page, PageRequest, Rules, ancestry, fnv1a, page_of,
};
use crate::comments::store::{Backend, Located, Posted, Reply, Store, StoreError};
use crate::comments::validate::{MAX_TEXT, NewComment, normalize_website};
use crate::web::dom::sleep;
use crate::web::json::{self, JsonError, Loose, loose};
use crate::web::split::split;
use crate::web::storage;
use crate::web::text::cap_chars;
use serde::{Deserialize, Serialize};

/// How the browser store behaves (`comments="local:…"`): a demo or a test can show every state
/// of the form with it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LocalOptions {
    /// Hold every new comment for moderation.
    pub moderated: bool,
    /// Behave like an unreachable server: every request fails.
    pub offline: bool,
    /// Answer after this many milliseconds, like a slow server.
    pub delay_ms: u32,
}

split!(
    local,
    /// The browser store of `thread`, seeded with the article's own comments on first use.
    pub fn open(thread: String, seed: Vec<SeedComment>, options: LocalOptions) -> Backend {
        Backend::new(LocalStore::new(&thread, seed, options))
    }
);

split!(
    local,
    /// How many comments this browser holds for `thread`, if it has ever opened it.
    pub fn count(thread: String) -> Option<usize> {
        LocalStore::count(&thread)
    }
);

/// The stored (wire) form, written with absent members left out. Read back through
/// [`StoredComment::into_domain`], which re-checks everything: another script on the page can
/// write to the same storage.
#[derive(Clone, Debug, PartialEq, Serialize)]
struct StoredComment {
    id: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    parent: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    author: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    website: Option<String>,
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    created: Option<f64>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pending: bool,
}

/// An entry as read: every member lenient.
#[derive(Default, Deserialize)]
struct StoredEntry {
    #[serde(default, deserialize_with = "loose")]
    id: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    parent: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    author: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    website: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    text: Option<String>,
    #[serde(default, deserialize_with = "loose")]
    created: Option<f64>,
    #[serde(default, deserialize_with = "loose")]
    pending: Option<bool>,
}
crate::lenient_record!(StoredEntry);

impl StoredComment {
    /// An entry needs its id and text; a mistyped member reads as absent.
    fn read(entry: StoredEntry) -> Option<StoredComment> {
        Some(StoredComment {
            id: entry.id?,
            parent: entry.parent,
            author: entry.author,
            website: entry.website,
            text: entry.text?,
            created: entry.created,
            pending: entry.pending.unwrap_or(false),
        })
    }

    /// The entries of a stored thread that can be read, and how many could not (a value that
    /// is not a list at all counts as one). Text that is not JSON at all is an error.
    fn read_all(raw: &str) -> Result<(Vec<StoredComment>, usize), JsonError> {
        let entries: Vec<Loose<StoredEntry>> = match json::parse(raw) {
            Ok(entries) => entries,
            Err(JsonError::Shape) => return Ok((Vec::new(), 1)),
            Err(e) => return Err(e),
        };
        let count = entries.len();
        let kept: Vec<StoredComment> = entries
            .into_iter()
            .filter_map(|entry| StoredComment::read(entry.0?))
            .collect();
        let skipped = count - kept.len();
        Ok((kept, skipped))
    }

    fn write_all(key: &str, comments: &[StoredComment]) -> Result<(), StoreError> {
        Ok(storage::write(key, comments)?)
    }

    fn into_domain(self) -> Option<Comment> {
        Some(Comment {
            id: CommentId::parse(&self.id)?,
            parent: self.parent.as_deref().and_then(CommentId::parse),
            author: self.author.map(|a| a.trim().to_owned()).filter(|a| !a.is_empty()),
            website: self.website.as_deref().and_then(normalize_website),
            avatar: None,
            // Capped as the form caps it: the entry may have been written by anyone.
            body: Body::Text(cap_chars(self.text, MAX_TEXT)),
            created: self.created.filter(|t| t.is_finite()),
            state: if self.pending {
                CommentState::Pending
            } else {
                CommentState::Published
            },
            likes: 0,
            dislikes: 0,
            editable_until: None,
            my_vote: None,
        })
    }
}

/// What this browser holds for one thread.
struct Loaded {
    comments: Vec<StoredComment>,
    /// Entries that could not be read (left out of the thread, kept in storage until a write).
    unreadable: usize,
}

#[derive(Clone, Debug)]
pub struct LocalStore {
    key: String,
    seed_prefix: String,
    seed: Vec<SeedComment>,
    options: LocalOptions,
}

impl LocalStore {
    pub fn new(thread: &str, seed: Vec<SeedComment>, options: LocalOptions) -> LocalStore {
        LocalStore {
            key: LocalStore::key_for(thread),
            seed_prefix: seed_prefix(thread),
            seed,
            options,
        }
    }

    /// The `localStorage` key of a thread's comments.
    pub fn key_for(thread: &str) -> String {
        format!("maqal:comments:{thread}")
    }

    /// How many comments this browser holds for `thread`, if it has ever opened it.
    pub fn count(thread: &str) -> Option<usize> {
        let stored = storage::read_raw(&LocalStore::key_for(thread)).ok().flatten()?;
        let (stored, _) = StoredComment::read_all(&stored).ok()?;
        Some(stored.into_iter().filter(|c| !c.pending).count())
    }

    async fn simulate_network(&self) -> Result<(), StoreError> {
        if self.options.delay_ms > 0 {
            sleep(self.options.delay_ms).await;
        }
        if self.options.offline {
            return Err(StoreError::Unavailable("local:offline".into()));
        }
        Ok(())
    }

    fn load(&self) -> Loaded {
        let raw = match storage::read_raw(&self.key) {
            Ok(Some(raw)) => raw,
            Ok(None) => {
                let comments = self.seeded();
                // Seeding is best effort: with storage blocked the seeds still show, posting says why.
                let _ = StoredComment::write_all(&self.key, &comments);
                return Loaded {
                    comments,
                    unreadable: 0,
                };
            }
            Err(_) => {
                return Loaded {
                    comments: self.seeded(),
                    unreadable: 0,
                };
            }
        };
        match StoredComment::read_all(&raw) {
            Ok((comments, unreadable)) => Loaded { comments, unreadable },
            // Not JSON at all: the thread starts again from the article's comments (the damaged
            // text is kept aside by the next write), rather than failing forever.
            Err(_) => Loaded {
                comments: self.seeded(),
                unreadable: 1,
            },
        }
    }

    /// Before a write replaces an entry with unreadable parts, keep the original beside it
    /// (`…:damaged`), so nothing anyone wrote is thrown away unseen.
    fn keep_damaged(&self) {
        if let Ok(Some(raw)) = storage::read_raw(&self.key) {
            let _ = storage::write(&format!("{}:damaged", self.key), &raw);
        }
    }

    /// The article's own comments, with ids unique to this thread (so two widgets on one page
    /// never both have a `comment-…` element of the same id).
    fn seeded(&self) -> Vec<StoredComment> {
        self.seed
            .iter()
            .enumerate()
            .map(|(i, seed)| StoredComment {
                id: format!("{}{}", self.seed_prefix, i + 1),
                parent: None,
                author: seed.author.clone(),
                website: None,
                text: seed.text.clone(),
                created: seed.date_created.as_deref().map(parse_date).filter(|t| t.is_finite()),
                pending: false,
            })
            .collect()
    }

    fn all(&self) -> (Vec<Comment>, usize) {
        let loaded = self.load();
        let all = loaded
            .comments
            .into_iter()
            .filter_map(StoredComment::into_domain)
            .collect();
        (all, loaded.unreadable)
    }

    async fn read_page(&self, request: PageRequest) -> Result<Page, StoreError> {
        self.simulate_network().await?;
        let (all, unreadable) = self.all();
        Ok(Page {
            unreadable,
            ..page_of(&all, &request)
        })
    }

    /// The chain from a top-level comment down to `id`, if `id` is in this thread.
    async fn find_path(&self, id: &CommentId) -> Result<Located, StoreError> {
        self.simulate_network().await?;
        Ok(ancestry(&self.all().0, id).map_or(Located::Absent, Located::Path))
    }

    /// A comment sent at or after `since` (ms) with this text, author and parent, if one is stored.
    async fn find(&self, sent: &NewComment, since: f64) -> Result<Option<Posted>, StoreError> {
        self.simulate_network().await?;
        let found = self.all().0.into_iter().find(|c| {
            c.created.is_some_and(|t| t >= since)
                && c.parent == sent.parent
                && c.author == sent.name
                && c.body == Body::Text(sent.text.clone())
        });
        Ok(found.map(|c| {
            if c.state == CommentState::Pending {
                Posted::AwaitingModeration(c)
            } else {
                Posted::Published(c)
            }
        }))
    }

    async fn publish(&self, new: NewComment) -> Result<Posted, StoreError> {
        self.simulate_network().await?;
        let Loaded {
            mut comments,
            unreadable,
        } = self.load();
        if unreadable > 0 {
            self.keep_damaged();
        }
        let stored = StoredComment {
            id: new_id(),
            parent: new.parent.map(String::from),
            author: new.name,
            website: new.website,
            text: new.text,
            created: Some(js_sys::Date::now()),
            pending: self.options.moderated,
        };
        comments.push(stored.clone());
        StoredComment::write_all(&self.key, &comments)?;
        let comment = stored
            .into_domain()
            .ok_or_else(|| StoreError::Storage("unreadable comment".into()))?;
        Ok(if self.options.moderated {
            Posted::AwaitingModeration(comment)
        } else {
            Posted::Published(comment)
        })
    }
}

impl Store for LocalStore {
    /// WordPress's defaults: name and email required.
    fn rules(&self) -> Rules {
        Rules::default()
    }

    /// Nothing to abort: every read is answered from this browser.
    fn with_abort(&self, _signal: AbortSignal) -> Backend {
        Backend::new(self.clone())
    }

    fn shared_key(&self) -> Option<&str> {
        Some(&self.key)
    }

    /// Every readable comment of the thread, at once (another tab wrote to it).
    fn snapshot(&self) -> Option<Vec<Comment>> {
        Some(self.all().0)
    }

    fn page(&self, request: PageRequest) -> Reply<'_, Page> {
        Box::pin(self.read_page(request))
    }

    fn locate<'a>(&'a self, id: &'a CommentId) -> Reply<'a, Located> {
        Box::pin(self.find_path(id))
    }

    fn find_posted<'a>(&'a self, sent: &'a NewComment, since: f64) -> Reply<'a, Option<Posted>> {
        Box::pin(self.find(sent, since))
    }

    fn post(&self, comment: NewComment) -> Reply<'_, Posted> {
        Box::pin(self.publish(comment))
    }
}

fn parse_date(iso: &str) -> f64 {
    js_sys::Date::new(&JsValue::from_str(iso)).get_time()
}

fn base36(mut n: u64) -> String {
    let mut digits = Vec::new();
    loop {
        digits.push(char::from_digit((n % 36) as u32, 36).unwrap_or('0'));
        n /= 36;
        if n == 0 {
            break;
        }
    }
    digits.iter().rev().collect()
}

/// `s<hash of the thread>-`: seed ids differ between threads (FNV-1a, base 36).
fn seed_prefix(thread: &str) -> String {
    format!("s{}-", base36(u64::from(fnv1a(thread))))
}

/// Time-ordered and unique enough for one browser: milliseconds plus 32 random bits, base 36.
fn new_id() -> String {
    let now = js_sys::Date::now() as u64;
    let random = (js_sys::Math::random() * f64::from(u32::MAX)) as u64;
    format!("l{}{}", base36(now), base36(random))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_entries_read_anything() {
        json::reads_anything::<Vec<Loose<StoredEntry>>>(
            r#"[{"id": "c1", "parent": "c0", "author": "a", "website": "https://x", "text": "t", "created": 1.5, "pending": true}]"#,
        );
    }

    fn stored(id: &str) -> StoredComment {
        StoredComment {
            id: id.into(),
            parent: None,
            author: None,
            website: None,
            text: "t".into(),
            created: None,
            pending: false,
        }
    }

    #[test]
    fn stored_comments_are_rechecked_on_the_way_in() {
        assert_eq!(stored("a\"><img>").into_domain(), None, "unsafe ids are dropped");
        let c = StoredComment {
            parent: Some("x y".into()),
            author: Some("  ".into()),
            website: Some("javascript:alert(1)".into()),
            created: Some(f64::NAN),
            pending: true,
            ..stored("ok-1")
        }
        .into_domain()
        .expect("kept");
        assert_eq!((c.parent, c.author, c.website, c.created), (None, None, None, None));
        assert_eq!(c.state, CommentState::Pending);
        let c = StoredComment {
            website: Some("example.com".into()),
            created: Some(5.0),
            ..stored("b")
        }
        .into_domain();
        assert_eq!(
            c.map(|c| (c.website, c.created)),
            Some((Some("https://example.com".into()), Some(5.0)))
        );
    }

    #[test]
    fn the_wire_format_tolerates_missing_fields_and_skips_unreadable_entries() {
        let raw = r#"[{"id":"a","text":"x","parent":null,"created":"soon"}, {"text":"no id"}, 7]"#;
        let (parsed, skipped) = StoredComment::read_all(raw).expect("JSON");
        assert_eq!(
            StoredComment::read_all(r#"{"id":"a"}"#),
            Ok((Vec::new(), 1)),
            "not a list"
        );
        assert_eq!(StoredComment::read_all("[{"), Err(JsonError::NotJson));
        assert_eq!((parsed.len(), skipped), (1, 2));
        assert_eq!(parsed[0].created, None, "a mistyped date is no date");
        assert_eq!(
            parsed[0].clone().into_domain().map(|c| c.state),
            Some(CommentState::Published)
        );
    }

    #[test]
    fn stored_comments_round_trip() {
        let c = StoredComment {
            parent: Some("p".into()),
            author: Some("علي".into()),
            website: Some("https://example.com/".into()),
            created: Some(1_764_067_200_123.0),
            pending: true,
            ..stored("l1")
        };
        let back = StoredComment::read_all(&json::to_string(&[&c])).expect("JSON");
        assert_eq!(back, (vec![c], 0));
        let earlier = r#"[{"id":"x","parent":"p","text":"t","created":1764067200123,"pending":true}]"#;
        let (earlier, _) = StoredComment::read_all(earlier).expect("as earlier versions wrote it");
        assert_eq!(
            earlier.first().map(|c| (c.parent.as_deref(), c.created, c.pending)),
            Some((Some("p"), Some(1_764_067_200_123.0), true))
        );
        let plain = json::to_string(&stored("x"));
        assert_eq!(plain, r#"{"id":"x","text":"t"}"#, "absent members are left out");
    }

    #[test]
    fn seed_ids_differ_between_threads_and_stay_safe() {
        let (a, b) = (seed_prefix("/news/a"), seed_prefix("/news/b"));
        assert_ne!(a, b);
        assert_eq!(a, seed_prefix("/news/a"), "stable");
        assert!(CommentId::parse(&format!("{a}12")).is_some());
    }

    #[test]
    fn stored_text_is_capped_like_typed_text() {
        let long = StoredComment {
            text: "ت".repeat(MAX_TEXT + 500),
            ..stored("long")
        };
        let Some(Comment {
            body: Body::Text(text), ..
        }) = long.into_domain()
        else {
            panic!("kept")
        };
        assert_eq!(text.chars().count(), MAX_TEXT);
    }
}
