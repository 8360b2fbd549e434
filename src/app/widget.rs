use leptos::html::{Div, H1};
use leptos::prelude::*;
use send_wrapper::SendWrapper;

use super::backend::{self, Options};
use super::config::{ArticleSource, CommentsSpec, Config};
use super::discussion::Discussion;
use crate::article::{Article, ArticleError, ArticleView, load};
use crate::backends::isso;
use crate::backends::wordpress::{self, WpPost};
use crate::comments::region::{Setting, prefetch_first_page};
use crate::comments::store::opening;
use crate::comments::structured::LdArticle;
use crate::ui::back_to_top::BackToTop;
use crate::ui::error_notice::ErrorNotice;
use crate::web::dom::after_paint;
use crate::web::events::{Host, Part, State, WidgetEvent, emit};
use crate::web::i18n::Lang;
use crate::web::lifetime::Lifetime;

/// An article as loaded, with where its comments live when that is its own site's.
#[derive(Clone)]
struct Loaded {
    article: Article,
    wordpress: Option<WpPost>,
}

async fn load_source(source: ArticleSource, abort: Option<web_sys::AbortSignal>) -> Result<Loaded, ArticleError> {
    let article = |article| Loaded {
        article,
        wordpress: None,
    };
    match source {
        ArticleSource::Missing => Err(ArticleError::NoSource),
        ArticleSource::Inline(json) => load::from_inline(&json).map(article),
        ArticleSource::Url(url) => load::from_url(&url, abort.as_ref()).await.map(article),
        ArticleSource::WordPress { site, post } => {
            // The WordPress module, fetched in a release build (the loader starts its download
            // with the page's): a module that cannot be fetched is a site that cannot be reached.
            let loading = wordpress::load(site, post, abort)
                .await
                .map_err(|_| ArticleError::Network("the WordPress module".into()))?;
            loading.await.map(|(article, home)| Loaded {
                article,
                wordpress: Some(home),
            })
        }
    }
}

