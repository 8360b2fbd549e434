use leptos::html::{Div, H1};
use leptos::prelude::*;

use crate::article::{Article, ArticleError, ArticleView, load_article};
use crate::back_to_top::BackToTop;
use crate::comments::store::{Backend, IssoStore, LocalStore, WordPressStore};
use crate::comments::{CommentsRegion, prefetch_first_page};
use crate::deferred::Deferred;
use crate::dom::after_paint;
use crate::embed::{ArticleSource, CommentsSpec, Config};
use crate::error_notice::ErrorNotice;
use crate::host::{Host, Region, WidgetEvent, emit};
use crate::i18n::Lang;
use crate::lifetime::Lifetime;
use crate::near_screen::NearScreen;
use crate::structured::LdArticle;
use send_wrapper::SendWrapper;

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
    let src_url = match &source {
        ArticleSource::Url(url) => Some(url.clone()),
        _ => None,
    };
    // Ends with the widget: the article's download is aborted if it is removed meanwhile.
    let life = StoredValue::new_local(Lifetime::of_owner());
    let article = LocalResource::new(move || load_article(source.clone(), life.with_value(Lifetime::signal)));
    // An Isso thread named by the `thread` attribute does not depend on the article: its first
    // page is asked for now, beside the article, rather than once it has arrived (a round trip
    // fewer before the first comment). Taken by the comments region when the article shows.
    // A link to a comment (`#comment-…`) in the address: a reader who wants the comments now,
    // however far down they are (one followed later is `NearScreen`'s to notice).
    let linked = window().location().hash().is_ok_and(|h| h.starts_with("#comment-"));
    let early_first = StoredValue::new_local(match (&comments, &thread) {
        (CommentsSpec::Isso(endpoint), Some(thread)) if !lazy || linked => Some(life.with_value(|life| {
            let backend = Backend::Isso(IssoStore::new(endpoint, thread, "")).with_abort(life.signal());
            SendWrapper::new(prefetch_first_page(backend, page_size, life))
        })),
        _ => None,
    });
    let article_lang = Memo::new(move |_| {
        article
            .get()
            .and_then(|loaded| loaded.ok().and_then(|a| a.lang.clone()))
    });
    // The interface speaks the publisher's choice, else the article's language, else the page's.
    let ui = Memo::new(move |_| {
        forced_lang
            .or_else(|| article_lang.get().as_deref().and_then(Lang::from_tag))
            .unwrap_or(page_lang)
    });
    let article_dir = Memo::new(move |_| article.get().and_then(|loaded| loaded.ok()?.text_dir()));
    let dir = move || {
        forced_dir
            .or_else(|| article_dir.get())
            .unwrap_or_else(|| ui.get().dir())
            .as_str()
    };
    let region = NodeRef::<Div>::new();
    let headline = NodeRef::<H1>::new();

    // Tell the host page, once per outcome: the article is shown, or could not be loaded.
    let host = Host::current();
    Effect::new(move |_| {
        let outcome = article.get();
        if let Some(host) = host {
            host.mark_shown(outcome.is_some());
            // Until ours replaces it, and for good if ours cannot load.
            host.mark_own_html(own_html && !matches!(outcome, Some(Ok(_))));
        }
        match outcome {
            // Told once the frame that shows the article has been drawn.
            Some(Ok(a)) => {
                let (headline, url) = (a.headline.clone(), permalink_base(&a));
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
                    region: Region::Article,
                    kind: e.kind(),
                });
            }
            None => {}
        }
    });

    view! {
        <div class="frame" class:excerpt=excerpt dir=dir lang=move || ui.get().tag() node_ref=region>
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
                    {move || article.get().map(|loaded| loaded.map(|a| {
                        let ui = ui.get_untracked();
                        let permalink_base = permalink_base(&a);
                        let open = a.wordpress.as_ref().is_none_or(|post| post.comments_open && !post.discussion.accounts_only);
                        let closed_note = match &a.wordpress {
                            Some(post) if post.comments_open && post.discussion.accounts_only => ui.text().err_account_required,
                            _ => ui.text().comments_closed,
                        };
                        let options = BackendOptions { remote_avatars, thread_depth };
                        let ld = LdArticle::of(&a, permalink_base.clone());
                        let comments = comments_backend(&comments, thread.clone(), src_url.as_deref(), &a, options).map(|(backend, thread)| {
                            if lazy && !linked {
                                // Nothing is asked for until the reader comes near.
                                return view! {
                                    <Deferred><NearScreen>
                                        <CommentsRegion backend ui thread page_size permalink_base open closed_note ld />
                                    </NearScreen></Deferred>
                                }
                                .into_any();
                            }
                            // The comments are asked for now, with the article; the region that
                            // shows them mounts after the article has painted.
                            // Deferred children must be Send; this one is used on this thread only.
                            let first = early_first.try_update_value(Option::take).flatten().unwrap_or_else(|| {
                                SendWrapper::new(life.with_value(|life| {
                                    prefetch_first_page(backend.clone().with_abort(life.signal()), page_size, life)
                                }))
                            });
                            view! { <Deferred><CommentsRegion backend ui thread page_size permalink_base open closed_note ld first=first.take() /></Deferred> }
                                .into_any()
                        });
                        view! {
                            <ArticleView article=a ui headline_ref=headline excerpt />
                            {comments}
                        }
                    }))}
                </Transition>
            </ErrorBoundary>
            <BackToTop region focus_target=headline label=Signal::derive(move || ui.get().text().back_to_top) />
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

/// What the publisher said about comments beyond where they live.
#[derive(Clone, Copy)]
struct BackendOptions {
    remote_avatars: bool,
    thread_depth: Option<usize>,
}

/// The comments backend for a loaded article, and its thread id: the `thread` attribute, else the
/// path of the article's canonical URL, else of its `src` (not for Isso), else of the page.
fn comments_backend(
    spec: &CommentsSpec,
    thread: Option<String>,
    src: Option<&str>,
    article: &Article,
    options: BackendOptions,
) -> Option<(Backend, String)> {
    let path_of = |url: &str| {
        let base = window().location().href().ok()?;
        web_sys::Url::new_with_base(url, &base).ok().map(|u| u.pathname())
    };
    // Isso's own client keys threads by the page path; skipping `src` there keeps both clients
    // on the same thread, so a site can switch without migrating.
    let src = if matches!(spec, CommentsSpec::Isso(_)) {
        None
    } else {
        src
    };
    let thread = thread
        .or_else(|| article.url.as_deref().and_then(path_of))
        .or_else(|| src.and_then(path_of))
        .or_else(|| window().location().pathname().ok())
        .unwrap_or_else(|| "/".into());
    match spec {
        CommentsSpec::Off => None,
        CommentsSpec::WordPress => match &article.wordpress {
            Some(post) => Some((
                Backend::WordPress(
                    WordPressStore::new(
                        post.api.clone(),
                        post.id,
                        // The publisher's attribute, else the site's own setting.
                        options.thread_depth.or(Some(post.discussion.thread_depth)),
                        options.remote_avatars,
                    )
                    .requiring_name_and_email(post.discussion.require_name_email),
                ),
                thread,
            )),
            None => {
                web_sys::console::warn_1(
                    &"maqal: comments=\"wordpress\" needs a WordPress article (wordpress and post attributes)".into(),
                );
                None
            }
        },
        CommentsSpec::Isso(endpoint) => Some((
            Backend::Isso(IssoStore::new(endpoint, &thread, &article.headline)),
            thread,
        )),
        CommentsSpec::Local(options) => Some((
            Backend::Local(LocalStore::new(&thread, article.comments.clone(), options.clone())),
            thread,
        )),
    }
}
