//! The `<maqal-article>` custom element: each connected element gets its own shadow root
//! (styles isolated both ways) and its own Leptos root, rendered again whenever what it was told
//! changes: an attribute, the JSON-LD inside it, or the publisher's own article HTML.

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, MutationObserver, MutationObserverInit, ShadowRootInit, ShadowRootMode};

use super::attributes::{OBSERVED_ATTRIBUTES, TAG, read};
use super::registry::{is_mounted, keep_mounted, register, schedule_render, set_rendering, take_pending, unmount};
use super::stylesheet;
use crate::app::Widget;
use crate::comments::structured;
use crate::comments::view::OWN_COMMENTS_SLOT;
use crate::comments::view::own::hold_place;
use crate::web::events::Host;

/// Registers `<maqal-article>`.
pub fn define() {
    register(
        TAG,
        OBSERVED_ATTRIBUTES,
        |host| {
            if !is_mounted(&host) {
                schedule_render(host, render);
            }
        },
        // Attributes set before the first render are read by it; later changes re-render.
        |host| schedule_render(host, render),
        // Removed (or being moved): release everything; connecting again renders afresh.
        |host| {
            take_pending(&host);
            unmount(&host);
        },
    );
}

/// What the element's own content tells the widget: the publisher's JSON-LD (the article
/// inline), whether their own article HTML is inside, and whether their own comments are (after
/// the article).
#[derive(Clone, PartialEq)]
struct Content {
    inline_json: Option<String>,
    own_html: bool,
    own_comments: bool,
}

impl Content {
    fn read(host: &HtmlElement) -> Content {
        Content {
            inline_json: host
                // Not the structured data the widget itself writes there.
                .query_selector(structured::PUBLISHERS)
                .ok()
                .flatten()
                .and_then(|script| script.text_content()),
            // Alone (`mode="comments"`), what is inside is the page's comments, not an article.
            own_html: !comments_only(host) && has_own_html(host),
            own_comments: own_comment_elements(host).is_some(),
        }
    }
}

/// (Re)renders the widget inside the host's shadow root.
fn render(host: &HtmlElement) {
    let shadow = match host.shadow_root() {
        Some(shadow) => shadow,
        None => match host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open)) {
            Ok(shadow) => shadow,
            Err(e) => {
                web_sys::console::error_2(&"maqal: cannot attach a shadow root:".into(), &e);
                return;
            }
        },
    };
    let Ok(mount_point) = document().create_element("div") else {
        return;
    };
    mount_point.set_class_name("maqal");
    unmount(host);
    stylesheet::adopt(&shadow);
    shadow.replace_children_with_node_1(&mount_point);

    let content = Content::read(host);
    let config = read(|name| host.get_attribute(name), content.inline_json.clone());
    for warning in &config.warnings {
        web_sys::console::warn_1(&format!("maqal: <{TAG}>: {warning}").into());
    }
    let own_html = content.own_html;
    // The page's own comments show through a slot of their own: in the comments' place once the
    // widget has a comments region (its slot comes first in the tree, and takes them), else after
    // the widget (before its article, or without comments of its own), until its list replaces
    // them (`comments::view::own`).
    let own_comments = content.own_comments;
    if let Some(found) = own_comment_elements(host) {
        for i in 0..found.length() {
            if let Some(element) = found.item(i).and_then(|node| node.dyn_into::<web_sys::Element>().ok()) {
                let _ = element.set_attribute("slot", OWN_COMMENTS_SLOT);
            }
        }
    }
    if own_comments {
        hold_place(&shadow);
    }
    set_rendering(Some(host.clone()));
    let frame = mount_point.clone();
    let element = host.clone();
    let handle = leptos::mount::mount_to(mount_point.unchecked_into(), move || {
        crate::ui::theme::follow(element.clone(), frame);
        Host::provide(element.clone());
        watch_content(element.clone(), content);
        // The structured data describes what this widget shows; it goes with the widget.
        let written = SendWrapper::new(element);
        on_cleanup(move || structured::remove(&written));
        view! { <Widget config own_html own_comments /> }
    });
    keep_mounted(host.clone(), Box::new(handle));
    set_rendering(None);
}

/// Renders `host` again when a framework swaps what is inside it (new JSON-LD, the publisher's
/// own HTML added or removed), for as long as the current render lives. The structured data the
/// widget writes there itself changes nothing.
fn watch_content(host: HtmlElement, rendered: Content) {
    let on_change = {
        let host = host.clone();
        Closure::<dyn Fn()>::new(move || {
            if Content::read(&host) != rendered {
                schedule_render(host.clone(), render);
            }
        })
    };
    let Ok(observer) = MutationObserver::new(on_change.as_ref().unchecked_ref()) else {
        return;
    };
    let options = MutationObserverInit::new();
    options.set_child_list(true);
    options.set_character_data(true);
    options.set_subtree(true);
    let _ = observer.observe_with_options(&host, &options);
    let parts = SendWrapper::new((observer, on_change));
    on_cleanup(move || {
        let (observer, _closure) = parts.take();
        observer.disconnect();
    });
}

/// The page's own comments: what the publisher put inside the element after their article (its
/// first `<article>` child), as their server renders it (WordPress's comment list and form, or
/// any markup), scripts aside. None without such an article. With `mode="comments"` (the page
/// shows the article itself, as a WordPress theme does), everything inside, scripts aside.
fn own_comment_elements(host: &web_sys::Element) -> Option<web_sys::NodeList> {
    let selector = if comments_only(host) {
        ":scope > :not(script)"
    } else {
        ":scope > article ~ :not(script)"
    };
    host.query_selector_all(selector)
        .ok()
        .filter(|found| found.length() > 0)
}

/// `mode="comments"`: the comments alone (read here too: it decides what the content inside is).
fn comments_only(host: &web_sys::Element) -> bool {
    host.get_attribute("mode")
        .is_some_and(|mode| mode.trim().eq_ignore_ascii_case("comments"))
}

/// Whether the publisher put content of their own inside the element (the article as their
/// server renders it), besides the JSON-LD script.
pub fn has_own_html(host: &web_sys::Element) -> bool {
    let children = host.children();
    (0..children.length())
        .filter_map(|i| children.item(i))
        .any(|child| !child.tag_name().eq_ignore_ascii_case("script"))
}
