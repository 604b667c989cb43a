//! Wrapper classes: a connection that `__enter__` takes and keeps on `self`
//! (`self.connection = pool.getconn()`) for `__exit__` to give back. Python
//! calls `__exit__` only if `__enter__` returned, so the connection is lost
//! when the rest of `__enter__` raises (`self.connection.cursor()`) or when
//! `__exit__` raises before its release (`commit()` before `putconn()`, no
//! `finally`). The same dataflow as the locals', over the attribute.

use std::sync::Arc;

use tree_sitter::Node;

use super::{Assign, Events, FunctionGraph, OPEN, UNACQ, own_code, release_call, walk};
use crate::lang::python::cfg::{Cfg, Kind};
use crate::lang::python::model::ScopeKind;
use crate::lang::python::resources::{Acquisition, Escape, Finder, Use};

/// A wrapper's connection lost on an exception.
#[derive(Debug, Clone)]
pub struct WrapperLeak<'t> {
    /// The acquisition in `__enter__` (an index into the file's acquisitions).
    pub acquisition: usize,
    /// Where it is kept: `self.connection`.
    pub place: &'t str,
    /// The method the exception leaves: `__enter__` or `__exit__`.
    pub method: Arc<str>,
    /// The statement that raises, and the expression in it.
    pub stmt: Node<'t>,
    pub raiser: Option<Node<'t>>,
}

/// The wrapper leaks of a file: at most one per acquisition, `__enter__`'s first.
#[must_use]
pub fn analyse<'t>(
    finder: &Finder<'_, 't>,
    acquisitions: &[Acquisition<'t>],
) -> Vec<WrapperLeak<'t>> {
    let file = finder.file;
    let mut out = Vec::new();
    for (i, acq) in acquisitions.iter().enumerate() {
        let Use::Escapes(Escape::Stored, target) = acq.use_ else {
            continue;
        };
        // Ex) `self.connection = psycopg2.connect(...)`: when `__enter__` raises, the
        //     instance is dropped and CPython closes the connection; no pool holds it
        if acq.resource.direct {
            continue;
        }
        let scope = &file.scopes[acq.scope as usize];
        if scope.kind != ScopeKind::Function || !matches!(&*scope.name, "__enter__" | "__aenter__")
        {
            continue;
        }
        let Some(class) = scope.class.clone() else {
            continue;
        };
        // Ex) a class whose `__enter__` takes a connection but no attribute keeps it
        if finder.project.wrapper(&class).is_none() {
            continue;
        }
        let (Some(object), Some(attr)) = (
            target.child_by_field_name("object"),
            target.child_by_field_name("attribute"),
        ) else {
            continue;
        };
        let self_name = scope.params.first().map(|p| &*p.name);
        if target.kind() != "attribute"
            || object.kind() != "identifier"
            || Some(file.text_of(object)) != self_name
        {
            continue;
        }
        let attr = file.text_of(attr);
        let found = run(finder, acq.scope, attr, Some(acq))
            .map(|(stmt, raiser)| (scope.name.clone(), stmt, raiser))
            .or_else(|| {
                let exit = file.scopes.iter().find(|s| {
                    s.kind == ScopeKind::Function
                        && s.class.as_deref() == Some(&*class)
                        && matches!(&*s.name, "__exit__" | "__aexit__")
                })?;
                run(finder, exit.id, attr, None)
                    .map(|(stmt, raiser)| (exit.name.clone(), stmt, raiser))
            });
        if let Some((method, stmt, raiser)) = found {
            out.push(WrapperLeak {
                acquisition: i,
                place: file.text_of(target),
                method,
                stmt,
                raiser,
            });
        }
    }
    out
}

/// Follows `self.<attr>` through method `scope`: from its acquisition `acq`
/// (in `__enter__`), or open from the start (in `__exit__`). The statement
/// and expression whose exception leaves the method with it open.
fn run<'t>(
    finder: &Finder<'_, 't>,
    scope: u32,
    attr: &str,
    acq: Option<&Acquisition<'t>>,
) -> Option<(Node<'t>, Option<Node<'t>>)> {
    let file = finder.file;
    let s = &file.scopes[scope as usize];
    let place = format!("{}.{attr}", s.params.first()?.name);
    let body = s.node.child_by_field_name("body")?;
    let cfg = Cfg::build(body, file.text).ok()?;
    let graph = FunctionGraph::new(finder, scope, cfg);
    let events: Vec<Events<'t>> = graph
        .cfg
        .nodes
        .iter()
        .map(|n| {
            let mut ev = Events::default();
            if matches!(n.kind, Kind::WithExit(_)) {
                return ev;
            }
            let code = own_code(&n.kind);
            if let Some(a) = acq {
                let (start, end) = (a.call.start_byte(), a.call.end_byte());
                if code
                    .iter()
                    .any(|c| c.start_byte() <= start && end <= c.end_byte())
                {
                    ev.assign = Assign::Acquires;
                    ev.at = Some(a.call);
                }
            }
            walk(&code, |node, nested| {
                if !nested && node.kind() == "call" && releases(finder, scope, node, &place) {
                    ev.releases = true;
                }
            });
            ev
        })
        .collect();
    let start = if acq.is_some() { UNACQ } else { OPEN };
    let (_, input) = graph.solve_events(file.text, &events, start, &[]);
    let raise = input[graph.cfg.raise_exit as usize].as_ref()?;
    if raise.bits & OPEN == 0 {
        return None;
    }
    let id = raise.raiser?;
    let (Kind::Stmt(stmt) | Kind::Cond(stmt) | Kind::Header(stmt) | Kind::WithExit(stmt)) =
        graph.cfg.nodes[id as usize].kind
    else {
        return None;
    };
    Some((stmt, graph.raises[id as usize].always))
}

/// Whether `call` releases what `place` holds: `self.conn.close()`,
/// `pool.putconn(self.conn)`, `Database.put_connection(self.conn)`.
fn releases(finder: &Finder<'_, '_>, scope: u32, call: Node<'_>, place: &str) -> bool {
    let file = finder.file;
    let Some(f) = call.child_by_field_name("function") else {
        return false;
    };
    if f.kind() == "attribute" {
        let object = f.child_by_field_name("object").map(|o| file.text_of(o));
        let method = f.child_by_field_name("attribute").map(|a| file.text_of(a));
        if object == Some(place) && method.is_some_and(|m| finder.is_release_method(m)) {
            return true;
        }
    }
    call.child_by_field_name("arguments")
        .and_then(|a| a.named_child(0))
        .is_some_and(|a| file.text_of(a) == place)
        && release_call(finder, scope, call)
}
