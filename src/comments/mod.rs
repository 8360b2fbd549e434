//! The comments region: pure model (threading, paging, validation, autolinking), the backend
//! boundary (`store`), and the components.

pub mod autolink;
pub mod avatar;
pub mod model;
pub mod store;
pub mod validate;

mod comment_form;
mod comment_item;
mod comments_region;
mod composer;
mod focus;
mod region;
mod storage;
mod thread;

pub use comments_region::CommentsRegion;
pub use region::{FirstPage, prefetch_first_page};
