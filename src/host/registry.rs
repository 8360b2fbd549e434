//! How the page meets the module: the custom-element class (a real JS class, whose callbacks
//! land in Rust), every widget element this module knows (rendered, about to be, being
//! rendered), and their mounted Leptos roots.

use std::any::Any;
use std::cell::RefCell;

use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

use crate::web::dom::next_task;

// A custom element class must be a real JS class; everything else happens in Rust.
#[wasm_bindgen(inline_js = r#"
export function defineElement(tag, observed, onConnect, onAttributeChange, onDisconnect) {
  if (customElements.get(tag)) return false;
  customElements.define(tag, class extends HTMLElement {
    static get observedAttributes() { return observed; }
    // The connected elements, also inside other components' shadow roots, for the loader to reach
    // after the module has stopped (maqal.js sets maqalCrashed then, and nothing calls it again).
    static maqalInstances = new Set();
    static maqalCrashed = null;
    constructor() {
      super();
      // Custom states (`:state(shown)`) say things about the widget to CSS without touching the
      // publisher's attributes.
      try { this.maqalInternals = this.attachInternals(); } catch { this.maqalInternals = null; }
    }
    connectedCallback() {
      this.constructor.maqalInstances.add(this);
      if (this.constructor.maqalCrashed) this.constructor.maqalCrashed(this);
      else onConnect(this);
    }
    disconnectedCallback() {
      this.constructor.maqalInstances.delete(this);
      if (!this.constructor.maqalCrashed) onDisconnect(this);
    }
    attributeChangedCallback(name, before, after) {
      if (before !== after && this.isConnected && !this.constructor.maqalCrashed) onAttributeChange(this);
    }
  });
  return true;
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
pub fn take_pending(host: &HtmlElement) -> bool {
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

/// Renders `host` with `render` in the next task, once, however many times this is called before
/// then: a framework that sets four attributes in one task causes one render and one fetch, and
/// loading the script (wasm compilation and instantiation) and the first render are two shorter
/// tasks.
pub fn schedule_render(host: HtmlElement, render: fn(&HtmlElement)) {
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

pub fn is_mounted(host: &HtmlElement) -> bool {
    MOUNTED.with(|mounted| mounted.borrow().iter().any(|(h, _)| h == host))
}

/// Keeps `handle` (a mounted Leptos root) for as long as `host` shows it.
pub fn keep_mounted(host: HtmlElement, handle: Box<dyn Any>) {
    MOUNTED.with(|mounted| mounted.borrow_mut().push((host, handle)));
}

/// Says which element is being rendered now (`None` once it is mounted): a panic in the middle
/// of a render still finds it.
pub fn set_rendering(host: Option<HtmlElement>) {
    RENDERING.with_borrow_mut(|r| *r = host);
}

/// Unmounts what `host` shows, running its cleanups.
pub fn unmount(host: &HtmlElement) {
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
        Ok(false) => web_sys::console::warn_1(
            &format!("maqal: <{tag}> was already defined; this copy of the script does nothing").into(),
        ),
        Err(e) => web_sys::console::error_2(&format!("maqal: could not define <{tag}>:").into(), &e),
    }
    // The element class calls these for the lifetime of the page.
    on_connect.forget();
    on_change.forget();
    on_disconnect.forget();
}
