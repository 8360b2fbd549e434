//! A panic must never leave a blank box: report it, then put a message in every widget.
//! With `panic = "abort"` the module is dead after this hook returns, so every widget is told.

use wasm_bindgen::JsCast;

use super::article_element::has_own_html;
use super::config::TAG;
use super::registry::known_hosts;
use super::stylesheet;
use crate::web::events::{Part, State, WidgetEvent, dispatch, set_state};
use crate::web::i18n::Lang;

pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("maqal: internal error: {info}").into());
        let Some(document) = web_sys::window().and_then(|w| w.document()) else {
            return;
        };
        // The widgets we know of (also those inside other components' shadow roots), and any
        // the document shows that we do not.
        let mut hosts: Vec<web_sys::Element> = known_hosts().into_iter().map(Into::into).collect();
        if let Ok(found) = document.query_selector_all(TAG) {
            for i in 0..found.length() {
                if let Some(host) = found.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                    && !hosts.contains(&host)
                {
                    hosts.push(host);
                }
            }
        }
        for host in hosts {
            let shadow = match host.shadow_root() {
                Some(shadow) => shadow,
                None => match host.attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open)) {
                    Ok(shadow) => {
                        // A widget that had not rendered yet: its notice needs the stylesheet too.
                        stylesheet::adopt(&shadow);
                        shadow
                    }
                    Err(_) => continue,
                },
            };
            let lang = shadow
                .query_selector("[lang]")
                .ok()
                .flatten()
                .and_then(|el| el.get_attribute("lang"))
                .or_else(|| {
                    host.closest("[lang]")
                        .ok()
                        .flatten()
                        .and_then(|el| el.get_attribute("lang"))
                });
            let lang = Lang::negotiate(lang.as_deref());
            let Ok(notice) = document.create_element("p") else {
                continue;
            };
            notice.set_class_name("maqal-crashed");
            let _ = notice.set_attribute("role", "alert");
            let _ = notice.set_attribute("lang", lang.tag());
            let _ = notice.set_attribute("dir", lang.dir().as_str());
            // Styled by the widget's stylesheet (`.maqal-crashed`), never a style attribute,
            // which a strict CSP would refuse.
            notice.set_text_content(Some(lang.text().err_crashed));
            shadow.replace_children_with_node_1(&notice);
            // The notice is what it shows now: the space held for an article is let go.
            if let Some(host) = host.dyn_ref::<web_sys::HtmlElement>() {
                set_state(host, State::Shown, true);
                // Laid out as the page laid it out, like while the widget ran (`own-html`).
                set_state(host, State::OwnHtml, has_own_html(host));
            }
            // The page's error reporting hears of it too.
            dispatch(
                &host,
                &WidgetEvent::Error {
                    part: Part::Article,
                    kind: "crash",
                },
            );
            // The publisher's own article HTML, if any, stays readable under the notice.
            if has_own_html(&host)
                && let Ok(slot) = document.create_element("slot")
            {
                let _ = shadow.append_child(&slot);
            }
        }
    }));
}

/// For the browser tests and for publishers checking their error reporting: panics on purpose,
/// which must end in a console report and a message in each widget, not a blank page region.
#[wasm_bindgen::prelude::wasm_bindgen(js_name = maqalSelfTestPanic)]
pub fn self_test_panic() {
    panic!("self-test panic requested");
}
