//! One way to make HTTP requests: `fetch` with a timeout and a response-size cap enforced while
//! streaming (an absurdly large or endless body is cut off, never buffered whole).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use gloo_events::EventListener;
use gloo_timers::callback::Timeout;
use js_sys::{Function, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, ReadableStreamDefaultReader, RequestCredentials, RequestInit, Response};

/// Generous for a slow mobile connection, short enough that a hung server is reported.
pub const TIMEOUT_MS: u32 = 15_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HttpError {
    /// Unreachable, refused by CORS, or cut off: the browser does not say which.
    Network(String),
    Timeout,
    TooLarge,
    NotUtf8,
}

pub struct Request<'a> {
    pub method: &'a str,
    pub url: &'a str,
    pub json_body: Option<String>,
    /// Send and accept cookies across origins (Isso's edit/delete tokens).
    pub with_credentials: bool,
    pub max_bytes: usize,
    /// Aborts the request from outside: the widget that asked went away.
    pub abort: Option<&'a AbortSignal>,
}

pub struct Reply {
    pub status: u16,
    pub body: String,
    /// The final URL after redirects.
    pub url: String,
    pub headers: web_sys::Headers,
}

impl Reply {
    pub fn ok(&self) -> bool {
        (200..300).contains(&self.status)
    }
}

thread_local! {
    /// The loader's `early(url, credentials, signal)`: the requests it started beside the module.
    static EARLY: RefCell<Option<Function>> = const { RefCell::new(None) };
}

/// Called once the module has started: the loader asked for each widget's first reads (its
/// article, the first page of its comments) while the module was still downloading. A read the
/// loader made, to the byte (same address, same credentials), is its answer, taken once; any
/// other is asked now. The loader's request then ends with this one's signal (its timeout, the
/// widget going away).
pub fn provide_early(early: Function) {
    EARLY.with_borrow_mut(|e| *e = Some(early));
}

/// The response the loader already asked for, if it did.
fn early(url: &str, credentials: &str, signal: &AbortSignal) -> Option<Promise> {
    let early = EARLY.with_borrow(Clone::clone)?;
    early
        .call3(&JsValue::NULL, &url.into(), &credentials.into(), signal)
        .ok()?
        .dyn_into()
        .ok()
}

fn network_error(err: JsValue) -> HttpError {
    let text = Reflect::get(&err, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .or_else(|| err.as_string())
        .unwrap_or_else(|| "fetch failed".into());
    HttpError::Network(text)
}

/// A request's own controller, aborted by the timeout or by `owner` (the widget went away);
/// the timer and the listener live as long as the returned guard.
struct Deadline {
    controller: AbortController,
    timed_out: Rc<Cell<bool>>,
    _timer: Timeout,
    _owner_gone: Option<EventListener>,
}

impl Deadline {
    fn new(owner: Option<&AbortSignal>) -> Result<Deadline, HttpError> {
        let controller = AbortController::new().map_err(network_error)?;
        let timed_out = Rc::new(Cell::new(false));
        let timer = {
            let (controller, timed_out) = (controller.clone(), timed_out.clone());
            Timeout::new(TIMEOUT_MS, move || {
                timed_out.set(true);
                controller.abort();
            })
        };
        let owner_gone = owner.map(|signal| {
            let controller = controller.clone();
            EventListener::once(signal, "abort", move |_| controller.abort())
        });
        Ok(Deadline {
            controller,
            timed_out,
            _timer: timer,
            _owner_gone: owner_gone,
        })
    }
}

pub async fn exchange(request: Request<'_>) -> Result<Reply, HttpError> {
    let window = web_sys::window().ok_or_else(|| HttpError::Network("no window".into()))?;
    if request.abort.is_some_and(AbortSignal::aborted) {
        return Err(HttpError::Network("aborted".into()));
    }
    let deadline = Deadline::new(request.abort)?;
    let result = send_capped(&window, &request, &deadline.controller.signal()).await;
    match result {
        Err(_) if deadline.timed_out.get() => Err(HttpError::Timeout),
        other => other,
    }
}

/// Whether `url` answers at all when CORS is not asked for (`mode: "no-cors"`): after a network
/// error, tells a server that refuses this page's origin (it answers) from one that cannot be
/// reached (it does not). The answer itself stays opaque; nothing of it is read.
pub async fn answers_without_cors(url: &str, abort: Option<&AbortSignal>) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    if abort.is_some_and(AbortSignal::aborted) {
        return false;
    }
    let init = RequestInit::new();
    init.set_method("GET");
    init.set_mode(web_sys::RequestMode::NoCors);
    init.set_credentials(RequestCredentials::Omit);
    let Ok(deadline) = Deadline::new(abort) else {
        return false;
    };
    init.set_signal(Some(&deadline.controller.signal()));
    JsFuture::from(window.fetch_with_str_and_init(url, &init)).await.is_ok()
}

async fn send_capped(
    window: &web_sys::Window,
    request: &Request<'_>,
    signal: &AbortSignal,
) -> Result<Reply, HttpError> {
    let init = RequestInit::new();
    init.set_method(request.method);
    init.set_signal(Some(signal));
    let (credentials, named) = if request.with_credentials {
        (RequestCredentials::Include, "include")
    } else {
        (RequestCredentials::SameOrigin, "same-origin")
    };
    init.set_credentials(credentials);
    if let Some(body) = &request.json_body {
        let headers = web_sys::Headers::new().map_err(network_error)?;
        headers.set("Content-Type", "application/json").map_err(network_error)?;
        init.set_headers(&headers);
        init.set_body(&JsValue::from_str(body));
    }
    let asked = match request.method {
        "GET" => early(request.url, named, signal),
        _ => None,
    };
    let response: Response =
        JsFuture::from(asked.unwrap_or_else(|| window.fetch_with_str_and_init(request.url, &init)))
            .await
            .map_err(network_error)?
            .unchecked_into();
    let declared = response
        .headers()
        .get("content-length")
        .ok()
        .flatten()
        .and_then(|len| len.trim().parse::<usize>().ok());
    if declared.is_some_and(|len| len > request.max_bytes) {
        return Err(HttpError::TooLarge);
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
            if bytes.len() + value.length() as usize > request.max_bytes {
                // Stop the download; the promise only reports whether cancelling worked.
                let _ = reader.cancel();
                return Err(HttpError::TooLarge);
            }
            let start = bytes.len();
            bytes.resize(start + value.length() as usize, 0);
            value.copy_to(&mut bytes[start..]);
        }
    }
    Ok(Reply {
        status: response.status(),
        body: String::from_utf8(bytes).map_err(|_| HttpError::NotUtf8)?,
        url: response.url(),
        headers: response.headers(),
    })
}
