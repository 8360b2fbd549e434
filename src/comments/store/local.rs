//! The zero-setup backend: comments in this browser's `localStorage`, one entry per thread,
//! seeded on first use with the comments the article document carries.

use wasm_bindgen::JsValue;

use super::{Posted, StoreError};
use crate::article::SeedComment;
use crate::comments::model::{Body, Comment, CommentState, Page, PageRequest, page_of, safe_id};
use crate::comments::storage;
use crate::comments::validate::{NewComment, normalize_website};
use crate::dom::sleep;
use crate::embed::LocalOptions;
use crate::json::{Json, Record};

/// The stored (wire) form. Read back through [`StoredComment::into_domain`], which re-checks
/// everything: another script on the page can write to the same storage.
#[derive(Clone, Debug)]
struct StoredComment {
    id: String,
    parent: Option<String>,
    author: Option<String>,
    website: Option<String>,
    text: String,
    created: Option<f64>,
    pending: bool,
}

impl Record for StoredComment {
    fn to_json(&self) -> Json {
        Json::object([
            ("id", Some(Json::text(&self.id))),
            ("parent", self.parent.as_deref().map(Json::text)),
            ("author", self.author.as_deref().map(Json::text)),
            ("website", self.website.as_deref().map(Json::text)),
            ("text", Some(Json::text(&self.text))),
            ("created", self.created.map(Json::Num)),
            ("pending", self.pending.then_some(Json::Bool(true))),
        ])
    }

    fn from_json(value: &Json) -> Option<Self> {
        Some(StoredComment {
            id: value.str_at("id")?,
            parent: value.str_at("parent"),
            author: value.str_at("author"),
            website: value.str_at("website"),
            text: value.str_at("text")?,
            created: value.get("created").and_then(Json::as_f64),
            pending: value.bool_at("pending", false),
        })
    }
}

impl StoredComment {
    fn into_domain(self) -> Option<Comment> {
        Some(Comment {
            id: safe_id(&self.id)?,
            parent: self.parent.as_deref().and_then(safe_id),
            author: self.author.map(|a| a.trim().to_owned()).filter(|a| !a.is_empty()),
            website: self.website.as_deref().and_then(normalize_website),
            body: Body::Text(self.text),
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

#[derive(Clone, Debug)]
pub struct LocalStore {
    key: String,
    seed: Vec<SeedComment>,
    options: LocalOptions,
}

impl LocalStore {
    pub fn new(thread: &str, seed: Vec<SeedComment>, options: LocalOptions) -> LocalStore {
        LocalStore {
            key: format!("maqal:comments:{thread}"),
            seed,
            options,
        }
    }

    /// How many comments this browser holds for `thread`, if it has ever opened it.
    pub fn count(thread: &str) -> Option<usize> {
        let stored: Vec<StoredComment> = storage::read(&format!("maqal:comments:{thread}")).ok().flatten()?;
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

    fn load(&self) -> Result<Vec<StoredComment>, StoreError> {
        if let Some(stored) = storage::read::<Vec<StoredComment>>(&self.key)? {
            return Ok(stored);
        }
        let seeded: Vec<StoredComment> = self
            .seed
            .iter()
            .enumerate()
            .map(|(i, seed)| StoredComment {
                id: format!("seed-{}", i + 1),
                parent: None,
                author: seed.author.clone(),
                website: None,
                text: seed.text.clone(),
                created: seed.date_created.as_deref().map(parse_date).filter(|t| t.is_finite()),
                pending: false,
            })
            .collect();
        // Seeding is best effort: with storage blocked the seeds still show, posting will say why.
        let _ = storage::write(&self.key, &seeded);
        Ok(seeded)
    }

    pub async fn page(&self, request: PageRequest) -> Result<Page, StoreError> {
        self.simulate_network().await?;
        let all: Vec<Comment> = self
            .load()?
            .into_iter()
            .filter_map(StoredComment::into_domain)
            .collect();
        Ok(page_of(&all, &request))
    }

    pub async fn post(&self, new: NewComment) -> Result<Posted, StoreError> {
        self.simulate_network().await?;
        let mut all = self.load()?;
        let stored = StoredComment {
            id: new_id(),
            parent: new.parent,
            author: new.name,
            website: new.website,
            text: new.text,
            created: Some(js_sys::Date::now()),
            pending: self.options.moderated,
        };
        all.push(stored.clone());
        storage::write(&self.key, &all)?;
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

fn parse_date(iso: &str) -> f64 {
    js_sys::Date::new(&JsValue::from_str(iso)).get_time()
}

/// Time-ordered and unique enough for one browser: milliseconds plus 32 random bits, base 36.
fn new_id() -> String {
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
    let now = js_sys::Date::now() as u64;
    let random = (js_sys::Math::random() * f64::from(u32::MAX)) as u64;
    format!("l{}{}", base36(now), base36(random))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let raw = crate::json::parse(r#"[{"id":"a","text":"x","parent":null}, {"text":"no id"}, 7]"#).expect("JSON");
        let parsed = Vec::<StoredComment>::from_json(&raw).expect("a list");
        assert_eq!(parsed.len(), 1);
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
        let back = StoredComment::from_json(&crate::json::parse(&c.to_json().to_string()).expect("JSON"));
        assert_eq!(format!("{back:?}"), format!("{:?}", Some(c)));
    }
}
