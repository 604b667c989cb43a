//! CL102 leak-on-exception: released on every normal path, but not when an
//! exception leaves the function.
// The page is the module documentation; its Rust examples are not doctests.
#![cfg_attr(not(doctest), doc = include_str!("../../../rules/CL102.md"))]

use tree_sitter::Node;

use crate::diagnostic::{Diagnostic, Severity};
use crate::lang::python::leaks::Leak;
use crate::lang::python::resources::{Escape, Use};
use crate::rules::common::{
    call_text, expected_to_raise, guarded_help, in_finally, leak_verb, origin_note, scope_label,
};
use crate::rules::{FixAvailability, PyContext, PythonRule, Rule, RuleMeta, Status};
use crate::source::{Lang, TextRange};

pub struct LeakOnException;

static META: RuleMeta = RuleMeta {
    code: "CL102",
    name: "leak-on-exception",
    summary: "released on normal paths, not when an exception escapes",
    langs: &[Lang::Python],
    severity: Severity::Error,
    status: Status::Stable,
    fix: FixAvailability::Sometimes,
    doc: include_str!("../../../rules/CL102.md"),
};

impl Rule for LeakOnException {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn python(&self) -> Option<&dyn PythonRule> {
        Some(self)
    }
}

impl PythonRule for LeakOnException {
    fn check(&self, cx: &PyContext<'_, '_>, out: &mut Vec<Diagnostic>) {
        for finding in cx.leaks() {
            let Leak::OnException {
                stmt,
                raiser,
                unbound,
            } = &finding.leak
            else {
                continue;
            };
            let acq = &cx.acquisitions[finding.acquisition];
            let Use::Local { name, fate } = &acq.use_ else {
                continue;
            };
            // Ex) a factory: `conn = psycopg2.connect(DSN); conn.set_session(readonly=True); return conn`.
            // Its exception path drops the last reference and CPython closes the
            // connection; a pooled one, which the pool still references, is reported.
            // Not for a raw handle with no methods of its own (`fd = os.open(...)`,
            // released only by `os.close(fd)`): nothing closes it when it is dropped.
            let finalized = acq.resource.pool.is_none()
                && !cx.catalog.resource(acq.resource.def).release.is_empty();
            if finalized && matches!(fate.escape, Some((Escape::Returned, _))) {
                continue;
            }
            // Ex) the same set-up before a hand-off that is not a `return`: `g.db = conn`,
            //     `self.conn = conn`, `Bot(db=conn)` keeping it: the object it went to owns it.
            if finalized
                && matches!(
                    fate.escape,
                    Some((Escape::Stored | Escape::Owned | Escape::Global, _))
                )
            {
                continue;
            }
            // Ex) a test that fails an `assert` with a connection open: the test
            //     run reports the failure, and fixtures tear the database down
            //     (`[rules.leak-on-exception] in-tests = true` reports it).
            if cx.is_test && !cx.leak_on_exception_in_tests {
                continue;
            }
            // Ex) `with pytest.raises(OperationalError): conn = psycopg2.connect(BAD)`
            if expected_to_raise(cx.file, acq.call) {
                continue;
            }
            let where_ = raiser.unwrap_or(*stmt);
            let what = raiser_text(cx, where_);
            let line = cx.source.lines.line_of(where_.start_byte() as u32) + 1;
            let verb = leak_verb(&acq.resource);
            // Ex) `raise HTTPException(401)`: an exit the code takes on purpose
            let explicit = where_.kind() == "raise_statement";
            let message = if explicit {
                format!("`{name}` is not {verb} when `{what}` leaves the function (line {line})")
            } else {
                format!("`{name}` is not {verb} if `{what}` raises (line {line})")
            };
            let mut d = Diagnostic::new(&META, TextRange::of(acq.call), message)
                .label(TextRange::of(acq.call), format!("`{name}` acquired here"));
            d = match unbound {
                None if explicit => d.label(
                    TextRange::of(where_),
                    format!("leaves the function with `{name}` still open"),
                ),
                Some(u) => d.label(
                    TextRange::of(where_),
                    format!(
                        "raises if `{u}` was never assigned or is `None`, and what follows it in the block does not run"
                    ),
                ),
                None => d.label(
                    TextRange::of(where_),
                    format!("if this raises, `{name}` is left open"),
                ),
            };
            let text = call_text(cx.file, acq.call);
            let is_async = cx.file.scopes[acq.scope as usize].is_async;
            // Ex) a context manager's own `conn = pool.getconn(); cur = conn.cursor(); try: yield ...`:
            //     it is the guarded form; the statement belongs inside its `try`.
            let scope = &cx.file.scopes[acq.scope as usize];
            let is_manager = cx
                .project
                .function(&scope.qualname)
                .is_some_and(|f| f.is_context_manager);
            d = if is_manager && fate.releases.iter().any(|r| in_finally(*r)) {
                d.help(format!(
                    "move `{what}` into the `try` block, so that its `finally` releases `{name}` when it raises"
                ))
            } else {
                d.help(guarded_help(
                    cx,
                    acq.scope,
                    &acq.resource,
                    name,
                    &text,
                    is_async,
                ))
            };
            if let Some(note) = origin_note(cx, acq.scope, &acq.resource) {
                d = d.note(note);
            }
            // The rewrite that fixes CL101 on this acquisition fixes this too.
            d.fix = crate::lang::python::rewrite::guarded_fix(cx, acq, name, &fate.releases);
            out.push(d.scope(scope_label(cx.file, acq.scope)));
        }
        wrapper_leaks(cx, out);
    }
}

