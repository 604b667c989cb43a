//! Wording shared by rules: how to name a resource, a pool, and the guarded
//! form to use instead. Only text; no analysis.

use tree_sitter::Node;

use crate::catalog::{WithForm, WithSemantics};
use crate::diagnostic::Diagnostic;
use crate::lang::python::model::{PyFile, ScopeKind};
use crate::lang::python::summaries::FnSummary;
use crate::lang::python::values::{ResRef, Val, Via};
use crate::rules::PyContext;
use crate::source::TextRange;

/// `psycopg2 connection`, `SQLAlchemy session`, ...
#[must_use]
pub fn resource_name(cx: &PyContext<'_, '_>, r: &ResRef) -> String {
    let def = cx.catalog.resource(r.def);
    def.display.clone().unwrap_or_else(|| def.kind.clone())
}

/// The short name of a pool: the variable that holds it (`connection_pool`), or its kind.
#[must_use]
pub fn pool_name(cx: &PyContext<'_, '_>, scope: u32, r: &ResRef) -> Option<String> {
    let p = r.pool.as_ref()?;
    if p.named {
        Some(format!("`{}`", place_name(cx.file, scope, &p.id)))
    } else {
        let def = cx.catalog.pool(p.def);
        Some(def.display.clone().unwrap_or_else(|| "pool".to_owned()))
    }
}

/// How code in `scope` refers to a global or attribute `id`: `pool` in its own
/// module, `self.pool` inside its class, the qualified name elsewhere.
#[must_use]
pub fn place_name(file: &PyFile<'_>, scope: u32, id: &str) -> String {
    let Some(rest) = id
        .strip_prefix(&*file.module)
        .and_then(|r| r.strip_prefix('.'))
    else {
        return id.to_owned();
    };
    if let Some((class, attr)) = rest.rsplit_once('.') {
        let class_q = format!("{}.{class}", file.module);
        if file.scopes[scope as usize].class.as_deref() == Some(class_q.as_str()) {
            return format!("self.{attr}");
        }
    }
    rest.to_owned()
}

/// Where the resource came from, for a note: "`get_db_connection()` returns a connection from the pool `app.db.pool`".
#[must_use]
pub fn origin_note(cx: &PyContext<'_, '_>, scope: u32, r: &ResRef) -> Option<String> {
    match &r.via {
        Via::Project(f) => {
            let what = resource_name(cx, r);
            Some(match pool_name(cx, scope, r) {
                Some(pool) => format!("`{f}` returns a {what} taken from {pool}"),
                None => format!("`{f}` returns a new {what}"),
            })
        }
        _ => None,
    }
}

/// The qualified name of a scope without its module (`Database.get`), for fingerprints.
#[must_use]
pub fn scope_label(file: &PyFile<'_>, scope: u32) -> Option<String> {
    let s = &file.scopes[scope as usize];
    if s.kind == ScopeKind::Module {
        return None;
    }
    let q: &str = &s.qualname;
    Some(
        q.strip_prefix(&*file.module)
            .map_or(q, |r| r.trim_start_matches('.'))
            .to_owned(),
    )
}

/// The name of the function a scope is, for messages (`index`, `<module>`).
#[must_use]
pub fn scope_display(file: &PyFile<'_>, scope: u32) -> String {
    let s = &file.scopes[scope as usize];
    match s.kind {
        ScopeKind::Module => "module-level code".to_owned(),
        _ => format!("`{}`", s.name),
    }
}

