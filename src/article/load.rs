//! Fetches and parses the article in the browser. The size cap is enforced while streaming, so
//! an absurdly large (or endless) response is cut off instead of being buffered whole.

use std::cell::Cell;
use std::rc::Rc;

use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, AbortSignal, ReadableStreamDefaultReader, RequestCredentials, RequestInit, RequestMode, Response,
};

use super::model::{Article, ArticleError, MAX_ARTICLE_BYTES, parse_article};
use crate::embed::ArticleSource;

/// Generous for a slow mobile connection, short enough that a hung server is reported.
const TIMEOUT_MS: i32 = 15_000;

pub async fn load_article(source: ArticleSource) -> Result<Article, ArticleError> {
    match source {
        ArticleSource::Missing => Err(ArticleError::NoSource),
        ArticleSource::Inline(json) => {
            let base = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.base_uri().ok().flatten())
                .unwrap_or_default();
            Ok(resolve_urls(parse_article(&json)?, &base))
        }
        ArticleSource::Url(url) => {
            let (text, final_url) = fetch_text(&url).await?;
            Ok(resolve_urls(parse_article(&text)?, &final_url))
        }
    }
}

/// Relative image URLs are relative to the document they were written in, not to the host page.
fn resolve_urls(mut article: Article, base: &str) -> Article {
    article.image = article.image.and_then(|mut image| {
        image.url = resolve_http(&image.url, base)?;
        Some(image)
    });
    article
}

fn resolve_http(url: &str, base: &str) -> Option<String> {
    let resolved = web_sys::Url::new_with_base(url, base).ok()?;
    matches!(resolved.protocol().as_str(), "http:" | "https:").then(|| resolved.href())
}

fn network_error(err: JsValue) -> ArticleError {
    let text = Reflect::get(&err, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| err.as_string())
        .unwrap_or_else(|| "fetch failed".into());
    ArticleError::Network(text)
}

async fn fetch_text(url: &str) -> Result<(String, String), ArticleError> {
    let window = web_sys::window().ok_or_else(|| ArticleError::Network("no window".into()))?;
    let controller = AbortController::new().map_err(network_error)?;
    let timed_out = Rc::new(Cell::new(false));
    let on_timeout = {
        let (controller, timed_out) = (controller.clone(), timed_out.clone());
        Closure::once(move || {
            timed_out.set(true);
            controller.abort();
        })
    };
    let timer = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(on_timeout.as_ref().unchecked_ref(), TIMEOUT_MS)
        .map_err(network_error)?;
    let result = fetch_capped(&window, url, &controller.signal()).await;
    window.clear_timeout_with_handle(timer);
    match result {
        Err(_) if timed_out.get() => Err(ArticleError::Timeout),
        other => other,
    }
}

async fn fetch_capped(
    window: &web_sys::Window,
    url: &str,
    signal: &AbortSignal,
) -> Result<(String, String), ArticleError> {
    let init = RequestInit::new();
    init.set_mode(RequestMode::Cors);
    init.set_credentials(RequestCredentials::SameOrigin);
    init.set_signal(Some(signal));
    let response: Response = JsFuture::from(window.fetch_with_str_and_init(url, &init))
        .await
        .map_err(network_error)?
        .unchecked_into();
    if !response.ok() {
        return Err(ArticleError::Http(response.status()));
    }
    let declared = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|len| len.trim().parse::<usize>().ok());
    if declared.is_some_and(|len| len > MAX_ARTICLE_BYTES) {
        return Err(ArticleError::TooLarge);
    }
    let mut bytes = Vec::with_capacity(declared.unwrap_or(16 * 1024));
    if let Some(body) = response.body() {
        let reader: ReadableStreamDefaultReader = body.get_reader().unchecked_into();
        loop {
            let chunk = JsFuture::from(reader.read()).await.map_err(network_error)?;
            if Reflect::get(&chunk, &"done".into())
                .ok()
                .and_then(|d| d.as_bool())
                .unwrap_or(true)
            {
                break;
            }
            let value: Uint8Array = Reflect::get(&chunk, &"value".into())
                .map_err(network_error)?
                .unchecked_into();
            if bytes.len() + value.length() as usize > MAX_ARTICLE_BYTES {
                // Stop the download; the promise only reports whether cancelling worked.
                let _ = reader.cancel();
                return Err(ArticleError::TooLarge);
            }
            let start = bytes.len();
            bytes.resize(start + value.length() as usize, 0);
            value.copy_to(&mut bytes[start..]);
        }
    }
    let text = String::from_utf8(bytes).map_err(|_| ArticleError::NotJson("not UTF-8".into()))?;
    Ok((text, response.url()))
}
