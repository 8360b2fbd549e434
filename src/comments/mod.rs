//! The comments a reader reads: the pure model (threading, sorting, paging, validation,
//! autolinking), the backend boundary (`store`), the thread on screen and its controller
//! (`region`, with permalinks and focus), the structured data, and the views. What a reader
//! does beyond reading lives in `crate::compose`; each server's wire format in `crate::backends`.

pub mod autolink;
pub mod focus;
pub mod live;
pub mod model;
pub mod permalink;
pub mod region;
pub mod saved;
pub mod store;
pub mod structured;
pub mod thread;
pub mod validate;
pub mod view;
