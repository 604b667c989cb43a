//! The fix machinery of the Python leak rules: rewriting a connection taken
//! and released by hand into the guarded form (the project's own context
//! manager, the pool's, or `contextlib.closing`), with the indentation and
//! import edits that needs. Rules decide whether to offer a fix; this module
//! only builds the edits, and gives up (`None`) where a rewrite could change
//! what the code does or lose a comment.

mod escape;
mod import;
mod isort;
mod project_cm;
mod unused;

pub use escape::{derived_escape, escape_from};
pub use import::import_for_fix;
pub use unused::drop_unused_imports;

use crate::lang::python::context::PyContext;
use crate::lang::python::model::ScopeKind;
use crate::lang::python::resources::Acquisition;
use crate::lang::python::values::{ResRef, Val, Via};
use crate::source::TextRange;

/// Methods whose body manages a resource on behalf of a `with` statement.
const CONTEXT_METHODS: &[&str] = &[
    "__enter__",
    "__aenter__",
    "__exit__",
    "__aexit__",
    "__del__",
];

/// The rewrite of a connection bound to `name` and released by hand into the
/// guarded form: onto the project's own context manager when there is one,
/// else the pool's, else `contextlib.closing`. CL102 offers the same fix.
pub(crate) fn guarded_fix(
    cx: &PyContext<'_, '_>,
    acq: &Acquisition<'_>,
    name: &str,
    releases: &[tree_sitter::Node<'_>],
) -> Option<crate::diagnostic::Fix> {
    // A manager's own body is the guarded form: it is not rewritten onto itself.
    if is_context_manager_body(cx, acq) {
        return None;
    }
    // Ex) `conn = connect()` ... `conn = connect()` (the first lost): a `with`
    //     for the second leaves the first a dead store (ruff F811), and fixes
    //     only one of the two leaks; the user decides
    let stmt = acq.call.parent();
    let lost_here = cx.leaks().iter().any(|l| {
        matches!(l.leak, crate::lang::python::leaks::Leak::Reassigned { at }
            if at.id() == acq.call.id() || stmt.is_some_and(|s| s.id() == at.id()))
    });
    if lost_here {
        return None;
    }
    let fix = project_cm::rewrite(cx, acq, name, releases)
        .or_else(|| closing_rewrite(cx, acq, name))
        .or_else(|| closing_rewrite_straight(cx, acq, name))?;
    // Every rewrite moves or re-indents the statements it replaces: only
    // where they are indented as Python requires. The region is that of the
    // edits inside the function (an added import is elsewhere).
    let scope = cx.file.scopes[acq.scope as usize].node;
    let inside = |e: &&crate::diagnostic::Edit| {
        e.range.start as usize >= scope.start_byte() && e.range.end as usize <= scope.end_byte()
    };
    let start = fix
        .edits
        .iter()
        .filter(inside)
        .map(|e| e.range.start)
        .min()?;
    let end = fix.edits.iter().filter(inside).map(|e| e.range.end).max()?;
    aligned(acq.call, start as usize, end as usize).then_some(fix)
}

/// Whether the driver behind `r` depends on what is installed: the
/// project function it comes from (or one it gets it from) calls a name
/// bound to alternatives (`try: from psycopg2 import connect` / `except
/// ImportError:` a psycopg 3 fallback). Their `with` blocks differ, so no
/// fix or help may rely on either's.
#[must_use]
pub fn ambiguous_driver(cx: &PyContext<'_, '_>, r: &ResRef) -> bool {
    let mut via = r.via.clone();
    for _ in 0..8 {
        let Via::Project(q) = &via else {
            return false;
        };
        let Some(f) = cx.project.function(q) else {
            return false;
        };
        if f.calls_alternative {
            return true;
        }
        match f.returns.resource() {
            Some(next) => via = next.via.clone(),
            None => return false,
        }
    }
    false
}

/// How the acquisition of `r` may head a `with`, by the driver's API (see
/// `WithForm`); a project's async wrapper (`awaited`) is not known.
#[must_use]
pub fn with_form(
    catalog: &crate::catalog::Catalog,
    r: &ResRef,
    awaited: bool,
) -> crate::catalog::WithForm {
    use crate::catalog::WithForm;
    match &r.via {
        Via::Catalog(id) => catalog.acquire(*id).with_form(),
        _ if awaited => WithForm::None,
        _ => WithForm::Call,
    }
}

/// The acquisition is the job of a context manager or generator that hands the connection out.
pub(crate) fn is_context_manager_body(cx: &PyContext<'_, '_>, acq: &Acquisition<'_>) -> bool {
    let scope = &cx.file.scopes[acq.scope as usize];
    if scope.kind != ScopeKind::Function {
        return false;
    }
    if CONTEXT_METHODS.contains(&&*scope.name) {
        return true;
    }
    if cx
        .project
        .function(&scope.qualname)
        .is_some_and(|f| f.is_context_manager)
    {
        return true;
    }
    // A generator that yields the connection or something made from it (a FastAPI
    // dependency yielding a cursor) hands it out like a context manager.
    if scope.is_generator {
        let env = cx.file.env(acq.scope);
        let ev = cx.finder.ev();
        for &y in &scope.yields {
            let Some(v) = y.named_child(0) else { continue };
            let val = ev.eval(&cx.file.sym(v, acq.scope), &env);
            let hands_out = |v: &Val| matches!(v, Val::Resource(..) | Val::Derived(_));
            let yes = match &val {
                Val::Tuple(items) => items.iter().any(hands_out),
                other => hands_out(other),
            };
            if yes {
                return true;
            }
        }
    }
    false
}

/// How a connection is held with `with` instead of by hand.
struct Guarded {
    /// `with closing(psycopg2.connect(DSN)) as conn:`
    header: String,
    /// The hand-written releases this replaces (`conn.close()`).
    release: Vec<String>,
    /// Whether the `with` does exactly what the release did.
    applicability: crate::diagnostic::Applicability,
    import: Option<crate::diagnostic::Edit>,
}

/// The `with` header for an acquisition bound to `name`:
/// - a resource whose own `with` closes it, acquired by a call that may head a
///   `with` (`engine.connect()`, `pg8000.connect()`): `with <call> as conn:`;
/// - a direct connection released by `close()`: `with closing(<call>) as conn:`;
/// - a pool with a context manager: `with pool.connection() as conn:`,
///   `async with pool.acquire() as conn:`.
fn guarded_header(cx: &PyContext<'_, '_>, acq: &Acquisition<'_>, name: &str) -> Option<Guarded> {
    use crate::catalog::{WithForm, WithSemantics};

    use crate::diagnostic::Applicability;
    let file = cx.file;
    let awaited = acq.call.parent().is_some_and(|p| p.kind() == "await");
    let def = cx.catalog.resource(acq.resource.def);
    let closes = def.release.iter().any(|r| r == "close");
    let method = acq
        .call
        .child_by_field_name("function")
        .filter(|f| f.kind() == "attribute")
        .and_then(|f| f.child_by_field_name("attribute"))
        .map(|a| file.text_of(a));
    // The acquisition itself heads the `with`: its `__exit__` closes (or gives back).
    let own_with = def.with == WithSemantics::Closes
        && closes
        && match &acq.resource.pool {
            None => true,
            // `conn.close()` gives it back (SQLAlchemy), and `with` on the call does too.
            Some(pool) => {
                let p = cx.catalog.pool(pool.def);
                p.close_returns && method.is_some_and(|m| p.guarded.iter().any(|g| g == m))
            }
        };
    // How the call may head a `with`, by the driver's API: `async with
    // aiosqlite.connect()`, `async with await AsyncConnection.connect()`,
    // and never `async with asyncpg.connect()` (a coroutine; `Connection`
    // has no `__aenter__`). A project's async wrapper: not known, no fix.
    let form = with_form(cx.catalog, &acq.resource, awaited);
    // A driver chosen by what is installed (`try: from psycopg2 import
    // connect` / `except ImportError:` psycopg 3): only `closing(...)`, which
    // calls the same `close()` the code calls now, is right for both.
    let ambiguous = ambiguous_driver(cx, &acq.resource)
        || crate::lang::python::facts::calls_alternative(file, acq.scope, acq.call);
    if own_with && form != WithForm::None && !ambiguous {
        // `await engine.connect()` becomes `async with engine.connect()`.
        if awaited != def.is_async {
            return None;
        }
        let (kw, aw) = if awaited {
            ("async with", "await ")
        } else {
            ("with", "")
        };
        let entered = if form == WithForm::Awaited {
            if !awaited {
                return None;
            }
            "await "
        } else {
            ""
        };
        return Some(Guarded {
            header: format!("{kw} {entered}{} as {name}:", file.text_of(acq.call)),
            release: vec![format!("{aw}{name}.close()")],
            // psycopg 3's `with` also commits what `close()` would discard.
            applicability: if def.with_commits {
                Applicability::Unsafe
            } else {
                Applicability::Safe
            },
            import: None,
        });
    }
    match &acq.resource.pool {
        // A direct connection: `with closing(connect(..)) as conn:`; also a
        // pool whose connections go back on `close()` and that has no context
        // manager (mysql.connector: `closing(pool.get_connection())`).
        Some(pool)
            if cx.catalog.pool(pool.def).guarded.is_empty()
                && cx.catalog.pool(pool.def).close_returns
                && cx.catalog.pool(pool.def).release.is_empty() =>
        {
            if awaited {
                return None;
            }
            let (closing, import) = import_for_fix(file, "contextlib", "closing", false)?;
            Some(Guarded {
                header: format!("with {closing}({}) as {name}:", file.text_of(acq.call)),
                release: vec![format!("{name}.close()")],
                applicability: Applicability::Safe,
                import,
            })
        }
        None => {
            if awaited || !closes {
                return None;
            }
            let (closing, import) = import_for_fix(file, "contextlib", "closing", false)?;
            Some(Guarded {
                header: format!("with {closing}({}) as {name}:", file.text_of(acq.call)),
                release: vec![format!("{name}.close()")],
                applicability: Applicability::Safe,
                import,
            })
        }
        // A pool with a context manager: `with pool.connection() as conn:`,
        // `async with pool.acquire() as conn:`.
        Some(pool) => {
            let def = cx.catalog.pool(pool.def);
            let guarded = def.guarded.first()?;
            let recv = acq
                .call
                .child_by_field_name("function")
                .filter(|f| f.kind() == "attribute")?
                .child_by_field_name("object")?;
            let recv = file.text_of(recv);
            if def.is_async != awaited {
                return None;
            }
            let (kw, aw) = if def.is_async {
                ("async with", "await ")
            } else {
                ("with", "")
            };
            // asyncpg's `acquire()` context only releases, like `release(conn)`: safe.
            // psycopg_pool's `connection()` also commits (or rolls back) at the end,
            // where `putconn` rolls back an open transaction: unsafe.
            let same = guarded == "acquire";
            Some(Guarded {
                header: format!("{kw} {recv}.{guarded}() as {name}:"),
                release: def
                    .release
                    .iter()
                    .map(|r| format!("{aw}{recv}.{r}({name})"))
                    .collect(),
                applicability: if same {
                    Applicability::Safe
                } else {
                    Applicability::Unsafe
                },
                import: None,
            })
        }
    }
}

/// The canonical shape, rewritten to the guarded form:
///
/// ```python
/// conn = psycopg2.connect(DSN)          with closing(psycopg2.connect(DSN)) as conn:
/// try:                            →         BODY
///     BODY
/// finally:
///     conn.close()
/// ```
///
/// A direct connection released by `close()` becomes `with closing(..)`
/// (safe); a pooled one taken and given back by hand becomes the pool's own
/// context manager: `async with pool.acquire() as conn:` (asyncpg, safe) or
/// `with pool.connection() as conn:` (psycopg_pool, unsafe: that block also
/// commits). Only when the `try` directly follows the acquisition, has no
/// `except`/`else`, its `finally` holds exactly the release, the body never
/// rebinds `conn`, and nothing after the `try` uses it.
fn closing_rewrite(
    cx: &PyContext<'_, '_>,
    acq: &Acquisition<'_>,
    name: &str,
) -> Option<crate::diagnostic::Fix> {
    use crate::diagnostic::{Edit, Fix};
    use tree_sitter::Node;
    let file = cx.file;
    // `conn = <call>` (or `conn = await <call>`) as a statement of its own.
    let awaited = acq.call.parent().filter(|p| p.kind() == "await");
    let value = awaited.unwrap_or(acq.call);
    let stmt = assignment_statement(file, value, name)?;
    let Guarded {
        header,
        release,
        applicability,
        import,
    } = guarded_header(cx, acq, name)?;
    let (next, carried) = next_statement(file, stmt);
    let try_ = next.filter(|n| n.kind() == "try_statement")?;
    let mut c = try_.walk();
    let parts: Vec<Node<'_>> = try_
        .named_children(&mut c)
        .filter(|n| n.kind() != "comment")
        .collect();
    let [body, finally] = parts.as_slice() else {
        return None;
    };
    if body.kind() != "block" || finally.kind() != "finally_clause" {
        return None;
    }
    // `finally:` holds exactly `conn.close()`.
    let fblock = finally
        .named_children(&mut finally.walk())
        .find(|n| n.kind() == "block")?;
    let mut fc = fblock.walk();
    let fstmts: Vec<Node<'_>> = fblock
        .named_children(&mut fc)
        .filter(|n| n.kind() != "comment")
        .collect();
    let [only] = fstmts.as_slice() else {
        return None;
    };
    if !release.iter().any(|r| file.text_of(*only).trim() == r) {
        return None;
    }
    // A comment in `finally:` would be lost with it: no fix.
    if fblock.named_child_count() != 1 || file.text_of(*finally).contains('#') {
        return None;
    }
    // The body never rebinds the name; nothing after the `try` reads it.
    if !stays_put(
        cx,
        acq.scope,
        name,
        (body.start_byte(), body.end_byte()),
        try_.end_byte(),
        false,
    ) {
        return None;
    }
    // The body's text, from just after `try:` to the line where `finally` starts.
    let colon_end = {
        let mut cc = try_.walk();
        let colon = try_.children(&mut cc).find(|n| n.kind() == ":")?;
        colon.end_byte()
    };
    let finally_line = file.text[..finally.start_byte()].rfind('\n')?;
    let body_text = file.text.get(colon_end..finally_line)?;
    let body_text = body_text.strip_suffix('\r').unwrap_or(body_text);
    let mut edits = vec![Edit {
        range: TextRange::new(stmt.start_byte(), try_.end_byte()),
        content: format!("{header}{carried}{body_text}"),
    }];
    edits.extend(import);
    edits.sort_by_key(|e| e.range.start);
    Some(Fix {
        title: format!("use `{header}`"),
        applicability,
        edits,
    })
}

/// The straight-line shape, an *unsafe* fix (the connection is now also closed
/// when a statement in between raises, and the statements move one level in):
///
/// ```python
/// conn = sqlite3.connect(path)          with closing(sqlite3.connect(path)) as conn:
/// conn.execute("VACUUM")          →         conn.execute("VACUUM")
/// conn.close()
/// ```
///
/// The `with` is the one `guarded_header` picks (`with engine.connect() as
/// conn:`, `async with pool.acquire() as conn:`, ...). Only when the release
/// it replaces (`conn.close()`, `await pool.release(conn)`) is a later
/// statement of the same block, nothing between rebinds `conn` or spans lines
/// inside a string, and nothing after the release uses it.
fn closing_rewrite_straight(
    cx: &PyContext<'_, '_>,
    acq: &Acquisition<'_>,
    name: &str,
) -> Option<crate::diagnostic::Fix> {
    use crate::diagnostic::{Applicability, Edit, Fix};
    let file = cx.file;
    let Guarded {
        header,
        release,
        import,
        ..
    } = guarded_header(cx, acq, name)?;
    let awaited = acq.call.parent().filter(|p| p.kind() == "await");
    let stmt = assignment_statement(file, awaited.unwrap_or(acq.call), name)?;
    // The statements up to `conn.close()`, in the same block.
    let mut between = Vec::new();
    let (mut next, carried) = next_statement(file, stmt);
    let close = loop {
        let n = next?;
        if n.kind() == "expression_statement" && release.iter().any(|r| file.text_of(n).trim() == r)
        {
            break n;
        }
        between.push(n);
        next = n.next_named_sibling();
    };
    let first = *between.iter().find(|n| n.kind() != "comment")?;
    let last = *between.last()?;
    // Nothing rebinds the name in between, no string spans lines, nothing reads it after.
    if !stays_put(
        cx,
        acq.scope,
        name,
        (first.start_byte(), last.end_byte()),
        close.end_byte(),
        true,
    ) {
        return None;
    }
    // One level of indentation more, in the file's own unit.
    let (_, unit) = indentation(file.text, stmt.start_byte())?;
    // Comments between the acquisition and the release move too; one on the
    // acquisition's own line goes onto the `with` line.
    let head = *between.first()?;
    if !file.text[stmt.start_byte()..head.start_byte()].contains('\n') {
        return None;
    }
    let from = line_start(file.text, head.start_byte());
    let moved = deeper(&file.text[from..last.end_byte()], unit);
    let mut edits = vec![Edit {
        range: TextRange::new(stmt.start_byte(), close.end_byte()),
        content: format!(
            "{header}{carried}\n{}",
            moved.trim_end_matches(['\r', '\n'])
        ),
    }];
    edits.extend(import);
    edits.sort_by_key(|e| e.range.start);
    Some(Fix {
        title: format!("use `{header}` (the statements move into it)"),
        applicability: Applicability::Unsafe,
        edits,
    })
}

/// Whether the statements of `start..end` (bytes) in the blocks around
/// `node`, up to its function, are indented as Python requires: each at its
/// block's column, and the clauses of a `try` or `if` at the column of its
/// header. tree-sitter-python accepts an over-indented statement as part of
/// the block (CPython does not: `unexpected indent`), and a rewrite that moves
/// it one level in would then leave a `try` and its `except` apart. Only the
/// statements in the region are looked at, so the check is linear in what the
/// fix rewrites, not in the function.
pub(crate) fn aligned(node: tree_sitter::Node<'_>, start: usize, end: usize) -> bool {
    let clauses_at = |s: tree_sitter::Node<'_>, col: usize| {
        let mut cc = s.walk();
        s.named_children(&mut cc)
            .filter(|k| {
                matches!(
                    k.kind(),
                    "except_clause"
                        | "except_group_clause"
                        | "else_clause"
                        | "elif_clause"
                        | "finally_clause"
                )
            })
            .all(|k| k.start_position().column == col)
    };
    let mut n = node;
    while let Some(parent) = n.parent() {
        if matches!(parent.kind(), "function_definition" | "lambda") {
            return true;
        }
        // Module code too: a statement there may be indented (tree-sitter
        // takes `    conn = ...` after a dedented line as module code).
        if matches!(parent.kind(), "block" | "module") && n.kind() != "comment" {
            // `n` is the statement of this block that holds `node`.
            let col = n.start_position().column;
            let same = |s: tree_sitter::Node<'_>| {
                s.kind() == "comment" || s.start_position().column == col && clauses_at(s, col)
            };
            if !same(n) {
                return false;
            }
            let mut next = n.next_named_sibling();
            while let Some(s) = next.filter(|s| s.start_byte() < end) {
                if !same(s) {
                    return false;
                }
                next = s.next_named_sibling();
            }
            let mut prev = n.prev_named_sibling();
            while let Some(s) = prev.filter(|s| s.end_byte() > start) {
                if !same(s) {
                    return false;
                }
                prev = s.prev_named_sibling();
            }
        }
        if parent.kind() == "module" {
            return true;
        }
        n = parent;
    }
    true
}

