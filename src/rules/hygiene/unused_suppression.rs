//! CL901 unused-suppression: a `# noqa: CL...` or `connlint: ignore[...]` that suppresses nothing, or names no rule.
// The page is the module documentation; its Rust examples are not doctests.
#![cfg_attr(not(doctest), doc = include_str!("../../../rules/CL901.md"))]

use crate::diagnostic::Severity;
use crate::rules::{FixAvailability, Rule, RuleMeta, Status};
use crate::source::Lang;

pub struct UnusedSuppression;

static META: RuleMeta = RuleMeta {
    code: "CL901",
    name: "unused-suppression",
    summary: "a `# noqa: CL...` or `connlint: ignore[...]` that suppresses nothing, or names no rule",
    langs: &[Lang::Python, Lang::Rust],
    severity: Severity::Warning,
    status: Status::Preview,
    fix: FixAvailability::Always,
    doc: include_str!("../../../rules/CL901.md"),
};

/// The rule's metadata: the engine reports it, after suppressions
/// (`lang::finish`), since only then is it known what each comment did.
#[must_use]
pub fn meta() -> &'static RuleMeta {
    &META
}

impl Rule for UnusedSuppression {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }
}