/// The guarded form to use instead of acquiring `var` by hand.
#[must_use]
pub fn guarded_help(
    cx: &PyContext<'_, '_>,
    scope: u32,
    r: &ResRef,
    var: &str,
    call_text: &str,
    is_async: bool,
) -> String {
    let async_kw = if is_async { "async " } else { "" };
    // A project context manager on the same pool (`get_db_cursor`) is the house style.
    let pool_id = r.pool.as_ref().filter(|p| p.named).map(|p| &*p.id);
    let project_cm = match pool_id {
        // Not the manager itself (`get_db_cursor`'s own `pool.getconn()`).
        Some(id) => cx
            .project
            .guarded_cms_for(Some(id))
            .find(|cm| cm.qualname != cx.file.scopes[scope as usize].qualname),
        None if matches!(r.via, Via::Project(_)) => None,
        None => None,
    };
    if let Some(cm) = project_cm {
        return format!(
            "use the project's context manager: `{}` (`{}`); it gives the connection back on every path",
            cm_usage(cm, var),
            cm.qualname
        );
    }
    if let Some(p) = &r.pool {
        let def = cx.catalog.pool(p.def);
        if let Some(m) = def.guarded.first() {
            let recv = if p.named {
                place_name(cx.file, scope, &p.id)
            } else {
                // The receiver as written (`engine` of `engine.connect()`), when simple.
                call_text
                    .split_once('(')
                    .and_then(|(callee, _)| callee.rsplit_once('.'))
                    .map(|(recv, _)| recv)
                    .filter(|r| {
                        !r.is_empty()
                            && r.split('.').all(|part| {
                                !part.is_empty()
                                    && part.chars().all(|c| c.is_alphanumeric() || c == '_')
                            })
                    })
                    .unwrap_or("pool")
                    .to_owned()
            };
            // `async with` only where it can be written: an async pool whose
            // connection is taken in plain `def` code is a sync one seen through
            // an ambiguous binding (`create_engine` or `create_async_engine` by branch).
            let kw = if def.is_async && is_async {
                "async "
            } else {
                ""
            };
            return format!(
                "use `{kw}with {recv}.{m}() as {var}:` so the connection goes back to the pool on every path"
            );
        }
        // Ex) mysql.connector's pool: `close()` gives the connection back
        if def.release.is_empty() && def.close_returns {
            return format!(
                "use `with contextlib.closing({call_text}) as {var}:`: its `close()` gives the connection back to the pool on every path"
            );
        }
        let release = def.release.first().map_or("release", String::as_str);
        return format!(
            "wrap the pool in a `@contextmanager` that yields the connection and calls `{release}` in `finally`, then use `with` on it"
        );
    }
    let def = cx.catalog.resource(r.def);
    let form = crate::lang::python::rewrite::with_form(cx.catalog, r, r.is_async);
    let aw = if is_async { "await " } else { "" };
    let close_in_finally = format!(
        "close it in a `finally:` block (`{aw}{var}.close()`) so it is closed on every path"
    );
    if crate::lang::python::rewrite::ambiguous_driver(cx, r)
        && def.release.iter().any(|m| m == "close")
        && !is_async
    {
        return format!(
            "use `with contextlib.closing({call_text}) as {var}:` so it is closed on every path (which driver `{call_text}` uses depends on what is installed, and their own `with` blocks differ: psycopg2's only ends the transaction)"
        );
    }
    match def.with {
        WithSemantics::Closes if form == WithForm::Awaited => {
            format!("use `async with await {call_text} as {var}:` so it is closed on every path")
        }
        WithSemantics::Closes if form == WithForm::None => {
            format!("`{call_text}` cannot head an `async with`: {close_in_finally}")
        }
        WithSemantics::None => format!(
            "`{call_text}` gives no context manager: {close_in_finally}, or take connections from a pool (`async with pool.acquire() as {var}:`)"
        ),
        WithSemantics::Closes => {
            format!("use `{async_kw}with {call_text} as {var}:` so it is closed on every path")
        }
        WithSemantics::Transaction => format!(
            "use `with contextlib.closing({call_text}) as {var}:` so it is closed on every path (`with {var}:` alone only ends the transaction)"
        ),
    }
}

/// A direct connection that no `with` can hold (`await asyncpg.connect()`):
/// `try: ... finally: await conn.close()` is its guarded form.
#[must_use]
pub fn has_no_with(cx: &PyContext<'_, '_>, r: &ResRef) -> bool {
    r.pool.is_none()
        && (cx.catalog.resource(r.def).with == WithSemantics::None
            || crate::lang::python::rewrite::with_form(cx.catalog, r, r.is_async) == WithForm::None
                && r.is_async)
}

/// How to use a project context manager: `with get_db_cursor() as (cur, conn):`.
#[must_use]
pub fn cm_usage(cm: &FnSummary, var: &str) -> String {
    let binding = match &cm.yields {
        Some(Val::Tuple(items)) => {
            let names: Vec<String> = items
                .iter()
                .map(|v| match v {
                    Val::Resource(..) => var.to_owned(),
                    Val::Derived(_) => "cur".to_owned(),
                    _ => "_".to_owned(),
                })
                .collect();
            format!("({})", names.join(", "))
        }
        _ => var.to_owned(),
    };
    let short = cm.qualname.rsplit('.').next().unwrap_or(&cm.qualname);
    let cm_async = if cm.is_async { "async " } else { "" };
    format!("{cm_async}with {short}() as {binding}:")
}

/// Whether `node` is inside a `finally:` clause of its function.
#[must_use]
pub fn in_finally(node: Node<'_>) -> bool {
    let mut n = node;
    for _ in 0..256 {
        let Some(p) = n.parent() else { return false };
        match p.kind() {
            "finally_clause" => return true,
            "function_definition" | "lambda" | "class_definition" | "module" => return false,
            _ => n = p,
        }
    }
    false
}

/// Test helpers whose `with` block expects an exception.
const RAISES_HELPERS: &[&str] = &[
    "raises",
    "assertRaises",
    "assertRaisesRegex",
    "assertRaisesRegexp",
    "expect_raises",
    "expect_raises_message",
    "assert_raises",
    "assert_raises_message",
];