/// The statement after `n` in its block, skipping the comments that trail
/// `n` on its own line (`conn = pool.getconn()  # see OPS-12`), which are
/// returned: a rewrite carries them onto the `with` line.
pub(crate) fn next_statement<'t>(
    file: &crate::lang::python::model::PyFile<'t>,
    n: tree_sitter::Node<'t>,
) -> (Option<tree_sitter::Node<'t>>, String) {
    let mut carried = String::new();
    let mut next = n.next_named_sibling();
    while let Some(c) = next.filter(|c| c.kind() == "comment") {
        let same_line = file
            .text
            .get(n.end_byte()..c.start_byte())
            .is_some_and(|t| !t.contains('\n'));
        if !same_line {
            break;
        }
        // One `#` for all: `# from the pool; plain tuples`.
        let text = file.text_of(c);
        if carried.is_empty() {
            carried.push_str("  ");
            carried.push_str(text);
        } else {
            carried.push_str("; ");
            carried.push_str(text.trim_start_matches('#').trim_start());
        }
        next = c.next_named_sibling();
    }
    (next, carried)
}

/// The byte where the line holding byte `b` starts.
pub(crate) fn line_start(text: &str, b: usize) -> usize {
    text[..b].rfind('\n').map_or(0, |i| i + 1)
}

