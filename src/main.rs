//! The `talkbook` binary: a thin shell around the library.

fn main() {
    match talkbook::cli::run() {
        Ok(code) => std::process::exit(code),
        Err(err) => {
            eprintln!("error: {err:#}");
            std::process::exit(1);
        }
    }
}
