//! Non-fatal problems: the build goes on, the report (and `--strict`) remembers.

use std::fmt;

/// Something the user should know about, but that does not stop the build.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// 1-based line in the transcript, when the problem has one.
    pub line: Option<usize>,
    /// What happened and, where useful, what to do.
    pub message: String,
}

impl Warning {
    /// A warning tied to a transcript line.
    pub fn at(line: usize, message: impl Into<String>) -> Warning {
        Warning {
            line: Some(line),
            message: message.into(),
        }
    }

    /// A warning about the book as a whole.
    pub fn general(message: impl Into<String>) -> Warning {
        Warning {
            line: None,
            message: message.into(),
        }
    }
}

impl Warning {
    /// `file:line: message` (as compilers print it, so editors can jump there), or
    /// `file: message` for a warning about the whole book.
    pub fn located(&self, file: &std::path::Path) -> String {
        match self.line {
            Some(line) => format!("{}:{line}: {}", file.display(), self.message),
            None => format!("{}: {}", file.display(), self.message),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}
