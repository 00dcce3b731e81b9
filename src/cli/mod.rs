//! The command line: flags parsed by clap, then one module per subcommand.

mod build;
mod catalog;
pub mod check;
mod init;
mod shelf;

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// talkbook: turn an interview transcript into an EPUB and a print-ready PDF.
#[derive(Debug, Parser)]
#[command(name = "talkbook", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Build the book (the default: the transcript named in ./book.toml).
    Build(build::BuildArgs),
    /// Show what the parser understood, without writing anything.
    Check(check::CheckArgs),
    /// Write a book.toml beside a transcript, filled with what talkbook finds in it.
    Init(init::InitArgs),
    /// Merge shelves into one page and OPDS catalogue (`talkbook catalog shelf-*/ -o all/`).
    Catalog(catalog::CatalogArgs),
}

/// Runs the command line; returns the process exit code.
pub fn run() -> anyhow::Result<i32> {
    let cli = Cli::parse();
    match cli.command {
        None => build::run(&build::BuildArgs::default()),
        Some(Command::Build(args)) => build::run(&args),
        Some(Command::Check(args)) => check::run(&args),
        Some(Command::Init(args)) => init::run(&args),
        Some(Command::Catalog(args)) => catalog::run(&args),
    }
}

/// Shared: the transcript and config flags.
#[derive(Debug, Default, clap::Args)]
pub struct InputArgs {
    /// The transcript (Markdown or text). Default: `source` in ./book.toml.
    pub input: Option<PathBuf>,
    /// The book.toml to use (default: the one beside the transcript, or ./book.toml).
    #[arg(short, long)]
    pub config: Option<PathBuf>,
}
