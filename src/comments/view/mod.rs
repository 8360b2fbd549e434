//! What the first screen shows of the comments: the section (heading, sort, the list, paging,
//! the form's place) and each comment.

pub mod avatar;
pub mod item;
pub mod own;
pub mod section;
pub mod shell;

pub use own::OWN_COMMENTS_SLOT;
pub use section::CommentsSection;