/// The indentation before byte `b` (which starts a statement) and one level
/// of it in the file's own unit (a tab, or four spaces); `None` when the
/// statement does not start its line.
pub(crate) fn indentation(text: &str, b: usize) -> Option<(&str, &'static str)> {
    let indent = &text[line_start(text, b)..b];
    if !indent.chars().all(|c| c == ' ' || c == '\t') {
        return None;
    }
    Some((indent, if indent.contains('\t') { "\t" } else { "    " }))
}

/// Every line one level deeper; a line of only whitespace becomes empty.
pub(crate) fn deeper(text: &str, unit: &str) -> String {
    text.split_inclusive('\n')
        .map(|l| {
            if l.trim().is_empty() {
                l.trim_start_matches([' ', '\t']).to_owned()
            } else {
                format!("{unit}{l}")
            }
        })
        .collect()
}

/// The statement `name = value` (`value` the acquisition, or `await` of it).
pub(crate) fn assignment_statement<'t>(
    file: &crate::lang::python::model::PyFile<'t>,
    value: tree_sitter::Node<'t>,
    name: &str,
) -> Option<tree_sitter::Node<'t>> {
    let assign = value.parent().filter(|p| p.kind() == "assignment")?;
    if assign.child_by_field_name("right")?.id() != value.id()
        || assign.child_by_field_name("left").map(|l| file.text_of(l)) != Some(name)
    {
        return None;
    }
    assign
        .parent()
        .filter(|p| p.kind() == "expression_statement")
}

