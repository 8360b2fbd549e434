//! Split points: code a release build keeps out of the module every page downloads, fetched the
//! first time it is needed (`scripts/release-wasm.sh` splits the module where [`split!`] says).
//! Without the `split` feature (`trunk serve`, native tests) a split point is an ordinary call.

/// A part of the widget could not be fetched (the connection dropped, a CDN lost a file, or it
/// did not come within 15 s: `scripts/release-wasm.sh` bounds each download). Not remembered:
/// the next call tries again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LoadError;

impl From<leptos::wasm_split::SplitLoaderError> for LoadError {
    fn from(_: leptos::wasm_split::SplitLoaderError) -> LoadError {
        LoadError
    }
}

/// `split!(module, pub fn name(args) -> T { body })` declares `async fn name(args) ->
/// Result<T, LoadError>`. In a release build the body, and all the code only it reaches, lives in
/// `split_module.wasm` (one file per module name, however many split points share it), fetched on
/// the first call. The arguments and the result cross as plain values: no generics, no borrows.
macro_rules! split {
    ($module:ident, $(#[$meta:meta])* $vis:vis fn $name:ident($($arg:ident: $ty:ty),* $(,)?) -> $ret:ty $body:block) => {
        $(#[$meta])*
        $vis async fn $name($($arg: $ty),*) -> Result<$ret, $crate::web::split::LoadError> {
            // Named after the split point (its span makes the split's export unique).
            #[cfg_attr(
                feature = "split",
                ::leptos::wasm_split::wasm_split($module, wasm_split_path = ::leptos::wasm_split, fallible)
            )]
            fn $name($($arg: $ty),*) -> Result<$ret, $crate::web::split::LoadError> {
                Ok($body)
            }
            #[cfg(feature = "split")]
            {
                $name($($arg),*).await
            }
            #[cfg(not(feature = "split"))]
            {
                $name($($arg),*)
            }
        }
    };
}

pub(crate) use split;
