use leptos::html::{Div, H1};
use leptos::prelude::*;

use super::excerpt::{cut_fragment, excerpt_paragraphs};
use super::model::{Article, Body};
use crate::web::direction::Dir;
use crate::web::i18n::Lang;
use crate::web::sanitize::{ID_PREFIX, Policy, Target, sanitize};
use crate::web::text::text_blocks;

/// The article itself. All publisher text is rendered as text nodes; the `dir`/`lang` come from
/// the article's `inLanguage` so a Latin run ("TechCrunch", "API") sits correctly inside Arabic.
#[component]
///
/// As an excerpt (`mode="excerpt"`, for partner sites), only the first paragraphs show, with a
/// link to the original: a full copy on another site would compete with it in search.
pub fn ArticleView(
    article: Article,
    /// Its own direction (the interface around it may have another).
    dir: Option<Dir>,
    /// The interface's language: its words may land after the article shows (then they switch).
    ui: Memo<Lang>,
    headline_ref: NodeRef<H1>,
    #[prop(default = false)] excerpt: bool,
) -> impl IntoView {
    let t = move || ui.get().text();
    let Article {
        headline,
        section,
        image,
        body,
        lang,
        date_published,
        authors,
        source,
        url,
        ..
    } = article;
    // In the interface's locale, which the words landing later do not change.
    let date = date_published.and_then(|iso| ui.get_untracked().long_date(&iso).map(|shown| (iso, shown)));
    let has_meta = !authors.is_empty() || date.is_some();
    // Its words follow the interface's (they may land after the article shows).
    let meta = move || {
        let t = t();
        let byline = (!authors.is_empty()).then(|| {
            view! { <span class="byline">{t.by()} " " <bdi>{authors.join(t.list_separator())}</bdi></span> }
        });
        let dateline = date.clone().map(|(iso, shown)| {
            view! { <span class="dateline">{t.published()} " " <time datetime=iso lang=ui.get_untracked().content_lang()>{shown}</time></span> }
        });
        view! { {byline}{dateline} }
    };

    view! {
        // Its own language, else the interface's locale (said where English words stand in).
        <article class="article" part="article" lang=lang.or_else(|| ui.get_untracked().content_lang().map(str::to_owned)) dir=dir.map(Dir::as_str)>
            <header class="article-head">
                {section.map(|s| view! { <p class="section"><span>{s}</span></p> })}
                <h1 class="headline" tabindex="-1" node_ref=headline_ref>{headline}</h1>
                {has_meta.then(|| view! { <p class="meta">{meta}</p> })}
            </header>
            {image.map(|img| view! {
                <figure class="lead">
                    <img
                        src=img.url
                        alt=img.alt.unwrap_or_default()
                        width=img.width
                        height=img.height
                        decoding="async"
                    />
                    {img.caption.map(|c| view! { <figcaption>{c}</figcaption> })}
                </figure>
            })}
            {match body {
                // A WordPress post's HTML: rebuilt through the article allowlist into fresh
                // nodes; no markup string ever reaches the page.
                Body::Html(html) => {
                    let holder = NodeRef::<Div>::new();
                    // Its relative links and images are the article's, not this page's.
                    let base = url.clone();
                    holder.on_load(move |element| {
                        let target = Target { policy: Policy::Article, base: base.as_deref() };
                        let clean = match sanitize(&html, &document(), target) {
                            Ok(clean) => clean,
                            // The page forbids parsing markup (Trusted Types without the widget's
                            // policy; the widget says so when it starts): the text, as paragraphs.
                            Err(_) => {
                                let text = document().create_document_fragment();
                                for block in text_blocks(&html) {
                                    if let Ok(p) = document().create_element("p") {
                                        p.set_text_content(Some(&block));
                                        let _ = text.append_child(&p);
                                    }
                                }
                                text
                            }
                        };
                        if excerpt {
                            cut_fragment(&clean);
                        }
                        // In place of whatever the element holds: a view that is rebuilt
                        // reuses its element, and appending would show the body twice.
                        element.replace_children_with_node_1(&clean);
                    });
                    view! { <div class="body html" node_ref=holder on:click=follow_fragment></div> }.into_any()
                }
                Body::Paragraphs(paragraphs) => view! {
                    <div class="body">
                        {if excerpt { excerpt_paragraphs(paragraphs) } else { paragraphs }
                            .into_iter()
                            .map(|p| view! { <p>{p}</p> })
                            .collect_view()}
                    </div>
                }
                .into_any(),
            }}
            {excerpt.then(|| match url {
                Some(url) => view! {
                    <p class="continue"><a href=url>{move || t().continue_reading()}</a></p>
                }.into_any(),
                None => {
                    web_sys::console::warn_1(&"maqal: mode=\"excerpt\" without the article's url: no link to the original".into());
                    ().into_any()
                }
            })}
            {source.map(|src| {
                let name = view! { <bdi>{src.name}</bdi> };
                view! {
                    <p class="source">
                        {move || t().source()} " "
                        {match src.url {
                            Some(url) => view! { <a href=url rel="noopener" target="_blank">{name}</a> }.into_any(),
                            None => name.into_any(),
                        }}
                    </p>
                }
            })}
        </article>
    }
}

/// A link to a place in the article's own text (a table of contents): the widget takes the
/// reader there, inside its shadow root, and leaves the page's address (and its router) alone.
fn follow_fragment(event: web_sys::MouseEvent) {
    use wasm_bindgen::JsCast;
    if event.ctrl_key() || event.meta_key() || event.shift_key() || event.alt_key() || event.button() != 0 {
        return;
    }
    let Some(link) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|el| el.closest("a[href^='#']").ok().flatten())
    else {
        return;
    };
    // Never the page's address, even where the place is not in the text (a stale table of
    // contents): a hash-routed app would take it as a route.
    event.prevent_default();
    let href = link.get_attribute("href").unwrap_or_default();
    let id = js_sys::decode_uri_component(&href[1..])
        .map(String::from)
        .unwrap_or_else(|_| href[1..].to_owned());
    let Some(place) = link
        .get_root_node()
        .dyn_into::<web_sys::ShadowRoot>()
        .ok()
        .and_then(|root| root.get_element_by_id(&format!("{ID_PREFIX}{id}")))
    else {
        return;
    };
    place.scroll_into_view();
    // Text above it laid out only now (`content-visibility: auto`) may have moved it: once more,
    // after that layout.
    let again = place.clone();
    leptos::prelude::request_animation_frame(move || again.scroll_into_view());
    if let Ok(place) = place.dyn_into::<web_sys::HtmlElement>() {
        // Where the reader is now, for the keyboard and screen readers too.
        if !place.has_attribute("tabindex") {
            let _ = place.set_attribute("tabindex", "-1");
        }
        let _ = place.focus();
    }
}
