//! Where a function holds a connection: the body of a `with` over it, or the
//! statements a manual acquisition may still be open at (from the leak
//! analysis). CL302 and CL305 look for calls made there.

use std::sync::Arc;

use tree_sitter::Node;

use crate::catalog::SessionCall;
use crate::lang::python::model::{ScopeKind, decorator_target};
use crate::lang::python::values::{ResRef, Val, Via};
use crate::rules::PyContext;

/// Code run while a connection is held.
pub struct Region<'t> {
    pub scope: u32,
    /// The acquisition, or the `with` item's call.
    pub acquire: Node<'t>,
    pub resource: ResRef,
    /// Calls made while it is held, in source order (nested functions excluded).
    pub calls: Vec<Node<'t>>,
    /// Held by a request-scoped session (Flask-SQLAlchemy's `db.session`):
    /// its name, and why a handler starts with it held (`acquire` is then
    /// the handler's name).
    pub session: Option<(Arc<str>, Option<Arc<str>>)>,
    /// What the label at `acquire` says, when not "connection taken here".
    pub taken: Option<String>,
}

/// Every region of the file.
#[must_use]
pub fn regions<'t>(cx: &PyContext<'_, 't>) -> Vec<Region<'t>> {
    let mut out = Vec::new();
    for hold in cx.holds {
        let Some(body) = hold.with_stmt.child_by_field_name("body") else {
            continue;
        };
        out.push(Region {
            scope: hold.scope,
            acquire: hold.call,
            resource: hold.resource.clone(),
            calls: calls_in(&[body]),
            session: None,
            taken: None,
        });
    }
    for (index, code) in cx.open() {
        let acq = &cx.acquisitions[*index];
        let mut calls = calls_in(code);
        calls.retain(|c| c.id() != acq.call.id());
        out.push(Region {
            scope: acq.scope,
            acquire: acq.call,
            resource: acq.resource.clone(),
            calls,
            session: None,
            taken: None,
        });
    }
    session_regions(cx, &mut out);
    for scope in &cx.file.scopes {
        let Some(body) = scope.node.child_by_field_name("body") else {
            continue;
        };
        for dep in dependencies(cx, scope.id) {
            out.push(Region {
                scope: scope.id,
                acquire: dep.call,
                resource: dep.resource,
                calls: calls_in(&[body]),
                session: None,
                taken: Some(format!(
                    "`{}` holds a connection from this dependency until the response is sent",
                    dep.param
                )),
            });
        }
    }
    for scope in &cx.file.scopes {
        if scope.kind != ScopeKind::Function {
            continue;
        }
        let Some(body) = scope.node.child_by_field_name("body") else {
            continue;
        };
        for (decorator, resource) in injected(cx, scope.id) {
            out.push(Region {
                scope: scope.id,
                acquire: decorator,
                resource,
                calls: calls_in(&[body]),
                session: None,
                taken: Some(format!(
                    "`{}` holds a connection while `{}` runs",
                    cx.file.text_of(decorator),
                    scope.name
                )),
            });
        }
    }
    out.sort_by_key(|r| r.acquire.start_byte());
    out
}

/// The decorators of function `scope` whose wrapper takes a connection
/// around each call of it (`@database` injecting `connection=`), with that
/// connection.
fn injected<'t>(cx: &PyContext<'_, 't>, scope: u32) -> Vec<(Node<'t>, ResRef)> {
    let s = &cx.file.scopes[scope as usize];
    let outer = s.parent.unwrap_or(0);
    let ev = cx.finder.ev();
    let env = cx.file.env(outer);
    s.decorators
        .iter()
        .filter_map(|&d| {
            let target = decorator_target(d)?;
            let Val::Function { qualname, .. } = ev.eval(&cx.file.sym(target, outer), &env) else {
                return None;
            };
            let r = cx.project.function(&qualname)?.injects.clone()?;
            Some((d, r))
        })
        .collect()
}

/// A handler parameter filled by a FastAPI dependency that yields a
/// connection (`conn = Depends(get_db)`, `Annotated[Session, Depends(get_db)]`):
/// FastAPI keeps it checked out for the whole request.
pub struct Dependency<'t> {
    pub param: Arc<str>,
    /// The `Depends(...)` call.
    pub call: Node<'t>,
    pub resource: ResRef,
}

