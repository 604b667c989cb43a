//! Web framework hooks: which functions are request handlers, and what runs
//! before them. A Flask `before_request` hook (or a flask-login user loader,
//! behind `@login_required`) that queries Flask-SQLAlchemy's request-scoped
//! `db.session` leaves a pooled connection checked out for the rest of the
//! request: every view then runs with it held, and a slow call in the view
//! holds it across the wait (CL302).
//!
//! Pass 1 records the registrations of each module (`Hook`); the project
//! resolves them to functions (`RequestHolds`).

use std::collections::HashMap;
use std::sync::Arc;

use tree_sitter::Node;

use crate::lang::python::model::{Binding, PyFile, ScopeKind, decorator_target};
use crate::lang::python::sym::Sym;

/// What a registration makes of a function.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum HookKind {
    /// A request handler (`@app.route`, `app.add_url_rule(rule, name, view)`).
    View,
    /// A handler behind `@login_required`: flask-login loads the user first.
    LoginView,
    /// Runs before every request (`@app.before_request`).
    Before,
    /// flask-login's `@login_manager.user_loader`.
    UserLoader,
    /// Runs after every request (`@app.teardown_request`, `teardown_appcontext`).
    Teardown,
}

/// A registration: the function it names, as a symbol of the module.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Hook {
    pub kind: HookKind,
    pub target: Sym,
}

/// The registrations of a file: decorators and registering calls.
#[must_use]
pub fn hooks(file: &PyFile<'_>) -> Vec<Hook> {
    let mut out = Vec::new();
    for scope in &file.scopes {
        if scope.kind == ScopeKind::Function {
            let target = Sym::Global(scope.qualname.clone());
            for d in &scope.decorators {
                let Some(kind) = decorator_target(*d).and_then(|t| decorator_kind(file, t)) else {
                    continue;
                };
                out.push(Hook {
                    kind,
                    target: target.clone(),
                });
            }
        }
        for &call in &scope.calls {
            out.extend(registering_call(file, scope.id, call));
        }
    }
    out
}

/// The last name of a decorator (`route` for `@bp.route("/x")`).
fn leaf<'t>(file: &PyFile<'t>, node: Node<'_>) -> Option<&'t str> {
    let callee = if node.kind() == "call" {
        node.child_by_field_name("function")?
    } else {
        node
    };
    match callee.kind() {
        "identifier" => Some(file.text_of(callee)),
        "attribute" => callee
            .child_by_field_name("attribute")
            .map(|a| file.text_of(a)),
        _ => None,
    }
}

fn decorator_kind(file: &PyFile<'_>, node: Node<'_>) -> Option<HookKind> {
    let name = leaf(file, node)?;
    // Ex) `@app.route("/x")`, `@bp.get("/x")`: a method of an app or blueprint,
    //     called with the rule.
    let routed = node.kind() == "call"
        && node
            .child_by_field_name("function")
            .is_some_and(|f| f.kind() == "attribute");
    Some(match name {
        "route" | "get" | "post" | "put" | "patch" | "delete" if routed => HookKind::View,
        "login_required" | "fresh_login_required" => HookKind::LoginView,
        "before_request" | "before_app_request" => HookKind::Before,
        "user_loader" | "request_loader" => HookKind::UserLoader,
        "teardown_request" | "teardown_appcontext" | "teardown_app_request" => HookKind::Teardown,
        _ => return None,
    })
}