/// One embedded article. Each region has its own error boundary, so a failure in one never
/// blanks the others (or another widget on the page).
#[component]
pub fn Widget(
    config: Config,
    page_lang: Lang,
    /// The publisher put the article's own HTML inside the element: it stays on show (through a
    /// slot, styled by the page) until the widget's article is ready, and if it never is.
    #[prop(default = false)]
    own_html: bool,
) -> impl IntoView {
    let Config {
        source,
        lang: forced_lang,
        dir: forced_dir,
        comments,
        thread,
        page_size,
        remote_avatars,
        thread_depth,
        lazy,
        excerpt,
        ..
    } = config;
    // Server HTML (a WordPress body, Isso's and WordPress's comments) is parsed to be sanitized,
    // and the structured data is a script's text: a page enforcing Trusted Types without allowing
    // the widget's policy forbids both. Said once, now; that HTML is then shown as text.
    let touches_trusted_sinks = matches!(source, ArticleSource::WordPress { .. }) || comments != CommentsSpec::Off;
    if touches_trusted_sinks && !crate::web::trusted::allowed() {
        web_sys::console::warn_1(
            &"maqal: this page enforces Trusted Types without allowing the widget's policy (trusted-types maqal): server HTML is shown as text, and no structured data is written".into(),
        );
        emit(WidgetEvent::Error {
            part: Part::Article,
            kind: "trusted-types",
        });
    }
    let src_url = match &source {
        ArticleSource::Url(url) => Some(url.clone()),
        _ => None,
    };
    // Ends with the widget: the article's download is aborted if it is removed meanwhile.
    let life = StoredValue::new_local(Lifetime::of_owner());
    let article = LocalResource::new(move || load_source(source.clone(), life.with_value(Lifetime::signal)));
    // An Isso thread named by the `thread` attribute does not depend on the article: its first
    // page is asked for now, beside the article, rather than once it has arrived (a round trip
    // fewer before the first comment). Taken by the comments region when the article shows.
    // A link to a comment (`#comment-…`) in the address: a reader who may want the comments now,
    // however far down they are.
    let linked = window().location().hash().is_ok_and(|h| h.starts_with("#comment-"));
    let early_first = StoredValue::new_local(match (&comments, &thread) {
        (CommentsSpec::Isso(endpoint), Some(thread)) if !lazy || linked => Some(life.with_value(|life| {
            let opening = opening(isso::open(endpoint.clone(), thread.clone(), String::new()));
            SendWrapper::new(prefetch_first_page(opening, page_size, life))
        })),
        _ => None,
    });
    let article_lang = Memo::new(move |_| {
        article
            .get()
            .and_then(|loaded| loaded.ok().and_then(|l| l.article.lang.clone()))
    });
    // The interface speaks the publisher's choice, else the article's language, else the page's.
    let ui = Memo::new(move |_| {
        forced_lang
            .or_else(|| article_lang.get().as_deref().and_then(Lang::from_tag))
            .unwrap_or(page_lang)
    });
    let article_dir = Memo::new(move |_| article.get().and_then(|loaded| loaded.ok()?.article.text_dir()));
    let dir = move || {
        forced_dir
            .or_else(|| article_dir.get())
            .unwrap_or_else(|| ui.get().dir())
            .as_str()
    };
    let frame = NodeRef::<Div>::new();
    let headline = NodeRef::<H1>::new();

    // Tell the host page, once per outcome: the article is shown, or could not be loaded.
    let host = Host::current();
    Effect::new(move |_| {
        let outcome = article.get();
        if let Some(host) = host {
            host.mark(State::Shown, outcome.is_some());
            // Until ours replaces it, and for good if ours cannot load.
            host.mark(State::OwnHtml, own_html && !matches!(outcome, Some(Ok(_))));
        }
        match outcome {
            // Told once the frame that shows the article has been drawn.
            Some(Ok(loaded)) => {
                let (headline, url) = (loaded.article.headline.clone(), permalink_base(&loaded.article));
                life.with_value(|life| {
                    life.spawn(async move {
                        after_paint().await;
                        if let Some(host) = host {
                            host.emit(WidgetEvent::Ready {
                                headline: &headline,
                                url: &url,
                            });
                        }
                    })
                });
            }
            Some(Err(e)) => {
                // Asked for with this attempt's article: a retry's comments are asked for anew.
                early_first.set_value(None);
                emit(WidgetEvent::Error {
                    part: Part::Article,
                    kind: e.kind(),
                });
            }
            None => {}
        }
    });

    let options = Options {
        remote_avatars,
        thread_depth,
    };
    view! {
        <div class="frame" class:excerpt=excerpt dir=dir lang=move || ui.get().tag() node_ref=frame>
            <ErrorBoundary fallback=move |errors| {
                let ui = ui.get_untracked();
                let failure = errors.with(|errors| {
                    errors.iter().find_map(|(_, e)| e.downcast_ref::<ArticleError>().cloned())
                });
                let message = failure.as_ref().map_or_else(|| ui.text().err_unexpected.to_owned(), |e| e.message(ui));
                let retry = failure
                    .filter(ArticleError::is_transient)
                    .map(|_| Callback::new(move |()| article.refetch()));
                if own_html {
                    // The reader already has the article; the failure is for the console.
                    web_sys::console::warn_1(&format!("maqal: the article could not be loaded ({message}); showing the page's own").into());
                    return view! { <slot></slot> }.into_any();
                }
                view! { <ErrorNotice message retry retry_label=ui.text().retry /> }.into_any()
            }>
                <Transition fallback=move || if own_html {
                    view! { <slot></slot> }.into_any()
                } else {
                    view! { <p class="notice loading" role="status">{move || ui.get().text().loading_article}</p> }.into_any()
                }>
                    {move || article.get().map(|loaded| loaded.map(|Loaded { article: a, wordpress }| {
                        let ui = ui.get_untracked();
                        let permalink_base = permalink_base(&a);
                        let (comments_open, closed_note) = match &wordpress {
                            Some(post) if !post.comments_open => (false, ui.text().comments_closed),
                            Some(post) if post.discussion.accounts_only => (false, ui.text().err_account_required),
                            _ => (true, ""),
                        };
                        let ld = LdArticle::of(&a, permalink_base.clone(), excerpt);
                        let chosen = backend::choose(&comments, thread.clone(), src_url.as_deref(), &a, wordpress.as_ref(), options);
                        let comments = chosen.map(|(open_store, thread_key)| {
                            let setting = Setting {
                                ui,
                                thread_key,
                                page_size,
                                permalink_base,
                                open: comments_open,
                                acts: crate::compose::load,
                            };
                            // Asked for now, with the article (unless the comments wait for the
                            // reader): the section that shows them mounts after the article.
                            let early = early_first.try_update_value(Option::take).flatten().map(SendWrapper::take);
                            let first = match (early, lazy) {
                                (Some(early), _) => Some(early),
                                (None, true) => None,
                                (None, false) => {
                                    let opening = open_store();
                                    Some(life.with_value(|life| prefetch_first_page(opening, page_size, life)))
                                }
                            };
                            view! { <Discussion open=open_store setting closed_note ld first lazy /> }.into_any()
                        });
                        view! {
                            <ArticleView article=a ui headline_ref=headline excerpt />
                            {comments}
                        }
                    }))}
                </Transition>
            </ErrorBoundary>
            <BackToTop frame focus_target=headline label=Signal::derive(move || ui.get().text().back_to_top) />
        </div>
    }
}

/// Where comment links point: the article's canonical address, else this page's (without its
/// fragment), so a copied link opens the article at the comment.
fn permalink_base(article: &Article) -> String {
    article
        .url
        .clone()
        .or_else(|| window().location().href().ok())
        .map(|url| url.split('#').next().unwrap_or_default().to_owned())
        .unwrap_or_default()
}
