//! CL101's headline fix: a connection taken and given back by hand, rewritten
//! onto the project's own guarded context manager.
//!
//! ```python
//! conn = get_db_connection()                      with get_db_cursor(dict_cursor=True) as (cur, conn):
//! cur = conn.cursor(cursor_factory=RealDictCursor)     BODY
//! try:                                      →
//!     BODY
//! except Exception:
//!     conn.rollback()
//!     raise
//! finally:
//!     cur.close()
//!     release_db_connection(conn)
//! ```
//!
//! Also the shape that starts with `conn = None` and acquires inside the
//! `try` (`finally: if conn: release_db_connection(conn)`). The manager is one
//! the summaries know hands out a connection of the same pool; its signature
//! decides the arguments (`dict_cursor=True` only when it has such a
//! parameter and makes that kind of cursor; `autocommit=True` for a
//! `conn.autocommit = True` line). `except` clauses that do more than roll back
//! and re-raise stay, as an inner `try`.
//!
//! The fix is *safe* when the result does what the original did: the release
//! in `finally` was the pool's own (not `close()`), no `except` clause is kept,
//! the manager does not commit at the end unless the body already did so
//! as its last statement, and its `except` clauses only roll back and
//! re-raise (one that logs, swallows or translates exceptions would do so
//! for everything raised in the block: a 404 logged as a database error).
//! Otherwise it is *unsafe*, and the fix's title says what changes. It is not offered at all
//! when a comment would be lost, when the body rebinds the connection or the
//! cursor, or when either is used after the block.

use tree_sitter::Node;

use super::{assignment_statement, deeper, indentation, line_start, next_statement, stays_put};
use crate::diagnostic::{Applicability, Edit, Fix};
use crate::lang::python::context::PyContext;
use crate::lang::python::model::PyFile;
use crate::lang::python::resources::Acquisition;
use crate::lang::python::summaries::{CmShape, FnSummary};
use crate::lang::python::values::{Val, Via};
use crate::source::TextRange;

/// What surrounds the acquisition: the statements a rewrite consumes.
struct Shape<'t> {
    try_: Node<'t>,
    /// The first byte the rewrite replaces (the acquisition, or a `conn = None` before the `try`).
    from: usize,
    /// Where the body's text starts: after `try:` or after the last consumed statement.
    body_from: usize,
    /// `cur = conn.cursor(ARGS)`: the name and `ARGS`.
    cursor: Option<(String, String)>,
    /// `conn.autocommit = VALUE`.
    autocommit: Option<String>,
    /// Text between consumed statements that must not hold a comment (but
    /// for one trailing a statement on its line).
    gaps: Vec<(usize, usize)>,
    /// Those trailing comments, for the `with` line.
    carried: String,
}

