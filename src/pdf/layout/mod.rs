//! Stage 1, layout: the book becomes pages of positioned lines, without any PDF objects.
//!
//! [`fonts`] gives the two faces' metrics, and [`fallback`] the faces for what they lack; [`document`] (with `chapter`, `figure` and
//! `phrases`, and `cover`, the cover drawn as text and shapes) builds the flow of sections, laying out each paragraph's lines with
//! [`typeset`]; [`pages`] paginates the flow; [`index`] sets the back-of-book index once
//! the pages of its entries are known.

pub mod chapter;
mod cover;
pub mod document;
pub mod fallback;
mod figure;
pub mod fonts;
pub mod index;
pub mod pages;
pub(crate) mod phrases;
pub mod typeset;
