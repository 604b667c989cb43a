//! What a rule produces: a `Diagnostic` with a primary span, secondary labels,
//! help, notes and an optional `Fix`. Spans are byte ranges; reporters turn
//! them into lines and columns.

pub use crate::rule_meta::{RuleMeta, Severity};
use crate::source::TextRange;

/// A secondary location with a short explanation ("released here", "may raise here").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Label {
    pub range: TextRange,
    pub message: String,
}

/// Whether a fix may be applied without asking (ruff's contracts).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Applicability {
    /// Keeps the exact meaning of the code; applied by `--fix`.
    Safe,
    /// Valid code that may change behaviour; applied only with `--unsafe-fixes`.
    Unsafe,
    /// Shown to the user, never applied.
    DisplayOnly,
}

/// Replace `range` by `content`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: TextRange,
    pub content: String,
}

/// A set of non-overlapping edits, sorted by start, with a title.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

/// One finding in one file.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    pub range: TextRange,
    pub message: String,
    pub labels: Vec<Label>,
    pub help: Option<String>,
    pub notes: Vec<String>,
    pub fix: Option<Fix>,
    /// Name of the innermost enclosing function (`Class.method`), for fingerprints.
    pub scope: Option<String>,
}

impl Diagnostic {
    #[must_use]
    pub fn new(
        rule: &'static RuleMeta,
        range: TextRange,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            rule,
            range,
            message: message.into(),
            labels: Vec::new(),
            help: None,
            notes: Vec::new(),
            fix: None,
            scope: None,
        }
    }

    #[must_use]
    pub fn label(mut self, range: TextRange, message: impl Into<String>) -> Diagnostic {
        self.labels.push(Label {
            range,
            message: message.into(),
        });
        self
    }

    #[must_use]
    pub fn help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    #[must_use]
    pub fn note(mut self, note: impl Into<String>) -> Diagnostic {
        self.notes.push(note.into());
        self
    }

    #[must_use]
    pub fn scope(mut self, scope: Option<String>) -> Diagnostic {
        self.scope = scope;
        self
    }

    #[must_use]
    pub fn severity(&self) -> Severity {
        self.rule.severity
    }
}

/// Sorts by position, then code, then message: the same bytes on every run.
pub fn sort_diagnostics(ds: &mut [Diagnostic]) {
    ds.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule.code, &a.message).cmp(&(
            b.range.start,
            b.range.end,
            b.rule.code,
            &b.message,
        ))
    });
}