pub(super) fn rewrite(
    cx: &PyContext<'_, '_>,
    acq: &Acquisition<'_>,
    name: &str,
    releases: &[Node<'_>],
) -> Option<Fix> {
    let file = cx.file;
    let pool = acq.resource.pool.as_ref().filter(|p| p.named)?;
    let awaited = acq.call.parent().filter(|p| p.kind() == "await");
    let value = awaited.unwrap_or(acq.call);
    let stmt = assignment_statement(file, value, name)?;
    let shape = shape(file, stmt, name)?;
    let try_ = shape.try_;
    // The `try`'s parts: body, `except` clauses, `finally` (no `else`).
    let mut body = None;
    let mut excepts = Vec::new();
    let mut finally = None;
    let mut comments = Vec::new();
    let mut c = try_.walk();
    for part in try_.named_children(&mut c) {
        match part.kind() {
            "block" => body = Some(part),
            "except_clause" => excepts.push(part),
            "finally_clause" => finally = Some(part),
            // Before the first clause it is part of the body's text; checked below.
            "comment" => comments.push(part),
            _ => return None,
        }
    }
    let (body, finally) = (body?, finally?);
    // Ex) the body is one `with conn.cursor() as cur:`: the manager's cursor
    //     takes its place (no second cursor, no unused `_cur`)
    let mut shape = shape;
    let inner = shape
        .cursor
        .is_none()
        .then(|| inner_cursor_with(file, body, shape.body_from, name))
        .flatten();
    if let Some((cur, args, _)) = &inner {
        shape.cursor = Some((cur.clone(), args.clone()));
    }
    let cur_name = shape.cursor.as_ref().map(|(c, _)| c.as_str());
    // `finally:` holds the connection's release and at most the cursor's close.
    let fblock = finally
        .named_children(&mut finally.walk())
        .find(|n| n.kind() == "block")?;
    if file.text_of(finally).contains('#') {
        return None;
    }
    let mut released_by_close = None;
    let mut cur_closed = false;
    for s in fblock.named_children(&mut fblock.walk()) {
        let inner = unguarded(file, s, &[name, cur_name.unwrap_or(name)])?;
        let text = file.text_of(inner).trim();
        if cur_name.is_some_and(|c| text == format!("{c}.close()")) {
            if cur_closed {
                return None;
            }
            cur_closed = true;
            continue;
        }
        let releases_here = releases
            .iter()
            .any(|r| r.start_byte() >= inner.start_byte() && r.end_byte() <= inner.end_byte());
        if !releases_here || released_by_close.is_some() || inner.kind() != "expression_statement" {
            return None;
        }
        released_by_close =
            Some(text == format!("{name}.close()") || text == format!("await {name}.close()"));
    }
    let released_by_close = released_by_close?;
    // `except` clauses: those that only roll back and re-raise go (the manager,
    // or the pool's release, rolls back); the others stay.
    let mut kept = Vec::new();
    for e in &excepts {
        if !rollback_and_reraise(file, *e, name) {
            kept.push(*e);
        } else if file.text_of(*e).contains('#') {
            return None;
        }
    }
    // Nothing rebinds the connection or the cursor; nothing after the `try` reads them.
    let region = (shape.body_from.max(body.start_byte()), try_.end_byte());
    let reindent = !kept.is_empty();
    // Ex) `return cur`: the manager closes the cursor the caller would read
    //     (before, the pool took the connection back and the cursor still worked)
    let held: Vec<&str> = std::iter::once(name).chain(cur_name).collect();
    if super::escape_from(file, body, try_, &held).is_some() {
        return None;
    }
    // (The inner `with ... as cur:` header that goes binds `cur` once.)
    let cur_region = inner
        .as_ref()
        .and_then(|(_, _, w)| w.child_by_field_name("body"))
        .map_or(region, |b| (b.start_byte(), try_.end_byte()));
    if !stays_put(cx, acq.scope, name, region, try_.end_byte(), reindent)
        || cur_name
            .is_some_and(|c| !stays_put(cx, acq.scope, c, cur_region, try_.end_byte(), reindent))
    {
        return None;
    }
    // Only blank lines and the carried trailing comments may go.
    let uncarried = |t: &str| {
        t.lines()
            .enumerate()
            .any(|(i, l)| l.contains('#') && !(i == 0 && l.trim_start().starts_with('#')))
    };
    if shape
        .gaps
        .iter()
        .any(|&(a, b)| file.text.get(a..b).is_none_or(uncarried))
    {
        return None;
    }
    // The body ends where the first clause's line starts; a comment after that would be lost.
    let first_clause = excepts.first().copied().unwrap_or(finally);
    let body_end = file.text[..first_clause.start_byte()].rfind('\n')?;
    if comments.iter().any(|c| c.start_byte() > body_end) {
        return None;
    }
    let body_text = match &inner {
        Some((_, _, with)) => {
            let colon = with.children(&mut with.walk()).find(|n| n.kind() == ":")?;
            let text = file.text.get(colon.end_byte()..body_end)?;
            let (_, unit) = indentation(file.text, with.start_byte())?;
            std::borrow::Cow::Owned(shallower(text, unit)?)
        }
        None => std::borrow::Cow::Borrowed(file.text.get(shape.body_from..body_end)?),
    };
    let body_text = body_text.strip_suffix('\r').unwrap_or(&body_text);
    if body_text.trim().is_empty() {
        return None;
    }
    let body_commits = last_statement_commits(file, body, name);
    // The first manager that fits.
    let fits = cx
        .project
        .guarded_cms_for(Some(&pool.id))
        .filter(|cm| cm.is_async == awaited.is_some())
        .find_map(|cm| fit(cx, acq, cm, name, &shape))?;
    let Fit {
        call,
        binding,
        import,
        commits,
        handler_effect,
    } = fits;
    let kw = if awaited.is_some() {
        "async with"
    } else {
        "with"
    };
    let header = format!("{kw} {call} as {binding}:");
    let header_line = format!("{header}{}", shape.carried);
    let content = if kept.is_empty() {
        format!("{header_line}{body_text}")
    } else {
        // `with ...:` / `    try:` / the body and the kept clauses one level in.
        let (indent, unit) = indentation(file.text, try_.start_byte())?;
        let eol = if file.text.contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let mut out = format!(
            "{header_line}{eol}{indent}{unit}try:{}",
            deeper(body_text, unit)
        );
        for k in &kept {
            let text = &file.text[line_start(file.text, k.start_byte())..k.end_byte()];
            out.push_str(eol);
            out.push_str(&deeper(text, unit));
        }
        out
    };
    // A manager whose `except` logs, swallows or translates what it catches
    // changes what an exception raised in the block (a 404) does.
    let safe = kept.is_empty()
        && !released_by_close
        && (!commits || body_commits)
        && handler_effect.is_none();
    let mut edits = vec![Edit {
        range: TextRange::new(shape.from, try_.end_byte()),
        content,
    }];
    edits.extend(import);
    edits.sort_by_key(|e| e.range.start);
    let short = call.split('(').next().unwrap_or(&call);
    let title = match &handler_effect {
        Some(effect) => format!(
            "use the project's `{header}` (the `except` of `{short}` {effect}; it will see every exception raised in this block too)"
        ),
        None => format!("use the project's `{header}`"),
    };
    Some(Fix {
        title,
        applicability: if safe {
            Applicability::Safe
        } else {
            Applicability::Unsafe
        },
        edits,
    })
}

/// The body's only statement (after what the rewrite consumes) when it is
/// `with CONN.cursor(ARGS) as CUR:` → (`CUR`, `ARGS`, the `with`).
fn inner_cursor_with<'t>(
    file: &PyFile<'t>,
    body: Node<'t>,
    from: usize,
    conn: &str,
) -> Option<(String, String, Node<'t>)> {
    let mut statements = body
        .named_children(&mut body.walk())
        .filter(|n| n.kind() != "comment" && n.start_byte() >= from)
        .collect::<Vec<_>>()
        .into_iter();
    let with = statements.next().filter(|w| w.kind() == "with_statement")?;
    if statements.next().is_some() || file.text_of(with).starts_with("async") {
        return None;
    }
    let clause = with
        .named_children(&mut with.walk())
        .find(|c| c.kind() == "with_clause")?;
    let mut items = clause
        .named_children(&mut clause.walk())
        .collect::<Vec<_>>()
        .into_iter();
    let item = items.next()?;
    if items.next().is_some() {
        return None;
    }
    let pattern = item.named_child(0).filter(|p| p.kind() == "as_pattern")?;
    let call = pattern.named_child(0).filter(|c| c.kind() == "call")?;
    let cur = pattern
        .child_by_field_name("alias")?
        .named_child(0)
        .filter(|n| n.kind() == "identifier")?;
    let function = call.child_by_field_name("function")?;
    if file.text_of(function) != format!("{conn}.cursor") {
        return None;
    }
    let args = file.text_of(call.child_by_field_name("arguments")?);
    let args = args.strip_prefix('(')?.strip_suffix(')')?.trim();
    Some((file.text_of(cur).to_owned(), args.to_owned(), with))
}

