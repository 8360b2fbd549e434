//! The `<maqal-article>` custom element: each connected element gets its own shadow root
//! (styles isolated both ways) and its own Leptos root.

use std::any::Any;
use std::cell::RefCell;

use leptos::prelude::*;
use send_wrapper::SendWrapper;
use wasm_bindgen::prelude::*;
use web_sys::{HtmlElement, ShadowRootInit, ShadowRootMode};

use crate::dom::next_task;
use crate::embed::{Config, OBSERVED_ATTRIBUTES, TAG};
use crate::host::Host;
use crate::i18n::Lang;
use crate::widget::Widget;

// A custom element class must be a real JS class; everything else happens in Rust.
#[wasm_bindgen(inline_js = r#"
export function defineElement(tag, observed, onConnect, onAttributeChange, onDisconnect) {
  if (customElements.get(tag)) return false;
  customElements.define(tag, class extends HTMLElement {
    static get observedAttributes() { return observed; }
    constructor() {
      super();
      // Custom states (`:state(shown)`) say things about the widget to CSS without touching the
      // publisher's attributes.
      try { this.maqalInternals = this.attachInternals(); } catch { this.maqalInternals = null; }
    }
    connectedCallback() { onConnect(this); }
    disconnectedCallback() { onDisconnect(this); }
    attributeChangedCallback(name, before, after) {
      if (before !== after && this.isConnected) onAttributeChange(this);
    }
  });
  return true;
}
export function setState(element, name, on) {
  try { element.maqalInternals?.states?.[on ? 'add' : 'delete'](name); } catch { /* no custom states */ }
}
"#)]
extern "C" {
    #[wasm_bindgen(js_name = defineElement, catch)]
    fn define_element(
        tag: &str,
        observed: js_sys::Array,
        on_connect: &Closure<dyn Fn(HtmlElement)>,
        on_attribute_change: &Closure<dyn Fn(HtmlElement)>,
        on_disconnect: &Closure<dyn Fn(HtmlElement)>,
    ) -> Result<bool, JsValue>;

    /// Adds or removes a custom state (`:state(name)` in CSS) of a widget element.
    #[wasm_bindgen(js_name = setState)]
    pub fn set_state(element: &HtmlElement, name: &str, on: bool);
}

thread_local! {
    /// Each live widget's Leptos root. Dropping a handle unmounts the widget and disposes its
    /// owner (listeners, timers, pending work), so re-renders and removed elements leak nothing.
    static MOUNTED: RefCell<Vec<(HtmlElement, Box<dyn Any>)>> = const { RefCell::new(Vec::new()) };
}

thread_local! {
    /// Connected elements whose first render is scheduled for the next task.
    static PENDING: RefCell<Vec<HtmlElement>> = const { RefCell::new(Vec::new()) };
    /// The element being rendered right now (between unmounting and mounting), so a panic in
    /// the middle of a render still finds it.
    static RENDERING: RefCell<Option<HtmlElement>> = const { RefCell::new(None) };
}

/// Removes `host` from the pending list; whether it was there.
fn take_pending(host: &HtmlElement) -> bool {
    PENDING.with_borrow_mut(|pending| {
        let at = pending.iter().position(|h| h == host);
        at.map(|at| pending.swap_remove(at)).is_some()
    })
}

/// Every widget host this module knows: rendered or about to be. Includes hosts inside other
/// components' shadow roots, which no document query finds. Empty rather than a panic if the
/// lists are being changed (the panic hook calls this).
pub fn known_hosts() -> Vec<HtmlElement> {
    let mut hosts: Vec<HtmlElement> = MOUNTED
        .try_with(|m| {
            m.try_borrow()
                .map(|m| m.iter().map(|(h, _)| h.clone()).collect())
                .unwrap_or_default()
        })
        .unwrap_or_default();
    let pending: Vec<HtmlElement> = PENDING
        .try_with(|p| p.try_borrow().map(|p| p.clone()).unwrap_or_default())
        .unwrap_or_default();
    hosts.extend(pending);
    let rendering = RENDERING
        .try_with(|r| r.try_borrow().ok().and_then(|r| r.clone()))
        .ok()
        .flatten();
    hosts.extend(rendering);
    hosts
}

/// Renders `host` in the next task, once, however many times this is called before then: a
/// framework that sets four attributes in one task causes one render and one fetch, and loading
/// the script (wasm compilation and instantiation) and the first render are two shorter tasks.
fn schedule_render(host: HtmlElement) {
    if PENDING.with_borrow(|pending| pending.contains(&host)) {
        return;
    }
    PENDING.with_borrow_mut(|pending| pending.push(host.clone()));
    wasm_bindgen_futures::spawn_local(async move {
        next_task().await;
        if take_pending(&host) && host.is_connected() {
            render(&host);
        }
    });
}

