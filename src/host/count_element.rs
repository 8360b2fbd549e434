//! `<maqal-count>`: a comment-count badge for pages that list articles. Badges connected in the
//! same task are counted with one request per server (Isso's `POST /count`). The count is written
//! as the element's own text, so it takes the host page's link styles.

use std::cell::RefCell;

use futures::future::LocalBoxFuture;
use web_sys::HtmlElement;

use super::attributes::comments_spec;
use super::registry::register;
use crate::app::backend::page_thread;
use crate::app::config::CommentsSpec;
use crate::backends::wordpress::PostRef;
use crate::backends::{isso, local, wordpress};
use crate::web::catalogs;
use crate::web::split::split;
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
    match counter(badges.clone()).await {
        Ok(counting) => counting.await,
        // The part that counts could not be fetched: each badge says "Comments", no number.
        Err(_) => {
            for badge in badges {
                show(&badge, None).await;
            }
        }
    }
}

split!(
    count,
    /// Counts the badges: a part of its own in a release build (an article page without badges
    /// never downloads it; the loader fetches it beside the module where there are some).
    fn counter(badges: Vec<HtmlElement>) -> LocalBoxFuture<'static, ()> {
        Box::pin(count_all(badges))
    }
);

/// A badge, the thread it counts, and its `comments` attribute as it was when asked.
type Badge = (HtmlElement, String, Option<String>);

async fn count_all(badges: Vec<HtmlElement>) {
    // By Isso server, in the order the page names them (a few: a list, not a map's code).
    let mut by_server: Vec<(String, Vec<Badge>)> = Vec::new();
    for badge in badges {
        // Without `thread`, this page's thread, by the widget's own rule (the path and the query,
        // tracking parameters left out): the badge counts what a widget on this page shows.
        let thread = badge
            .get_attribute("thread")
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(page_thread);
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
            CommentsSpec::Isso(endpoint) => match by_server.iter_mut().find(|(e, _)| *e == endpoint) {
                Some((_, badges)) => badges.push((badge, thread, spec)),
                None => by_server.push((endpoint, vec![(badge, thread, spec)])),
            },
            CommentsSpec::Local(_) => {
                wasm_bindgen_futures::spawn_local(async move {
                    let count = local::count(thread).await.ok().flatten();
                    show(&badge, count).await;
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
            show(&badge, count).await;
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
        show(&badge, count).await;
    }
}

/// "٣ تعليقات", or just "التعليقات" when the count is unknown (server down, never opened), in
/// the badge's language (its `lang`, else the page's, else the reader's).
async fn show(badge: &HtmlElement, count: Option<usize>) {
    let lang = catalogs::ensure(catalogs::choose(badge, None)).await;
    let t = lang.text();
    let text = match count {
        Some(n) => lang.count(t.comment_count(), n),
        None => t.comments().to_owned(),
    };
    // Isolated, in its words' direction (a `<bdi>`'s own): "٣ تعليقات" on a left-to-right page
    // keeps its number where Arabic puts it.
    match badge.owner_document().and_then(|d| d.create_element("bdi").ok()) {
        Some(words) => {
            words.set_text_content(Some(&text));
            badge.replace_children_with_node_1(&words);
        }
        None => badge.set_text_content(Some(&text)),
    }
    let _ = match count {
        Some(n) => badge.set_attribute("data-count", &n.to_string()),
        None => badge.remove_attribute("data-count"),
    };
}