/// `text` one indentation `unit` less deep; `None` if a line is not that deep.
fn shallower(text: &str, unit: &str) -> Option<String> {
    text.split_inclusive('\n')
        .map(|l| {
            if l.trim().is_empty() {
                Some(l.trim_start_matches([' ', '\t']).to_owned())
            } else {
                l.strip_prefix(unit).map(str::to_owned)
            }
        })
        .collect()
}

/// Finds the `try` the acquisition belongs to and the statements around it
/// that the rewrite absorbs.
fn shape<'t>(file: &PyFile<'t>, stmt: Node<'t>, name: &str) -> Option<Shape<'t>> {
    let block = stmt.parent().filter(|b| b.kind() == "block")?;
    let in_try_body = block
        .parent()
        .filter(|t| t.kind() == "try_statement")
        .filter(|t| {
            t.named_children(&mut t.walk())
                .find(|n| n.kind() != "comment")
                .is_some_and(|b| b.id() == block.id())
        });
    // The statements after the acquisition that the manager takes over.
    let mut cursor = None;
    let mut autocommit = None;
    let mut last = stmt;
    let mut gaps = Vec::new();
    let (mut next, mut carried) = next_statement(file, stmt);
    while let Some(n) = next {
        if let Some(c) = cursor_statement(file, n, name).filter(|_| cursor.is_none()) {
            cursor = Some(c);
        } else if let Some(v) = autocommit_statement(file, n, name).filter(|_| autocommit.is_none())
        {
            autocommit = Some(v);
        } else {
            break;
        }
        // Between two consumed statements: blank lines only (trailing comments are carried).
        gaps.push((last.end_byte(), n.start_byte()));
        last = n;
        let (after, more) = next_statement(file, n);
        next = after;
        if carried.is_empty() {
            carried = more;
        } else if !more.is_empty() {
            carried.push_str("; ");
            carried.push_str(more.trim_start().trim_start_matches('#').trim_start());
        }
    }
    // `conn = None` / `try:` / `conn = get_db_connection()` / ...
    if let Some(try_) = in_try_body {
        let first = block.named_child(0)?;
        if first.id() != stmt.id() {
            return None;
        }
        let colon = try_.children(&mut try_.walk()).find(|n| n.kind() == ":")?;
        // A comment on the `try:` line, or before the acquisition, would be lost.
        if file.text[colon.end_byte()..stmt.start_byte()].contains('#') {
            return None;
        }
        // The `None` initialisers right before the `try` go too.
        let mut from = try_.start_byte();
        let mut prev = try_.prev_named_sibling();
        let cur = cursor.as_ref().map(|(c, _): &(String, String)| c.as_str());
        while let Some(p) = prev {
            let t = file.text_of(p).trim();
            let is_init = [Some(name), cur]
                .into_iter()
                .flatten()
                .any(|n| t == format!("{n} = None"));
            if p.kind() != "expression_statement" || !is_init {
                break;
            }
            gaps.push((p.end_byte(), from));
            from = p.start_byte();
            prev = p.prev_named_sibling();
        }
        // The body must hold more than what is consumed.
        next?;
        Some(Shape {
            try_,
            from,
            // After the last consumed line (and its carried comment).
            body_from: {
                let eol = file.text[last.end_byte()..]
                    .find('\n')
                    .map_or(file.text.len(), |i| last.end_byte() + i);
                if file.text[..eol].ends_with('\r') {
                    eol - 1
                } else {
                    eol
                }
            },
            cursor,
            autocommit,
            gaps,
            carried,
        })
    } else {
        // `conn = get_db_connection()` / ... / `try:`
        let try_ = next.filter(|n| n.kind() == "try_statement")?;
        gaps.push((last.end_byte(), try_.start_byte()));
        let colon = try_.children(&mut try_.walk()).find(|n| n.kind() == ":")?;
        let mut body_from = colon.end_byte();
        // ... `try:` / `cur = conn.cursor()` first thing inside: the manager's cursor.
        let first = try_
            .named_children(&mut try_.walk())
            .find(|n| n.kind() == "block")
            .and_then(|b| b.named_child(0));
        if let Some(first) = first.filter(|_| cursor.is_none()) {
            if let Some(c) = cursor_statement(file, first, name) {
                let eol = file.text[first.end_byte()..]
                    .find('\n')
                    .map_or(file.text.len(), |i| first.end_byte() + i);
                // Nothing but the statement on its line, and no comment before it.
                let line_rest = &file.text[first.end_byte()..eol];
                if line_rest.trim().is_empty()
                    && !file.text[colon.end_byte()..first.start_byte()].contains('#')
                {
                    cursor = Some(c);
                    body_from = if file.text[..eol].ends_with('\r') {
                        eol - 1
                    } else {
                        eol
                    };
                }
            }
        }
        Some(Shape {
            try_,
            from: stmt.start_byte(),
            body_from,
            cursor,
            autocommit,
            gaps,
            carried,
        })
    }
}