/// Whether code in `region` can move into a `with` binding `name`: nothing in
/// it rebinds `name`, nothing from `after` on reads it, and (with
/// `no_multiline_strings`, for code that is re-indented) no string in it spans
/// lines.
pub(crate) fn stays_put(
    cx: &PyContext<'_, '_>,
    scope: u32,
    name: &str,
    region: (usize, usize),
    after: usize,
    no_multiline_strings: bool,
) -> bool {
    let file = cx.file;
    let scope_node = file.scopes[scope as usize].node;
    // The name's uses in the function (from the file's index: linear overall).
    for &n in cx.identifiers(name) {
        if n.start_byte() < scope_node.start_byte() || n.end_byte() > scope_node.end_byte() {
            continue;
        }
        if n.start_byte() >= after {
            return false;
        }
        let inside = n.start_byte() >= region.0 && n.end_byte() <= region.1;
        let rebinds = n.parent().is_some_and(|p| {
            matches!(
                p.kind(),
                "assignment"
                    | "augmented_assignment"
                    | "for_statement"
                    | "with_item"
                    | "as_pattern_target"
                    | "pattern_list"
                    | "tuple_pattern"
            ) && p
                .child_by_field_name("right")
                .is_none_or(|r| r.id() != n.id())
        });
        if inside && rebinds {
            return false;
        }
    }
    if no_multiline_strings {
        // Only the region's own subtree is walked.
        let Some(top) = scope_node.descendant_for_byte_range(region.0, region.1) else {
            return false;
        };
        let mut stack = vec![top];
        while let Some(n) = stack.pop() {
            if n.end_byte() <= region.0 || n.start_byte() >= region.1 {
                continue;
            }
            if n.kind() == "string" && file.text_of(n).contains('\n') {
                return false;
            }
            stack.extend(n.named_children(&mut n.walk()));
        }
    }
    true
}
