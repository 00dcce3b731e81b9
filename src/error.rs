//! Library errors. Each names the file it is about and says what to do.

use std::path::PathBuf;

/// Everything that can stop a build.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A file could not be written.
    #[error("cannot write {path}: {source} (check that the folder exists and is writable)")]
    Write {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// `book.toml` is malformed.
    #[error("{path}:{line}:{column}: {message}")]
    Config {
        /// The config file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The input is not a usable transcript.
    #[error("{path}: {message}")]
    Input {
        /// The transcript.
        path: PathBuf,
        /// What is wrong and what to do.
        message: String,
    },
    /// A font file is missing or unusable.
    #[error("font {path}: {message}")]
    Font {
        /// The font file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A renderer failed.
    #[error("{format}: {message}")]
    Render {
        /// `epub` or `pdf`.
        format: &'static str,
        /// What went wrong.
        message: String,
    },
}
