//! One module per place comments (and, for WordPress, articles) live: the only code that knows a
//! server's wire format. Each turns its answers into the neutral types of `crate::article` and
//! `crate::comments` and implements the comments' `Store` boundary.

pub mod isso;
pub mod local;
pub mod wordpress;
