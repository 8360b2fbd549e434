//! `<maqal-count>`: a comment-count badge for pages that list articles. Badges connected in the
//! same task are counted with one request per server (Isso's `POST /count`). The count is written
//! as the element's own text, so it takes the host page's link styles.

use std::cell::RefCell;
use std::collections::BTreeMap;

use web_sys::HtmlElement;

use super::article_element::page_language;
use super::config::comments_spec;
use super::registry::register;
use crate::app::config::CommentsSpec;
use crate::backends::wordpress::PostRef;
use crate::backends::{isso, local, wordpress};
use crate::web::i18n::Lang;
use crate::web::intl::plural_category;
use crate::web::url::service_address;

pub const COUNT_TAG: &str = "maqal-count";

thread_local! {
    static PENDING: RefCell<Vec<HtmlElement>> = const { RefCell::new(Vec::new()) };
}

pub fn define() {
    register(
        COUNT_TAG,
        &["comments", "thread", "lang", "wordpress", "post"],
        enqueue,
        enqueue,
        |_| {},
    );
}

/// Queues a badge to be counted in this task's batch, once: an element upgraded with its
/// attributes calls both the attribute callback (once per attribute) and the connect callback.
fn enqueue(badge: HtmlElement) {
    let first = PENDING.with(|pending| {
        let mut pending = pending.borrow_mut();
        if pending.contains(&badge) {
            return false;
        }
        pending.push(badge);
        pending.len() == 1
    });
    if first {
        wasm_bindgen_futures::spawn_local(flush());
    }
}

async fn flush() {
    let badges = PENDING.with(|pending| pending.take());
    let mut by_server: BTreeMap<String, Vec<(HtmlElement, String, Option<String>)>> = BTreeMap::new();
    for badge in badges {
        let thread = badge
            .get_attribute("thread")
            .filter(|t| !t.trim().is_empty())
            .or_else(|| web_sys::window().and_then(|w| w.location().pathname().ok()))
            .unwrap_or_else(|| "/".into());
        let mut warnings = Vec::new();
        let spec = badge.get_attribute("comments");
        let site = badge.get_attribute("wordpress").as_deref().and_then(service_address);
        let post = badge.get_attribute("post").as_deref().and_then(PostRef::parse);
        let wordpress_spec = spec
            .as_deref()
            .is_none_or(|s| s.trim().eq_ignore_ascii_case("wordpress"));
        if let (Some(site), Some(post), true) = (site, post, wordpress_spec) {
            wasm_bindgen_futures::spawn_local(count_wordpress(badge, site, post));
            continue;
        }
        match comments_spec(spec.as_deref().unwrap_or_default(), &mut warnings) {
            CommentsSpec::Isso(endpoint) => by_server.entry(endpoint).or_default().push((badge, thread, spec)),
            CommentsSpec::Local(_) => {
                wasm_bindgen_futures::spawn_local(async move {
                    let count = local::count(thread).await.ok().flatten();
                    show(&badge, count);
                });
            }
            CommentsSpec::WordPress => {
                warnings.push("comments=\"wordpress\" needs the wordpress and post attributes".into())
            }
            CommentsSpec::Off => {}
        }
        for warning in warnings {
            web_sys::console::warn_1(&format!("maqal: <{COUNT_TAG}>: {warning}").into());
        }
    }
    for (endpoint, badges) in by_server {
        // A page has a few badges: a linear dedup is cheaper in bytes than another sort.
        let mut uris: Vec<String> = Vec::new();
        for (_, thread, _) in &badges {
            if !uris.contains(thread) {
                uris.push(thread.clone());
            }
        }
        let counts = match isso::count(endpoint, uris.clone()).await {
            Ok(counting) => counting.await.ok().filter(|c| c.len() == uris.len()),
            Err(_) => None,
        };
        for (badge, thread, spec) in badges {
            // Removed, or pointed elsewhere, while the count was on its way: a newer request (or
            // none) answers for it.
            let asked = badge.get_attribute("thread").filter(|t| !t.trim().is_empty());
            if !badge.is_connected() || badge.get_attribute("comments") != spec || asked.is_some_and(|t| t != thread) {
                continue;
            }
            let count = counts
                .as_ref()
                .and_then(|c| uris.iter().position(|u| *u == thread).map(|i| c[i]));
            show(&badge, count);
        }
    }
}

/// A WordPress post's badge: its own request (WordPress counts one post at a time).
async fn count_wordpress(badge: HtmlElement, site: String, post: PostRef) {
    let asked = (badge.get_attribute("wordpress"), badge.get_attribute("post"));
    let count = match wordpress::count(site, post).await {
        Ok(counting) => counting.await.ok(),
        Err(_) => None,
    };
    // Removed, or pointed at another post, while the count was on its way.
    if badge.is_connected() && (badge.get_attribute("wordpress"), badge.get_attribute("post")) == asked {
        show(&badge, count);
    }
}

/// "3 تعليقات", or just "التعليقات" when the count is unknown (server down, never opened).
fn show(badge: &HtmlElement, count: Option<usize>) {
    let lang = badge
        .get_attribute("lang")
        .as_deref()
        .and_then(Lang::from_tag)
        .unwrap_or_else(|| page_language(badge));
    let t = lang.text();
    let text = match count {
        Some(n) => t.comment_count(n, &plural_category(n, lang.tag())),
        None => t.comments.to_owned(),
    };
    badge.set_text_content(Some(&text));
    let _ = match count {
        Some(n) => badge.set_attribute("data-count", &n.to_string()),
        None => badge.remove_attribute("data-count"),
    };
}
