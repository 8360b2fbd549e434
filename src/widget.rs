use leptos::html::{Div, H1};
use leptos::prelude::*;

use crate::article::{ArticleError, ArticleView, load_article};
use crate::back_to_top::BackToTop;
use crate::embed::Config;
use crate::error_notice::ErrorNotice;
use crate::i18n::Lang;

/// One embedded article. Each region has its own error boundary, so a failure in one never
/// blanks the others (or another widget on the page).
#[component]
pub fn Widget(config: Config, page_lang: Lang) -> impl IntoView {
    let Config {
        source,
        lang: forced_lang,
        dir: forced_dir,
        ..
    } = config;
    let article = LocalResource::new(move || load_article(source.clone()));
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
    let dir = move || {
        forced_dir
            .or_else(|| {
                article_lang
                    .get()
                    .as_deref()
                    .map(crate::i18n::Dir::for_lang_tag)
            })
            .unwrap_or_else(|| ui.get().dir())
            .as_str()
    };
    let region = NodeRef::<Div>::new();
    let headline = NodeRef::<H1>::new();

    view! {
        <div class="frame" dir=dir lang=move || ui.get().tag() node_ref=region>
            <ErrorBoundary fallback=move |errors| {
                let ui = ui.get_untracked();
                let failure = errors.with(|errors| {
                    errors.iter().find_map(|(_, e)| e.downcast_ref::<ArticleError>().cloned())
                });
                let message = failure.as_ref().map_or_else(|| ui.text().err_unexpected.to_owned(), |e| e.message(ui));
                let retry = failure
                    .filter(ArticleError::is_transient)
                    .map(|_| Callback::new(move |()| article.refetch()));
                view! { <ErrorNotice message retry retry_label=ui.text().retry /> }
            }>
                <Transition fallback=move || view! {
                    <p class="notice loading" role="status">{move || ui.get().text().loading_article}</p>
                }>
                    {move || article.get().map(|loaded| loaded.map(|a| {
                        view! { <ArticleView article=a ui=ui.get_untracked() headline_ref=headline /> }
                    }))}
                </Transition>
            </ErrorBoundary>
            <BackToTop region focus_target=headline label=Signal::derive(move || ui.get().text().back_to_top) />
        </div>
    }
}