/// Whether the statement around `node` is expected to raise: it sits in a
/// `with pytest.raises(...)`-style block, or is followed by `assert False` /
/// `self.fail(...)` (the `try: connect(); assert False` idiom of tests).
#[must_use]
pub fn expected_to_raise(file: &PyFile<'_>, node: Node<'_>) -> bool {
    let mut n = node;
    let mut statement = None;
    for _ in 0..256 {
        let Some(p) = n.parent() else { break };
        if statement.is_none() && p.kind() == "block" {
            statement = Some(n);
        }
        match p.kind() {
            "with_statement" => {
                let mut cursor = p.walk();
                let clause = p
                    .named_children(&mut cursor)
                    .find(|c| c.kind() == "with_clause");
                if let Some(clause) = clause {
                    let mut c2 = clause.walk();
                    for item in clause.named_children(&mut c2) {
                        let Some(mut v) = item.child_by_field_name("value") else {
                            continue;
                        };
                        if v.kind() == "as_pattern" {
                            match v.named_child(0) {
                                Some(inner) => v = inner,
                                None => continue,
                            }
                        }
                        if v.kind() == "call" {
                            if let Some(f) = v.child_by_field_name("function") {
                                let text = file.text_of(f);
                                let leaf = text.rsplit('.').next().unwrap_or(text);
                                if RAISES_HELPERS.contains(&leaf) {
                                    return true;
                                }
                            }
                        }
                    }
                }
            }
            "function_definition" | "lambda" | "class_definition" | "module" => break,
            _ => {}
        }
        n = p;
    }
    let Some(next) = statement.and_then(|s| s.next_named_sibling()) else {
        return false;
    };
    let text: String = file
        .text_of(next)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    text == "assertFalse"
        || text == "assert0"
        || text.starts_with("assertFalse,")
        || text.starts_with("self.fail(")
        || text.starts_with("pytest.fail(")
        || text.starts_with("raiseAssertionError")
}

/// Whether `node` sits inside an `if __name__ == "__main__":` block.
#[must_use]
pub fn in_main_block(file: &PyFile<'_>, node: Node<'_>) -> bool {
    let mut n = node;
    for _ in 0..256 {
        let Some(p) = n.parent() else { return false };
        if p.kind() == "if_statement" {
            if let Some(cond) = p.child_by_field_name("condition") {
                let t: String = file
                    .text_of(cond)
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                if t == "__name__==\"__main__\""
                    || t == "__name__=='__main__'"
                    || t == "\"__main__\"==__name__"
                    || t == "'__main__'==__name__"
                {
                    return true;
                }
            }
        }
        n = p;
    }
    false
}

/// The source text of a call with its arguments elided when long: `psycopg2.connect(...)`.
#[must_use]
pub fn call_text(file: &PyFile<'_>, call: Node<'_>) -> String {
    let Some(f) = call.child_by_field_name("function") else {
        return file.text_of(call).to_owned();
    };
    let args = call.child_by_field_name("arguments");
    let callee = file.text_of(f);
    let args_text = args.map_or("()", |a| file.text_of(a));
    if args_text.len() <= 2 {
        format!("{callee}()")
    } else if args_text.len() <= 40 && !args_text.contains('\n') {
        format!("{callee}{args_text}")
    } else {
        format!("{callee}(...)")
    }
}

/// What releasing a resource is called: "returned to the pool" or "closed".
#[must_use]
pub fn leak_verb(r: &ResRef) -> &'static str {
    if r.pool.is_some() {
        "returned to the pool"
    } else {
        "closed"
    }
}

/// "a psycopg2 connection", "an asyncpg connection".
#[must_use]
pub fn a_or_an(what: &str) -> String {
    let vowel = what
        .chars()
        .next()
        .is_some_and(|c| matches!(c.to_ascii_lowercase(), 'a' | 'e' | 'i' | 'o' | 'u'));
    if vowel {
        format!("an {what}")
    } else {
        format!("a {what}")
    }
}

/// Database migrations (`migrations/`, `alembic/`): one-shot code run by a
/// migration tool, not by the application.
#[must_use]
pub fn is_migration(path: &std::path::Path) -> bool {
    path.components().any(
        |c| matches!(c, std::path::Component::Normal(s) if s == "migrations" || s == "alembic"),
    )
}

/// Findings stacked on one direct connect (CL101, CL102, CL103 with CL201)
/// give one help: take it from the pool, or, if it must stay direct, the
/// guarded form. Each rule alone would say only its half ("wrap it in
/// `closing()`" against "use the pool").
pub fn one_help_per_call(out: &mut [Diagnostic]) {
    let bypasses: Vec<(TextRange, String)> = out
        .iter()
        .filter(|d| d.rule.code == "CL201")
        .filter_map(|d| Some((d.range, d.help.clone()?)))
        .collect();
    for (range, pool_help) in bypasses {
        let direct_help = out
            .iter()
            .find(|d| d.range == range && matches!(d.rule.code, "CL101" | "CL102" | "CL103"))
            .and_then(|d| d.help.clone());
        let Some(direct_help) = direct_help else {
            continue;
        };
        let combined = format!("{pool_help}; if it must stay a direct connection, {direct_help}");
        for d in out.iter_mut().filter(|d| {
            d.range == range && matches!(d.rule.code, "CL101" | "CL102" | "CL103" | "CL201")
        }) {
            d.help = Some(combined.clone());
        }
    }
}