/// A wrapper class's connection, kept on `self` from `__enter__` for
/// `__exit__`, lost when either raises before the release.
fn wrapper_leaks(cx: &PyContext<'_, '_>, out: &mut Vec<Diagnostic>) {
    // Ex) a test helper class: the test run reports the failure
    if cx.is_test && !cx.leak_on_exception_in_tests {
        return;
    }
    for w in &cx.leak_analysis().wrappers {
        let acq = &cx.acquisitions[w.acquisition];
        let where_ = w.raiser.unwrap_or(w.stmt);
        let what = raiser_text(cx, where_);
        let line = cx.source.lines.line_of(where_.start_byte() as u32) + 1;
        let verb = leak_verb(&acq.resource);
        let place = w.place;
        let entering = w.method.ends_with("enter__");
        let (why, help) = if entering {
            (
                format!(
                    "`{}` does not run when `{}` raises",
                    exit_of(&w.method),
                    w.method
                ),
                format!(
                    "release `{place}` in an `except` around the rest of `{}` (and re-raise), or take it last",
                    w.method
                ),
            )
        } else {
            (
                format!("`{}` raises before it releases `{place}`", w.method),
                format!(
                    "release `{place}` in a `finally` around the rest of `{}`",
                    w.method
                ),
            )
        };
        let d = Diagnostic::new(
            &META,
            TextRange::of(acq.call),
            format!("`{place}` is not {verb} if `{what}` raises (line {line}): {why}"),
        )
        .label(
            TextRange::of(acq.call),
            format!(
                "`{place}` acquired here and kept for `{}`",
                exit_of(&w.method)
            ),
        )
        .label(
            TextRange::of(where_),
            format!("if this raises, `{place}` is left open"),
        )
        .help(help)
        .scope(scope_label(cx.file, acq.scope));
        out.push(d);
    }
}

/// The exit method that pairs with an enter method (and itself otherwise).
fn exit_of(method: &str) -> &str {
    match method {
        "__enter__" => "__exit__",
        "__aenter__" => "__aexit__",
        other => other,
    }
}

/// The first line of a statement, shortened for a message.
/// How a message names the expression that raises: `cur.execute(...)`,
/// `await conn.fetch(...)`, or the statement's text, shortened.
fn raiser_text(cx: &PyContext<'_, '_>, where_: Node<'_>) -> String {
    let awaited = (where_.kind() == "await")
        .then(|| where_.named_child(0))
        .flatten()
        .filter(|c| c.kind() == "call");
    if where_.kind() == "call" {
        call_text(cx.file, where_)
    } else if let Some(call) = awaited {
        format!("await {}", call_text(cx.file, call))
    } else {
        short(cx.file.text_of(where_))
    }
}

fn short(text: &str) -> String {
    let line = text.lines().next().unwrap_or("").trim();
    if line.chars().count() > 60 {
        let cut: String = line.chars().take(57).collect();
        format!("{cut}...")
    } else {
        line.to_owned()
    }
}
