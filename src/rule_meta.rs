//! What every rule is besides its logic: code, name, summary, languages,
//! severity, status, fix availability and page; and the pseudo-rules
//! (`syntax-error`, `analysis-limit`) that the engine reports itself.
//! Plain data: `diagnostic` and `rules` both read it, it reads neither.

use crate::source::Lang;

/// How serious a finding is; maps to SARIF `level` and the human header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
}

impl Severity {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Whether a rule is on by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Stable,
    /// Opt-in until its precision on real code is measured.
    Preview,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    None,
    Sometimes,
    Always,
}

/// Everything about a rule that is not its logic.
#[derive(Debug)]
pub struct RuleMeta {
    pub code: &'static str,
    pub name: &'static str,
    /// One line: what it flags.
    pub summary: &'static str,
    pub langs: &'static [Lang],
    pub severity: Severity,
    pub status: Status,
    pub fix: FixAvailability,
    /// The rule's page, `rules/<code>.md`.
    pub doc: &'static str,
}

/// The pseudo-rule of files that do not parse. Always on.
pub static SYNTAX_ERROR: RuleMeta = RuleMeta {
    code: "syntax-error",
    name: "syntax-error",
    summary: "the file does not parse; parts of it were not analysed",
    langs: &[Lang::Python, Lang::Rust],
    severity: Severity::Error,
    status: Status::Stable,
    fix: FixAvailability::None,
    doc: "# syntax-error\n\n## What it does\n\nThe file could not be parsed. connlint still analyses the functions that parsed cleanly and skips the rest.\n",
};

/// The pseudo-rule of code too deeply nested or too large for the analysis:
/// connlint says where it stopped instead of skipping it silently. Always on.
pub static ANALYSIS_LIMIT: RuleMeta = RuleMeta {
    code: "analysis-limit",
    name: "analysis-limit",
    summary: "code too deeply nested or too large to analyse; some rules were not checked in it",
    langs: &[Lang::Python, Lang::Rust],
    severity: Severity::Warning,
    status: Status::Stable,
    fix: FixAvailability::None,
    doc: "# analysis-limit\n\n## What it does\n\nA function was too deeply nested (more than 100 nested blocks in Python, 200 levels of Rust expressions), its control-flow graph too large (50,000 nodes), or following its connections would take too long (8 million graph steps), so the path-sensitive rules (CL102, CL103, CL302, CL305 in Python; every rule below that point in Rust) were not checked there. Only generated code comes near these limits; exclude the file (`extend-exclude`) or split the function.\n",
};

/// The advice under every `analysis-limit` finding, Python's and Rust's.
pub const ANALYSIS_LIMIT_NOTE: &str =
    "only generated code comes near this limit: exclude the file, or split the function";

/// The options of rules that a configuration sets (`[rules.<name>]`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RuleOptions {
    /// `[rules.leaked-guard] detach = true`: `detach()` of a guard is a finding.
    pub flag_detach: bool,
    /// `[rules.leak-on-exception] in-tests = true`: CL102 reports in test code too.
    pub leak_on_exception_in_tests: bool,
    /// `[rules.manual-connection] allow-finally = true`: CL101 leaves a release in `finally` alone.
    pub manual_connection_allow_finally: bool,
}

/// The rules that read the path-sensitive analysis of Python functions:
/// where a function is too large for it, `analysis-limit` names them.
pub const PATH_SENSITIVE_RULES: &str = "CL102, CL103, CL302 and CL305";

/// The pseudo-rules: not in `RULES`, always on, never suppressed by a
/// comment; listed with the rules in SARIF and known to the cache.
pub static PSEUDO_RULES: [&RuleMeta; 2] = [&SYNTAX_ERROR, &ANALYSIS_LIMIT];

impl RuleMeta {
    /// Whether this is one of [`PSEUDO_RULES`].
    #[must_use]
    pub fn is_pseudo(&self) -> bool {
        PSEUDO_RULES.iter().any(|p| p.code == self.code)
    }
}
