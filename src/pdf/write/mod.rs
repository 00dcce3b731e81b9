//! Stage 3, writing: the planned pages become the file.
//!
//! [`embed`] subsets the fonts, [`content`] writes the page content streams, [`images`]
//! makes the pictures' XObjects, [`deflate`] compresses the streams, [`tags`] builds the
//! structure tree of the tagged PDF, and [`finish`] assembles the document around them.

pub mod content;
pub mod deflate;
pub mod embed;
pub mod finish;
pub mod images;
pub mod tags;
