//! Pieces every region shares: the error notice, the back-to-top button, and the light or dark
//! look that follows the host page.

pub mod back_to_top;
pub mod error_notice;
pub mod theme;
