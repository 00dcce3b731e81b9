//! talkbook: interview transcripts into EPUB and PDF books.
//!
//! The pipeline: [`source`] reads and decodes the file, [`transcript`] parses it into a
//! [`book::Book`], and the renderers ([`epub`], [`pdf`]) turn the book into bytes.

pub mod assets;
pub mod book;
pub mod config;
pub mod diagnostics;
pub mod edition;
pub mod epub;
pub mod error;
pub mod pdf;
pub mod render;

pub use book::Book;
pub use error::Error;
pub mod cli;
pub mod fonts;
pub mod index;
pub mod labels;
pub mod output;
pub mod project;
pub mod publish;
pub mod source;
pub mod transcript;