/// The parameters of function `scope` that hold a dependency's connection.
#[must_use]
pub fn dependencies<'t>(cx: &PyContext<'_, 't>, scope: u32) -> Vec<Dependency<'t>> {
    let s = &cx.file.scopes[scope as usize];
    if s.kind != ScopeKind::Function {
        return Vec::new();
    }
    let outer = s.parent.unwrap_or(0);
    let mut out = Vec::new();
    for p in &s.params {
        let Some(call) = depends_call(cx, p.node) else {
            continue;
        };
        let Some(arg) = call
            .child_by_field_name("arguments")
            .and_then(|a| a.named_child(0))
        else {
            continue;
        };
        let ev = cx.finder.ev();
        let env = cx.file.env(outer);
        let Val::Function { qualname, .. } = ev.eval(&cx.file.sym(arg, outer), &env) else {
            continue;
        };
        let Some(resource) = cx
            .project
            .function(&qualname)
            .and_then(|f| f.dependency.as_ref())
            .and_then(Val::resource)
        else {
            continue;
        };
        out.push(Dependency {
            param: p.name.clone(),
            call,
            resource: resource.clone(),
        });
    }
    out
}

/// The `Depends(...)` call in a parameter's default or `Annotated[...]` type.
fn depends_call<'t>(cx: &PyContext<'_, 't>, param: Node<'t>) -> Option<Node<'t>> {
    let mut stack = vec![param];
    while let Some(n) = stack.pop() {
        if n.kind() == "call" {
            let f = n.child_by_field_name("function")?;
            let leaf = match f.kind() {
                "identifier" => Some(f),
                "attribute" => f.child_by_field_name("attribute"),
                _ => None,
            };
            if leaf.is_some_and(|l| cx.file.text_of(l) == "Depends") {
                return Some(n);
            }
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    None
}

/// Where a function holds a request-scoped session's connection: from its
/// first query through the session (or from the start, for a handler whose
/// request already queried it) to a `commit()`/`rollback()`/`close()`, in
/// source order.
fn session_regions<'t>(cx: &PyContext<'_, 't>, out: &mut Vec<Region<'t>>) {
    let Some(resource) = cx.catalog.resource_id("sqlalchemy.orm.Session") else {
        return;
    };
    let resource = ResRef {
        def: resource,
        pool: None,
        via: Via::Borrowed,
        direct: false,
        backend: None,
        is_async: false,
    };
    for scope in &cx.file.scopes {
        if scope.kind != ScopeKind::Function {
            continue;
        }
        let Some(body) = scope.node.child_by_field_name("body") else {
            continue;
        };
        let pre = cx.project.request.holds.get(&scope.qualname).cloned();
        // Ex) a function that never touches the session, directly or through
        //     the project functions it calls (its summary says so): nothing
        //     to follow, and evaluating its every call is what this costs.
        if pre.is_none()
            && cx
                .project
                .function(&scope.qualname)
                .is_none_or(|f| f.session_use.is_none())
        {
            continue;
        }
        let mut open: Option<Region<'t>> = pre.map(|(name, why)| Region {
            scope: scope.id,
            acquire: scope.node.child_by_field_name("name").unwrap_or(scope.node),
            resource: resource.clone(),
            calls: Vec::new(),
            session: Some((name, Some(why))),
            taken: None,
        });
        for call in calls_in(&[body]) {
            let (_, callee) = eval_call(cx, scope.id, call);
            let uses: Option<Arc<str>> = match &callee {
                Val::External(p) => match cx.catalog.session_call(p) {
                    Some(SessionCall::Ends) => {
                        out.extend(open.take());
                        continue;
                    }
                    Some(SessionCall::Uses(name)) => Some(Arc::from(name)),
                    None => None,
                },
                Val::Function { qualname, .. } => cx
                    .project
                    .function(qualname)
                    .and_then(|f| f.session_use.clone()),
                _ => None,
            };
            if let Some(region) = &mut open {
                region.calls.push(call);
            } else if let Some(name) = uses {
                open = Some(Region {
                    scope: scope.id,
                    acquire: call,
                    resource: resource.clone(),
                    calls: Vec::new(),
                    session: Some((name, None)),
                    taken: None,
                });
            }
        }
        out.extend(open);
    }
}

/// Calls under `roots`, not inside nested functions, lambdas or classes,
/// in source order.
#[must_use]
pub fn calls_in<'t>(roots: &[Node<'t>]) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let mut stack: Vec<Node<'t>> = roots.to_vec();
    while let Some(n) = stack.pop() {
        match n.kind() {
            "function_definition" | "lambda" | "class_definition" | "decorated_definition" => {
                continue;
            }
            "call" => out.push(n),
            _ => {}
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    out.sort_by_key(|c| (c.start_byte(), c.end_byte()));
    out.dedup_by_key(|c| c.id());
    out
}

/// What a call and its callee evaluate to.
#[must_use]
pub fn eval_call<'t>(cx: &PyContext<'_, 't>, scope: u32, call: Node<'t>) -> (Val, Val) {
    let ev = cx.finder.ev();
    let env = cx.file.env(scope);
    ev.eval_call(&cx.file.sym(call, scope), &env)
}
