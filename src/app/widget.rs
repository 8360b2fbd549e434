use leptos::html::{Div, H1};
use leptos::prelude::*;
use send_wrapper::SendWrapper;

use super::backend::{self, Options};
use super::config::{ArticleSource, CommentsSpec, Config, Mode};
use super::discussion::{Closed, Discussion, Open};
use crate::article::{Article, ArticleError, ArticleView, load};
use crate::backends::isso;
use crate::backends::wordpress::{self, WpPost};
use crate::comments::region::{FirstPage, Setting, prefetch_first_page};
use crate::comments::store::opening;
use crate::comments::structured::LdArticle;
use crate::ui::back_to_top::BackToTop;
use crate::ui::error_notice::ErrorNotice;
use crate::web::catalogs;
use crate::web::dom::{after_paint, next_task};
use crate::web::events::{Host, Part, State, WidgetEvent, emit};
use crate::web::i18n::Lang;
use crate::web::lifetime::Lifetime;
use crate::web::task::Task;

/// What a widget shows once its article has come: the article (or why not), the words of its
/// language, and where its comments live (their store, thread key and first page, on its way).
#[derive(Clone)]
struct Ready {
    loaded: Result<Loaded, ArticleError>,
    /// The article's language with its words, if they are here (else they are on their way).
    ui: Option<Lang>,
    /// The article's locale.
    locale: &'static str,
    comments: Option<(Open, String, Option<FirstPage>)>,
}

/// An article as loaded, with where its comments live when that is its own site's.
#[derive(Clone)]
struct Loaded {
    article: Article,
    wordpress: Option<WpPost>,
}

async fn load_source(
    source: ArticleSource,
    mode: Mode,
    abort: Option<web_sys::AbortSignal>,
) -> Result<Loaded, ArticleError> {
    let article = |article| Loaded {
        article,
        wordpress: None,
    };
    match source {
        // The comments alone, of the page that shows the article.
        ArticleSource::Missing if mode == Mode::Comments => Ok(article(Article::this_page())),
        ArticleSource::Missing => Err(ArticleError::NoSource),
        ArticleSource::Inline(json) => load::from_inline(&json).map(article),
        ArticleSource::Url(url) => load::from_url(&url, abort.as_ref()).await.map(article),
        ArticleSource::WordPress { site, post, kind } => {
            // The WordPress module, fetched in a release build (the loader starts its download
            // with the page's): a module that cannot be fetched is a site that cannot be reached.
            let loading = wordpress::load(site, post, kind, abort)
                .await
                .map_err(|_| ArticleError::Network("the WordPress module".into()))?;
            loading.await.map(|(article, home)| Loaded {
                article,
                wordpress: Some(home),
            })
        }
    }
}

