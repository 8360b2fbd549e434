use leptos::prelude::*;

/// A localized error shown in place of a region, with a retry when retrying can help.
/// `role="alert"` so a screen reader announces it even though it replaces a loading message.
#[component]
pub fn ErrorNotice(message: String, retry: Option<Callback<()>>, retry_label: &'static str) -> impl IntoView {
    view! {
        <div class="notice error" role="alert">
            <p>{message}</p>
            {retry.map(|retry| view! {
                <button type="button" class="button" on:click=move |_| retry.run(())>{retry_label}</button>
            })}
        </div>
    }
}
