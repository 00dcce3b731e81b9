//! Running the PDF tools the checks rely on.

use std::process::Command;

/// Whether `tool` is installed; outside CI a missing tool skips the check, in CI it fails.
pub fn require(tool: &str) -> bool {
    let ok = Command::new(tool)
        .arg(if tool == "python3" { "--version" } else { "-v" })
        .output()
        .is_ok();
    let ok = if ok && tool == "python3" {
        Command::new("python3")
            .args(["-c", "import fitz"])
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    } else {
        ok
    };
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{tool} is required in CI"
        );
        println!("skipped: {tool} not installed");
    }
    ok
}

/// Runs a tool and returns its stdout; panics with its stderr on failure.
pub fn run(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{tool} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}