fn is_mounted(host: &HtmlElement) -> bool {
    MOUNTED.with(|mounted| mounted.borrow().iter().any(|(h, _)| h == host))
}

fn unmount(host: &HtmlElement) {
    let old = MOUNTED.with(|mounted| {
        let mut mounted = mounted.borrow_mut();
        let at = mounted.iter().position(|(h, _)| h == host)?;
        Some(mounted.swap_remove(at))
    });
    // Dropped outside the borrow: unmounting runs the widget's cleanups.
    drop(old);
}

/// Registers a custom element whose life is handled by Rust callbacks. Elements already in the
/// page upgrade now, later ones on insertion.
pub fn register(
    tag: &str,
    observed: &[&str],
    on_connect: fn(HtmlElement),
    on_change: fn(HtmlElement),
    on_disconnect: fn(HtmlElement),
) {
    let on_connect = Closure::<dyn Fn(HtmlElement)>::new(on_connect);
    let on_change = Closure::<dyn Fn(HtmlElement)>::new(on_change);
    let on_disconnect = Closure::<dyn Fn(HtmlElement)>::new(on_disconnect);
    let observed = observed.iter().map(|a| JsValue::from_str(a)).collect();
    match define_element(tag, observed, &on_connect, &on_change, &on_disconnect) {
        Ok(true) => {}
        Ok(false) => log(&format!(
            "<{tag}> was already defined; this copy of the script does nothing"
        )),
        Err(e) => web_sys::console::error_2(&format!("maqal: could not define <{tag}>:").into(), &e),
    }
    // The element class calls these for the lifetime of the page.
    on_connect.forget();
    on_change.forget();
    on_disconnect.forget();
}

/// Registers `<maqal-article>`.
pub fn define() {
    register(
        TAG,
        OBSERVED_ATTRIBUTES,
        |host| {
            if !is_mounted(&host) {
                schedule_render(host);
            }
        },
        // Attributes set before the first render are read by it; later changes re-render.
        schedule_render,
        // Removed (or being moved): release everything; connecting again renders afresh.
        |host| {
            take_pending(&host);
            unmount(&host);
        },
    );
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
    crate::styles::adopt(&shadow);
    shadow.replace_children_with_node_1(&mount_point);

    let inline_json = host
        // Not the structured data the widget itself writes there.
        .query_selector(crate::structured::PUBLISHERS)
        .ok()
        .flatten()
        .and_then(|script| script.text_content());
    let config = Config::from_element(|name| host.get_attribute(name), inline_json);
    for warning in &config.warnings {
        log(&format!("<{TAG}>: {warning}"));
    }
    let page_lang = page_language(host);
    let own_html = has_own_html(host);
    RENDERING.with_borrow_mut(|r| *r = Some(host.clone()));
    let frame = mount_point.clone();
    let element = host.clone();
    let handle = leptos::mount::mount_to(mount_point.unchecked_into(), move || {
        crate::theme::follow(element.clone(), frame);
        Host::provide(element.clone());
        // The structured data describes what this widget shows; it goes with the widget.
        let written = SendWrapper::new(element);
        on_cleanup(move || crate::structured::remove(&written));
        view! { <Widget config page_lang own_html /> }
    });
    MOUNTED.with(|mounted| mounted.borrow_mut().push((host.clone(), Box::new(handle))));
    RENDERING.with_borrow_mut(|r| *r = None);
}

/// Whether the publisher put content of their own inside the element (the article as their
/// server renders it), besides the JSON-LD script.
pub fn has_own_html(host: &web_sys::Element) -> bool {
    let children = host.children();
    (0..children.length())
        .filter_map(|i| children.item(i))
        .any(|child| !child.tag_name().eq_ignore_ascii_case("script"))
}

/// The language of the surrounding page (nearest `lang` above the element), then the reader's.
pub fn page_language(host: &HtmlElement) -> Lang {
    let inherited = host
        .parent_element()
        .and_then(|parent| parent.closest("[lang]").ok().flatten())
        .and_then(|el| el.get_attribute("lang"));
    let preferred: Vec<String> = window()
        .navigator()
        .languages()
        .iter()
        .filter_map(|l| l.as_string())
        .collect();
    Lang::negotiate(inherited.iter().chain(preferred.iter()).map(String::as_str))
}

fn log(message: &str) {
    web_sys::console::warn_1(&format!("maqal: {message}").into());
}