/// One embedded article. The article and the comments each show their own failure in their own
/// place (`web::task`), so a failure in one never blanks the other (or another widget on the page).
#[component]
pub fn Widget(
    config: Config,
    /// The publisher put the article's own HTML inside the element: it stays on show (through a
    /// slot, styled by the page) until the widget's article is ready, and if it never is.
    #[prop(default = false)]
    own_html: bool,
    /// The publisher put their own comments inside too, after their article: they stay on show
    /// (a slot of their own, in the comments' place) until the widget's list replaces them.
    #[prop(default = false)]
    own_comments: bool,
) -> impl IntoView {
    let Config {
        source,
        dir: forced_dir,
        comments,
        thread,
        page_size,
        remote_avatars,
        thread_depth,
        lazy,
        mode,
        sort,
        live,
        ..
    } = config;
    let excerpt = mode == Mode::Excerpt;
    // `mode="comments"`: the page already shows the article (a WordPress theme, any CMS): no
    // second headline or body, and no button back to a top the widget does not draw.
    let comments_only = mode == Mode::Comments;
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
    // The interface's language before the article is known (the element's, the page's, the
    // reader's), and once it is (the article's `inLanguage` comes before the page's): the
    // loader's choice. Its words are usually here already; if not, nothing is said until they are.
    let host = Host::current();
    let language = move |article: Option<&str>| match host.and_then(Host::element) {
        Some(element) => catalogs::choose(&element, article),
        None => catalogs::Choice {
            locale: "en",
            catalogue: None,
        },
    };
    let first_choice = language(None);
    let startup = RwSignal::new(catalogs::now(first_choice));
    // The article's words when they were not here with it.
    let article_words = RwSignal::new(None::<Lang>);
    // With the page's own article or comments on screen, nothing the widget shows needs its
    // words before its article does: their catalogue is read in a task after the mount's.
    let own = own_html || own_comments;
    if startup.get_untracked().is_none() {
        life.with_value(|life| fetch_words(life, first_choice, startup, own));
    }
    let options = Options {
        remote_avatars,
        thread_depth,
    };
    // An Isso thread named by the `thread` attribute does not depend on the article: its first
    // page is asked for now, beside the article, rather than once it has arrived (a round trip
    // fewer before the first comment). Taken by the comments region when the article shows.
    // A link to a comment (`#comment-…`) in the address: a reader who may want the comments now,
    // however far down they are.
    // With the page's own HTML on screen, it is asked for with the article's, a task after the
    // mount's (no round trip is lost: the loader asked for both at once).
    let linked = window().location().hash().is_ok_and(|h| h.starts_with("#comment-"));
    let early_first = StoredValue::new_local(match (&comments, &thread) {
        (CommentsSpec::Isso(endpoint), Some(thread)) if (!lazy || linked) && !own => Some(life.with_value(|life| {
            let opening = opening(isso::open(endpoint.clone(), thread.clone(), String::new()));
            SendWrapper::new(prefetch_first_page(opening, page_size, sort, life))
        })),
        _ => None,
    });
    // The article; then, at once, where its comments live and (unless they wait for the reader)
    // their first page; then its language's words. Those are usually here already (the loader
    // fetched the page's beside the module); when they are not, their request runs beside the
    // comments', not before it.
    let article = Task::<Ready>::new();
    let load_article = StoredValue::new_local(move || {
        let source = source.clone();
        let (spec, thread, src_url) = (comments.clone(), thread.clone(), src_url.clone());
        let abort = life.with_value(Lifetime::signal);
        article.run(async move {
            let loaded = load_source(source, mode, abort).await;
            // With the page's own article or comments on screen meanwhile, the widget's article
            // and thread are built in a task of their own, not in the one that mounted the widget
            // (one long task on a phone otherwise: the loader has the answers ready). Without
            // them, nothing shows meanwhile: no waiting.
            if own {
                next_task().await;
            }
            let comments = loaded
                .as_ref()
                .ok()
                .and_then(|l| {
                    backend::choose(
                        &spec,
                        thread,
                        src_url.as_deref(),
                        &l.article,
                        l.wordpress.as_ref(),
                        options,
                    )
                })
                .map(|(open, key)| {
                    let early = early_first
                        .try_update_value(Option::take)
                        .flatten()
                        .map(SendWrapper::take);
                    let first = early.or_else(|| {
                        let opening = (!lazy).then(|| open())?;
                        life.try_with_value(|life| prefetch_first_page(opening, page_size, sort, life))
                    });
                    (open, key, first)
                });
            let choice = language(loaded.as_ref().ok().and_then(|l| l.article.lang.as_deref()));
            // An article in another language than the page's shows now, in its language's
            // direction, and only the words switch when its catalogue lands (fetched beside the
            // comments). The page's own words, which the loader fetched with the module, are
            // awaited (an article in the page's language, an error).
            let ui = match catalogs::now(choice) {
                None if choice.catalogue != first_choice.catalogue => {
                    life.with_value(|life| fetch_words(life, choice, article_words, false));
                    None
                }
                None => Some(catalogs::ensure(choice).await),
                now => now,
            };
            Ready {
                loaded,
                ui,
                locale: choice.locale,
                comments,
            }
        });
    });
    load_article.with_value(|load| load());
    // The interface speaks the article's language once it is known, until then the startup one
    // (whose words are usually here at once: nothing is shown until they are).
    let ui = Memo::new(move |_| {
        article_words
            .get()
            .or_else(|| {
                // Until the article's words land: its locale, with the page's words.
                // Read in place: the article itself (its body, maybe megabytes) is not copied for it.
                article.with_last(|ready| {
                    ready.map(|ready| {
                        ready.ui.unwrap_or_else(|| {
                            let words = startup.get().map_or_else(crate::web::i18n::english, Lang::text);
                            Lang::new(ready.locale, words)
                        })
                    })
                })
            })
            .or_else(|| startup.get())
            .unwrap_or_else(|| Lang::english(first_choice.locale))
    });
    // The article's words are here (the comments wait for them).
    let words_here = Memo::new(move |_| {
        article_words.with(Option::is_some) || article.with_last(|ready| ready.is_some_and(|ready| ready.ui.is_some()))
    });
    // The interface's direction is its language's; the article has its own (its language's, else
    // its letters'). The publisher's `dir` decides both.
    let dir = move || forced_dir.unwrap_or_else(|| ui.get().dir()).as_str();
    let frame = NodeRef::<Div>::new();
    let headline = NodeRef::<H1>::new();

    // Tell the host page, once per outcome: the article is shown, or could not be loaded.
    let host = Host::current();
    Effect::new(move |_| {
        // What is told of it, read in place (the article is not copied for it).
        let outcome = article.with_last(|ready| {
            ready.map(|ready| match &ready.loaded {
                Ok(loaded) => Ok((loaded.article.headline.clone(), permalink_base(&loaded.article))),
                Err(e) => Err(e.kind()),
            })
        });
        if let Some(host) = host {
            host.mark(State::Shown, outcome.is_some());
            // Until ours replaces it, and for good if ours cannot load.
            host.mark(State::OwnHtml, own_html && !matches!(outcome, Some(Ok(_))));
        }
        match outcome {
            // Told once the frame that shows the article has been drawn.
            Some(Ok((headline, url))) => {
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
            Some(Err(kind)) => {
                // Asked for with this attempt's article: a retry's comments are asked for anew.
                early_first.set_value(None);
                emit(WidgetEvent::Error {
                    part: Part::Article,
                    kind,
                });
            }
            None => {}
        }
    });

    view! {
        <div class="frame" class:excerpt=excerpt class:alone=comments_only class:stand-in=move || ui.get().stand_in() dir=dir lang=move || ui.get().ui_lang() node_ref=frame>
            // Until the article comes: the page's own HTML, or a loading line. A failure in its
            // place, with a retry when one can help (what was shown stays while it is tried).
            {move || match article.last() {
                // The page's own comments show through their own slot meanwhile.
                None if own_html || comments_only && own_comments => view! { <slot></slot> }.into_any(),
                // Alone, what is awaited is the comments (the post their thread is read from).
                None => view! { <p class="notice loading" role="status">{move || startup.get().map(|ui| if comments_only { ui.text().loading_comments() } else { ui.text().loading_article() })}</p> }.into_any(),
                Some(Ready { loaded: Err(failure), .. }) => {
                    let ui = ui.get_untracked();
                    let message = failure.message(ui);
                    if own_html || comments_only && own_comments {
                        // The reader already has the article (and, alone, the page's comments);
                        // the failure is for the console.
                        web_sys::console::warn_1(&format!("maqal: the article could not be loaded ({message}); showing the page's own").into());
                        return view! { <slot></slot> }.into_any();
                    }
                    let retry = failure
                        .is_transient()
                        .then(|| Callback::new(move |()| load_article.with_value(|load| load())));
                    view! { <ErrorNotice message retry retry_label=ui.text().retry() /> }.into_any()
                }
                Some(Ready { loaded: Ok(Loaded { article: a, wordpress }), comments, .. }) => {
                    let permalink_base = permalink_base(&a);
                    let ld = LdArticle::of(&a, permalink_base.clone(), excerpt);
                    let closed = match &wordpress {
                        Some(post) if !post.comments_open => Closed::Comments,
                        Some(post) if post.discussion.accounts_only => Closed::AccountsOnly,
                        _ => Closed::No,
                    };
                    let comments = comments.map(|(open_store, thread_key, first)| {
                        let setting = Setting {
                            ui: ui.get_untracked(),
                            thread_key,
                            page_size,
                            sort,
                            permalink_base,
                            open: closed == Closed::No,
                            acts: crate::compose::load,
                            own: None,
                            live,
                        };
                        view! { <Discussion open=open_store setting closed ld first lazy ui words=words_here own=own_comments /> }.into_any()
                    });
                    if comments_only {
                        return comments.into_any();
                    }
                    view! {
                        <ArticleView dir=forced_dir.or_else(|| a.text_dir()) article=a ui headline_ref=headline excerpt />
                        {comments}
                    }
                    .into_any()
                }
            }}
            <BackToTop frame focus_target=headline label=Signal::derive(move || ui.get().text().back_to_top()) enabled=!comments_only />
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

/// Fetches `choice`'s words into `words`, in the background while the widget lives (`later`: in
/// a task after this one).
fn fetch_words(life: &Lifetime, choice: catalogs::Choice, words: RwSignal<Option<Lang>>, later: bool) {
    life.spawn(async move {
        if later {
            next_task().await;
        }
        let ui = catalogs::ensure(choice).await;
        words.try_set(Some(ui));
    });
}