/// `app.add_url_rule("/x", "x", views.x)`, `app.before_request(check)`.
/// A module imported twice under one name in the function
/// (`from app.models import centro`, then `from app.resources import centro`)
/// gives one hook per import: the project keeps the one naming a function.
fn registering_call(file: &PyFile<'_>, scope: u32, call: Node<'_>) -> Vec<Hook> {
    let Some((kind, target)) = registration(file, call) else {
        return Vec::new();
    };
    let imports: Vec<Sym> = target
        .child_by_field_name("object")
        .filter(|o| o.kind() == "identifier")
        .and_then(|o| file.scopes[scope as usize].bindings.get(file.text_of(o)))
        .map(|bs| {
            bs.iter()
                .filter_map(|b| match b {
                    Binding::Import(sym) => Some(sym.clone()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let attr = target
        .child_by_field_name("attribute")
        .map(|a| file.text_of(a));
    match attr {
        Some(a) if imports.len() > 1 => imports
            .into_iter()
            .map(|m| Hook {
                kind,
                target: m.attr(a),
            })
            .collect(),
        _ => vec![Hook {
            kind,
            target: file.sym(target, scope),
        }],
    }
}

fn registration<'t>(file: &PyFile<'_>, call: Node<'t>) -> Option<(HookKind, Node<'t>)> {
    let function = call.child_by_field_name("function")?;
    if function.kind() != "attribute" {
        return None;
    }
    let name = file.text_of(function.child_by_field_name("attribute")?);
    let args = call.child_by_field_name("arguments")?;
    let mut cursor = args.walk();
    let all: Vec<Node<'_>> = args.named_children(&mut cursor).collect();
    let keyword = |k: &str| {
        all.iter().find_map(|a| {
            (a.kind() == "keyword_argument"
                && a.child_by_field_name("name")
                    .is_some_and(|n| file.text_of(n) == k))
            .then(|| a.child_by_field_name("value"))
            .flatten()
        })
    };
    let positional: Vec<Node<'_>> = all
        .iter()
        .copied()
        .filter(|a| !matches!(a.kind(), "keyword_argument" | "comment"))
        .collect();
    let (kind, target) = match name {
        "add_url_rule" => (
            HookKind::View,
            keyword("view_func").or_else(|| positional.get(2).copied())?,
        ),
        "before_request" | "before_app_request" => (HookKind::Before, *positional.first()?),
        "teardown_request" | "teardown_appcontext" | "teardown_app_request" => {
            (HookKind::Teardown, *positional.first()?)
        }
        _ => return None,
    };
    if !matches!(target.kind(), "identifier" | "attribute") {
        return None;
    }
    Some((kind, target))
}

/// Per request handler (qualified name): why it starts with a connection
/// held by the request's session (`verificar_mantenimiento`, a
/// `before_request` hook, queries `db.session`).
/// The value is (what holds it, why).
pub type RequestHolds = HashMap<Arc<str>, (Arc<str>, Arc<str>)>;

/// What the project's web hooks say about its requests.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct RequestModel {
    pub holds: RequestHolds,
    /// Functions run at the end of every request (`teardown_request`).
    pub teardowns: Vec<Arc<str>>,
}

/// Resolves the project's hooks: `hooks` are (kind, function qualname) pairs,
/// `session_use` says what request-scoped connection a function uses, if any.
#[must_use]
pub fn request_holds(
    hooks: &[(HookKind, Arc<str>)],
    session_use: &dyn Fn(&str) -> Option<Arc<str>>,
) -> RequestHolds {
    let first = |kind: HookKind| {
        hooks
            .iter()
            .filter(|(k, _)| *k == kind)
            .filter_map(|(_, f)| Some((f.clone(), session_use(f)?)))
            .min()
    };
    let short = |q: &str| q.rsplit('.').next().unwrap_or(q).to_owned();
    let before = first(HookKind::Before).map(|(f, held)| {
        let why = format!(
            "`{}`, a `before_request` hook, uses {held} before every view",
            short(&f)
        );
        (held, Arc::<str>::from(why))
    });
    let loader = first(HookKind::UserLoader).map(|(f, held)| {
        let why = format!(
            "`@login_required` loads the user with `{}`, which uses {held}",
            short(&f)
        );
        (held, Arc::<str>::from(why))
    });
    let mut out = RequestHolds::new();
    for (kind, f) in hooks {
        let why = match kind {
            HookKind::View => before.clone(),
            HookKind::LoginView => before.clone().or_else(|| loader.clone()),
            _ => None,
        };
        if let Some(why) = why {
            out.entry(f.clone()).or_insert(why);
        }
    }
    out
}

/// Resolves the hooks' targets to project functions, then which handlers
/// start with a request's session holding a connection.
#[must_use]
pub fn resolve(
    project: &dyn crate::lang::python::values::Lookup,
    catalog: &crate::catalog::Catalog,
    modules: &[(Vec<Arc<str>>, Vec<Hook>)],
    session_use: &dyn Fn(&str) -> Option<Arc<str>>,
) -> RequestModel {
    use crate::lang::python::values::{EmptyEnv, Evaluator, Val};
    let ev = Evaluator {
        catalog,
        lookup: project,
    };
    let mut resolved = Vec::new();
    for (star_imports, hooks) in modules {
        let env = EmptyEnv { star_imports };
        for h in hooks {
            if let Val::Function { qualname, .. } = ev.eval(&h.target, &env) {
                resolved.push((h.kind, qualname));
            }
        }
    }
    resolved.sort();
    resolved.dedup();
    RequestModel {
        holds: request_holds(&resolved, session_use),
        teardowns: resolved
            .iter()
            .filter(|(k, _)| *k == HookKind::Teardown)
            .map(|(_, f)| f.clone())
            .collect(),
    }
}