/// `cur = conn.cursor(ARGS)` → (`cur`, `ARGS`).
fn cursor_statement(file: &PyFile<'_>, n: Node<'_>, conn: &str) -> Option<(String, String)> {
    let assign = single_assignment(n)?;
    let left = assign.child_by_field_name("left")?;
    let right = assign.child_by_field_name("right")?;
    if left.kind() != "identifier" || right.kind() != "call" {
        return None;
    }
    let f = right.child_by_field_name("function")?;
    if file.text_of(f) != format!("{conn}.cursor") {
        return None;
    }
    let args = file.text_of(right.child_by_field_name("arguments")?);
    let inner = args.strip_prefix('(')?.strip_suffix(')')?.trim();
    Some((file.text_of(left).to_owned(), inner.to_owned()))
}

/// `conn.autocommit = VALUE` → `VALUE`.
fn autocommit_statement(file: &PyFile<'_>, n: Node<'_>, conn: &str) -> Option<String> {
    let assign = single_assignment(n)?;
    let left = assign.child_by_field_name("left")?;
    if file.text_of(left) != format!("{conn}.autocommit") {
        return None;
    }
    Some(
        file.text_of(assign.child_by_field_name("right")?)
            .to_owned(),
    )
}

fn single_assignment(n: Node<'_>) -> Option<Node<'_>> {
    if n.kind() != "expression_statement" || n.named_child_count() != 1 {
        return None;
    }
    n.named_child(0).filter(|a| a.kind() == "assignment")
}

/// The statement itself, or the one statement of `if x:` / `if x is not None:`
/// (no `else`) whose condition tests one of `names`.
fn unguarded<'t>(file: &PyFile<'t>, s: Node<'t>, names: &[&str]) -> Option<Node<'t>> {
    if s.kind() != "if_statement" {
        return Some(s);
    }
    let cond = file.text_of(s.child_by_field_name("condition")?);
    let tests = names
        .iter()
        .any(|n| cond == *n || cond == format!("{n} is not None"));
    if !tests || s.child_by_field_name("alternative").is_some() {
        return None;
    }
    let block = s.child_by_field_name("consequence")?;
    if block.named_child_count() != 1 {
        return None;
    }
    block.named_child(0)
}

/// `except ...: conn.rollback(); raise` (the rollback possibly behind `if conn:`).
fn rollback_and_reraise(file: &PyFile<'_>, clause: Node<'_>, conn: &str) -> bool {
    let Some(block) = clause
        .named_children(&mut clause.walk())
        .find(|n| n.kind() == "block")
    else {
        return false;
    };
    let stmts: Vec<Node<'_>> = block
        .named_children(&mut block.walk())
        .filter(|n| n.kind() != "comment")
        .collect();
    let [rollback, raise] = stmts.as_slice() else {
        return false;
    };
    let rollback_ok = unguarded(file, *rollback, &[conn])
        .is_some_and(|r| file.text_of(r).trim() == format!("{conn}.rollback()"));
    rollback_ok && file.text_of(*raise).trim() == "raise"
}

/// The body's last statement is `conn.commit()`.
fn last_statement_commits(file: &PyFile<'_>, body: Node<'_>, conn: &str) -> bool {
    let mut c = body.walk();
    let last = body
        .named_children(&mut c)
        .filter(|n| n.kind() != "comment")
        .last();
    last.is_some_and(|l| file.text_of(l).trim() == format!("{conn}.commit()"))
}

struct Fit {
    /// `get_db_cursor(dict_cursor=True)`, as the file names it.
    call: String,
    /// `(cur, conn)`.
    binding: String,
    import: Option<Edit>,
    /// The manager commits at the end of the block with these arguments.
    commits: bool,
    /// What its `except` clauses do beyond rolling back and re-raising.
    handler_effect: Option<std::sync::Arc<str>>,
}

/// How `cm` replaces the hand-written code, if its signature allows it.
fn fit(
    cx: &PyContext<'_, '_>,
    acq: &Acquisition<'_>,
    cm: &FnSummary,
    conn: &str,
    shape: &Shape<'_>,
) -> Option<Fit> {
    let file = cx.file;
    let scope = acq.scope;
    let cm_shape: &CmShape = cm.cm_shape.as_deref()?;
    // A manager that can leak itself (`cur = conn.cursor()` before its `try`)
    // would turn this function's correct release into a leak: no fix.
    if cm_shape.unguarded_setup.is_some() {
        return None;
    }
    // A module-level function: `app.db.get_db_cursor`.
    let short = cm.qualname.strip_prefix(&*cm.module)?.strip_prefix('.')?;
    if short.contains('.') {
        return None;
    }
    // What it yields: the connection, or a (cursor, connection) pair.
    let binding = match cm.yields.as_ref()? {
        Val::Resource(..) if shape.cursor.is_none() => conn.to_owned(),
        Val::Tuple(items) if items.len() == 2 => {
            let cur = match &shape.cursor {
                Some((c, _)) => c.clone(),
                None => fresh_name(cx, scope, &["cur", "cursor", "_cur"])?,
            };
            let names: Vec<&str> = items
                .iter()
                .map(|v| match v {
                    Val::Resource(..) => Some(conn),
                    Val::Derived(_) => Some(cur.as_str()),
                    _ => None,
                })
                .collect::<Option<_>>()?;
            if names[0] == names[1] {
                return None;
            }
            format!("({})", names.join(", "))
        }
        _ => return None,
    };
    let mut args = Vec::new();
    // The cursor: the manager's must be the same kind as the one made by hand.
    if let Some((_, manual)) = &shape.cursor {
        let factory = manual
            .strip_prefix("cursor_factory")
            .map(|r| r.trim_start().trim_start_matches('=').trim())
            .map(|f| f.rsplit('.').next().unwrap_or(f));
        // Only `cursor_factory=<dotted name>`: the manager is asked for that kind by name.
        let plain_name =
            |f: &str| !f.is_empty() && f.chars().all(|c| c.is_alphanumeric() || c == '_');
        if manual.contains(',') || (!manual.is_empty() && !factory.is_some_and(plain_name)) {
            return None;
        }
        match (cm_shape.param_like("dict"), factory) {
            (Some((p, default)), Some(f)) => {
                if !cm_shape.cursor_args.iter().any(|a| a.contains(f)) {
                    return None;
                }
                if default != Some("True") {
                    args.push(format!("{p}=True"));
                }
            }
            (Some((p, default)), None) => {
                if default == Some("True") {
                    args.push(format!("{p}=False"));
                }
            }
            (None, _) => {
                let same = |a: &str| {
                    a.split_whitespace().collect::<String>()
                        == manual.split_whitespace().collect::<String>()
                };
                if !cm_shape.cursor_args.iter().all(|a| same(a)) {
                    return None;
                }
            }
        }
    }
    if let Some(v) = &shape.autocommit {
        let (p, default) = cm_shape.param_like("autocommit")?;
        if default != Some(v.as_str()) {
            args.push(format!("{p}={v}"));
        }
    }
    // The name in this file: defined here, reached like the acquirer
    // (`database.get_connection()` → `database.transaction()`), imported, or imported now.
    let through_module = match &acq.resource.via {
        Via::Project(q) if q.rsplit_once('.').is_some_and(|(m, _)| m == &*cm.module) => acq
            .call
            .child_by_field_name("function")
            .filter(|f| f.kind() == "attribute")
            .and_then(|f| f.child_by_field_name("object"))
            .map(|o| file.text_of(o)),
        _ => None,
    };
    let (name, import) = if let Some(m) = through_module {
        (format!("{m}.{short}"), None)
    } else if *cm.module == *file.module {
        if file.scopes[scope as usize].bindings.contains_key(short) {
            return None;
        }
        (short.to_owned(), None)
    } else {
        super::import_for_fix(file, &cm.module, short, true)?
    };
    Some(Fit {
        call: format!("{name}({})", args.join(", ")),
        binding,
        import,
        commits: cm_shape.commits_by_default,
        handler_effect: cm_shape.handler_effect.clone(),
    })
}

/// The first of `candidates` that no identifier in the function uses.
fn fresh_name(cx: &PyContext<'_, '_>, scope: u32, candidates: &[&str]) -> Option<String> {
    let node = cx.file.scopes[scope as usize].node;
    let used = |c: &str| {
        cx.identifiers(c)
            .iter()
            .any(|n| n.start_byte() >= node.start_byte() && n.end_byte() <= node.end_byte())
    };
    candidates
        .iter()
        .find(|c| !used(c) && !cx.file.scopes[0].bindings.contains_key(**c))
        .map(|c| (*c).to_owned())
}
