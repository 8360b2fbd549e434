//! The catalogues a page has: English, built in, and the others as files beside the module
//! (`i18n/<language>.json`). The loader owns both the choice and the files: it decides which
//! language an element speaks (its `lang`, its article's `inLanguage`, the page's, the reader's)
//! and starts the download of the page's catalogues beside the module's, so a catalogue is
//! usually here before a widget asks; one that turns out to speak another language asks for it
//! while its comments are on their way.

use std::cell::RefCell;

use futures::FutureExt;
use futures::future::{LocalBoxFuture, Shared};
use js_sys::{Array, Function, Promise};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::i18n::{Catalog, Lang, english};
use super::json;

/// Locales and catalogue names a page may name (each is kept for the page's life); beyond these,
/// English.
const MAX_NAMES: usize = 256;

#[derive(Default)]
struct Catalogues {
    /// The loader's `language(element, inLanguage)` and `catalogue(name)`.
    language: Option<Function>,
    fetch: Option<Function>,
    loaded: Vec<(&'static str, &'static Catalog)>,
    pending: Vec<(&'static str, Shared<LocalBoxFuture<'static, &'static Catalog>>)>,
    names: Vec<&'static str>,
}

thread_local! {
    static CATALOGUES: RefCell<Catalogues> = RefCell::new(Catalogues::default());
}

/// Called by the loader once the module has started: how it chooses an element's language, and
/// how to get a catalogue's text.
pub fn provide(language: Function, fetch: Function) {
    CATALOGUES.with_borrow_mut(|c| {
        c.language = Some(language);
        c.fetch = Some(fetch);
    });
}

/// What an element speaks: a locale, and the catalogue with its words (none: English).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choice {
    pub locale: &'static str,
    pub catalogue: Option<&'static str>,
}

/// The language `element` speaks, its article's `inLanguage` being `article` (if known yet), as
/// the loader decides. English without a loader.
pub fn choose(element: &web_sys::Element, article: Option<&str>) -> Choice {
    let language = CATALOGUES.with_borrow(|c| c.language.clone());
    let answer = language
        .and_then(|f| {
            f.call2(&JsValue::NULL, element, &article.map_or(JsValue::NULL, JsValue::from))
                .ok()
        })
        .map(|answer| Array::from(&answer))
        .unwrap_or_default();
    // A catalogue's name is one of the loader's few; a locale is the page's to choose.
    let catalogue = answer
        .get(1)
        .as_string()
        .filter(|n| n != "en")
        .and_then(|n| keep(&n, usize::MAX));
    let locale = answer.get(0).as_string().and_then(|l| keep(&l, MAX_NAMES));
    Choice {
        // Past the page's share of locales: the catalogue's language (its words, direction and
        // digits), not another language's.
        locale: locale.or(catalogue).unwrap_or("en"),
        catalogue,
    }
}

/// `name`, kept for the page's life (unless `limit` names are kept already).
fn keep(name: &str, limit: usize) -> Option<&'static str> {
    CATALOGUES.with_borrow_mut(|c| {
        if let Some(known) = c.names.iter().find(|l| **l == name) {
            return Some(*known);
        }
        if c.names.len() >= limit {
            return None;
        }
        let kept: &'static str = Box::leak(name.to_owned().into_boxed_str());
        c.names.push(kept);
        Some(kept)
    })
}

fn loaded(name: &str) -> Option<&'static Catalog> {
    CATALOGUES.with_borrow(|c| c.loaded.iter().find(|(n, _)| *n == name).map(|(_, words)| *words))
}

/// What `choice` can say now: its catalogue's words if they are here, else English. `None` while
/// its catalogue is on its way.
pub fn now(choice: Choice) -> Option<Lang> {
    match choice.catalogue {
        None => Some(Lang::english(choice.locale)),
        Some(name) => loaded(name).map(|words| Lang::new(choice.locale, words)),
    }
}

/// `choice` with its own words, fetched if need be (English if they cannot be had; the loader
/// gives up on a catalogue after a few seconds).
pub async fn ensure(choice: Choice) -> Lang {
    let Some(name) = choice.catalogue else {
        return Lang::english(choice.locale);
    };
    if let Some(words) = loaded(name) {
        return Lang::new(choice.locale, words);
    }
    let pending = CATALOGUES.with_borrow_mut(|c| {
        if let Some((_, pending)) = c.pending.iter().find(|(n, _)| *n == name) {
            return pending.clone();
        }
        let pending = load(name, c.fetch.clone()).boxed_local().shared();
        c.pending.push((name, pending.clone()));
        pending
    });
    Lang::new(choice.locale, pending.await)
}

/// Fetches and reads one catalogue, kept for the page's life once it is read. One that cannot be
/// had (the loader said why, in the console) is English for the widgets that asked, and not
/// kept: the next widget, a retry or a rebuild asks again, so one passing failure does not make
/// a page English for its life.
async fn load(name: &'static str, fetch: Option<Function>) -> &'static Catalog {
    let text = match fetch.map(|f| f.call1(&JsValue::NULL, &name.into())) {
        Some(Ok(promise)) => match promise.dyn_into::<Promise>() {
            Ok(promise) => JsFuture::from(promise).await.ok().and_then(|t| t.as_string()),
            Err(_) => None,
        },
        _ => None,
    };
    let read = match text.map(|t| json::parse::<super::i18n::Shipped>(&t)) {
        Some(Ok(json)) => {
            let (catalog, missing) = Catalog::read(&json);
            // Said in parts, not formatted: the console joins them, and the module carries no
            // formatting code for it.
            if missing > 0 {
                web_sys::console::warn_4(
                    &"maqal: the".into(),
                    &name.into(),
                    &"catalogue lacks messages (English in their place):".into(),
                    &JsValue::from_f64(missing as f64),
                );
            }
            Some(&*Box::leak(Box::new(catalog)))
        }
        Some(Err(_)) => {
            web_sys::console::warn_3(
                &"maqal: the".into(),
                &name.into(),
                &"catalogue is not readable; English instead".into(),
            );
            None
        }
        // The loader said why.
        None => None,
    };
    CATALOGUES.with_borrow_mut(|c| {
        if let Some(words) = read {
            c.loaded.push((name, words));
        }
        c.pending.retain(|(n, _)| *n != name);
    });
    read.unwrap_or_else(english)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn past_its_share_of_locales_a_page_still_names_its_catalogues() {
        for i in 0..MAX_NAMES {
            assert!(keep(&format!("x-{i}"), MAX_NAMES).is_some());
        }
        assert_eq!(keep("fa-IR", MAX_NAMES), None, "a new locale past the limit");
        assert_eq!(keep("x-3", MAX_NAMES), Some("x-3"), "a known one");
        assert_eq!(keep("fa", usize::MAX), Some("fa"), "a catalogue's name");
    }
}
