//! Stage 1, layout: the book becomes pages of positioned lines, without any PDF objects.
//!
//! [`fonts`] gives the two faces' metrics; [`document`] (with `chapter`, `figure` and
//! `phrases`) builds the flow of sections, laying out each paragraph's lines with
//! [`typeset`]; [`pages`] paginates the flow.

pub mod chapter;
pub mod document;
mod figure;
pub mod fonts;
pub mod pages;
mod phrases;
pub mod typeset;
