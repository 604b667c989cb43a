//! Pass 1 for Python: from a file's model, the facts that other files need
//! (`ModuleFacts`): globals, classes and their attributes, and per function
//! what it returns, yields, and does with its parameters.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use tree_sitter::Node;

use crate::catalog::Catalog;
use crate::lang::python::model::{Binding, PyFile, ScopeKind, SelfKind, decorator_target};
use crate::lang::python::summaries::{
    ClassFacts, CmShape, FunctionFacts, ModuleFacts, ParamUse, PoolBuild,
};
use crate::lang::python::sym::Sym;
use crate::lang::python::values::{Evaluator, NullLookup, Val};

/// Methods that put their argument into a container that outlives the call.
const CONTAINER_METHODS: &[&str] = &[
    "append",
    "appendleft",
    "add",
    "put",
    "put_nowait",
    "insert",
    "extend",
    "push",
    "setdefault",
];

/// Extracts the module's facts. `pool_names` are the last parts of every
/// catalog pool constructor (`ThreadedConnectionPool`, `create_engine`).
#[must_use]
pub fn extract(file: &PyFile<'_>, catalog: &Catalog, pool_names: &HashSet<String>) -> ModuleFacts {
    let mut facts = ModuleFacts {
        name: file.module.clone(),
        is_package: file.is_package,
        star_imports: file.star_imports.clone(),
        ..ModuleFacts::default()
    };
    // Registrations made inside `create_app()` read the function's locals.
    facts.hooks = crate::lang::python::web::hooks(file)
        .into_iter()
        .map(|mut h| {
            h.target = inline_locals(file, &h.target, 0);
            h
        })
        .collect();
    let module = &file.scopes[0];
    let mut names: Vec<&Arc<str>> = module.locals.keys().collect();
    names.sort();
    for name in names {
        let is_def = module.bindings[name]
            .iter()
            .all(|b| matches!(b, Binding::Def(_)));
        if is_def {
            continue;
        }
        let syms: Vec<Sym> = module.locals[name]
            .iter()
            .map(|s| inline_locals(file, s, 0))
            .filter(Sym::is_informative)
            .collect();
        if !syms.is_empty() {
            facts.globals.push((name.clone(), syms));
        }
    }
    for scope in &file.scopes[1..] {
        match scope.kind {
            ScopeKind::Class => facts.classes.push(class_facts(file, scope.id)),
            ScopeKind::Function => {
                // `global x; x = ...` inside a function assigns a module global.
                let mut globals: Vec<&Arc<str>> = scope.declared_global.iter().collect();
                globals.sort();
                for g in globals {
                    if let Some(syms) = scope.locals.get(g) {
                        let syms: Vec<Sym> = syms
                            .iter()
                            .map(|s| inline_locals(file, s, 0))
                            .filter(Sym::is_informative)
                            .collect();
                        if syms.is_empty() {
                            continue;
                        }
                        match facts.globals.iter_mut().find(|(n, _)| n == g) {
                            Some((_, v)) => v.extend(syms),
                            None => facts.globals.push((g.clone(), syms)),
                        }
                    }
                }
                facts.functions.push(function_facts(file, scope.id));
            }
            _ => {}
        }
    }
    facts.globals.sort_by(|a, b| a.0.cmp(&b.0));
    // Pools constructed anywhere in the module (for pool ownership), and
    // where their arguments say to connect (for CL201's evidence).
    let ev = Evaluator {
        catalog,
        lookup: &NullLookup,
    };
    for scope in &file.scopes {
        for &call in &scope.calls {
            let Some(leaf) = callee_leaf(file, call) else {
                continue;
            };
            if !pool_names.contains(leaf) {
                continue;
            }
            if let Val::Pool(p) = ev.eval(&file.sym(call, scope.id), &file.env(scope.id)) {
                let reads = crate::lang::python::config::call_reads(file, call, scope.id);
                let signature = catalog.pool(p.def).signature.as_ref();
                let size = |spec: Option<&(String, u32)>| {
                    let (name, index) = spec?;
                    let args = call.child_by_field_name("arguments")?;
                    crate::lang::python::config::int_argument(file, args, name, *index)
                        .map(|v| (Arc::<str>::from(name.as_str()), v))
                };
                facts.pool_constructions.push(PoolBuild {
                    backend: p.backend,
                    reads,
                    min: size(signature.and_then(|s| s.min.as_ref())),
                    max: size(signature.and_then(|s| s.max.as_ref())),
                });
            }
        }
    }
    facts
}

/// The last name of a call's callee: `pool.getconn` → `getconn`, `connect` → `connect`.
#[must_use]
pub fn callee_leaf<'t>(file: &PyFile<'t>, call: Node<'_>) -> Option<&'t str> {
    let f = call.child_by_field_name("function")?;
    match f.kind() {
        "identifier" => Some(file.text_of(f)),
        "attribute" => f.child_by_field_name("attribute").map(|a| file.text_of(a)),
        _ => None,
    }
}

/// The `with_item` a call is the value of (`with closing(x) as y`).
pub(crate) fn with_item_of(call: Node<'_>) -> Option<Node<'_>> {
    let mut n = call;
    for _ in 0..4 {
        let p = n.parent()?;
        match p.kind() {
            "with_item" => return Some(p),
            "as_pattern" | "parenthesized_expression" | "await" => n = p,
            _ => return None,
        }
    }
    None
}

/// Calls recorded per function for the slow-call and nested-acquire summaries.
const MAX_CALL_FACTS: usize = 256;

/// Replaces locals by (the first informative of) their values, a few levels deep.
/// `self.db = db` where `db: sqlite3.Connection` is a parameter of the
/// method: an instance of the annotated type (a parameter means nothing
/// outside its function, but its annotation does).
fn annotated_param(method: &crate::lang::python::model::Scope<'_>, sym: &Sym) -> Option<Sym> {
    let index = match sym {
        Sym::Param(i) => *i as usize,
        Sym::Local(scope, name) if *scope == method.id => {
            method.locals.get(name)?.iter().find_map(|s| match s {
                Sym::Param(i) => Some(*i as usize),
                _ => None,
            })?
        }
        _ => return None,
    };
    let annotation = method.param_annotations.get(index)?.clone()?;
    Some(Sym::Instance(Box::new(annotation)))
}

fn inline_locals(file: &PyFile<'_>, sym: &Sym, depth: u32) -> Sym {
    if depth > 6 {
        return Sym::Unknown;
    }
    match sym {
        Sym::Local(scope, name) => file.scopes[*scope as usize]
            .locals
            .get(name)
            .and_then(|syms| {
                syms.iter()
                    .map(|s| inline_locals(file, s, depth + 1))
                    .find(Sym::is_informative)
            })
            .unwrap_or(Sym::Unknown),
        Sym::Attr(inner, a) => {
            Sym::Attr(Box::new(inline_locals(file, inner, depth + 1)), a.clone())
        }
        Sym::Call(inner, hint) => {
            let hint = hint.as_ref().map(|h| {
                let mut h = (**h).clone();
                h.creator = h.creator.map(|c| inline_locals(file, &c, depth + 1));
                h.first_arg = h.first_arg.map(|c| inline_locals(file, &c, depth + 1));
                Box::new(h)
            });
            Sym::Call(Box::new(inline_locals(file, inner, depth + 1)), hint)
        }
        Sym::Enter(inner) => Sym::Enter(Box::new(inline_locals(file, inner, depth + 1))),
        Sym::Item(inner, i) => Sym::Item(Box::new(inline_locals(file, inner, depth + 1)), *i),
        Sym::Instance(inner) => Sym::Instance(Box::new(inline_locals(file, inner, depth + 1))),
        Sym::Tuple(items) => Sym::Tuple(
            items
                .iter()
                .map(|s| inline_locals(file, s, depth + 1))
                .collect(),
        ),
        // A parameter means nothing outside its function.
        Sym::Param(_) => Sym::Unknown,
        other => other.clone(),
    }
}

fn class_facts(file: &PyFile<'_>, id: u32) -> ClassFacts {
    let scope = &file.scopes[id as usize];
    let parent = scope.parent.unwrap_or(0);
    let mut bases = Vec::new();
    if let Some(sup) = scope.node.child_by_field_name("superclasses") {
        let mut cursor = sup.walk();
        for b in sup.named_children(&mut cursor) {
            if matches!(b.kind(), "identifier" | "attribute") {
                bases.push(file.sym(b, parent));
            }
        }
    }
    let mut attrs: Vec<(Arc<str>, Vec<Sym>)> = Vec::new();
    let mut names: Vec<&Arc<str>> = scope.locals.keys().collect();
    names.sort();
    for name in names {
        if scope.bindings[name]
            .iter()
            .all(|b| matches!(b, Binding::Def(_)))
        {
            continue;
        }
        let syms: Vec<Sym> = scope.locals[name]
            .iter()
            .map(|s| inline_locals(file, s, 0))
            .filter(Sym::is_informative)
            .collect();
        if !syms.is_empty() {
            attrs.push((name.clone(), syms));
        }
    }
    // `self.x = value` in any method of the class, and `cls.x = value` in its
    // class methods (`cls._pool = SimpleConnectionPool(...)` in `initialize`).
    for m in &file.scopes[1..] {
        if m.class.as_deref() != Some(&*scope.qualname)
            || !matches!(m.self_kind, SelfKind::SelfParam | SelfKind::ClsParam)
        {
            continue;
        }
        let Some(self_name) = m.params.first().map(|p| p.name.clone()) else {
            continue;
        };
        for &(target, value) in &m.attr_assigns {
            let (Some(obj), Some(attr)) = (
                target.child_by_field_name("object"),
                target.child_by_field_name("attribute"),
            ) else {
                continue;
            };
            if obj.kind() != "identifier" || file.text_of(obj) != &*self_name {
                continue;
            }
            let mut syms = Vec::new();
            file.value_syms(value, m.id, &mut syms);
            let syms: Vec<Sym> = syms
                .iter()
                .map(|s| annotated_param(m, s).unwrap_or_else(|| inline_locals(file, s, 0)))
                .filter(Sym::is_informative)
                .collect();
            if syms.is_empty() {
                continue;
            }
            let name: Arc<str> = Arc::from(file.text_of(attr));
            match attrs.iter_mut().find(|(n, _)| *n == name) {
                Some((_, v)) => v.extend(syms),
                None => attrs.push((name, syms)),
            }
        }
    }
    attrs.sort_by(|a, b| a.0.cmp(&b.0));
    ClassFacts {
        qualname: scope.qualname.clone(),
        bases,
        attrs,
    }
}

/// Locals of `scope` stored beyond it: on an object, in a subscript, or in a container.
fn stored_locals(file: &PyFile<'_>, scope: u32) -> HashMap<Arc<str>, bool> {
    let s = &file.scopes[scope as usize];
    let mut out: HashMap<Arc<str>, bool> = HashMap::new();
    let mut note = |node: Node<'_>, request_scoped: bool| {
        let mut stack = vec![node];
        while let Some(n) = stack.pop() {
            match n.kind() {
                "identifier" => {
                    if let Sym::Local(sid, name) = file.resolve_name(scope, file.text_of(n)) {
                        if sid == scope {
                            *out.entry(name).or_insert(false) |= request_scoped;
                        }
                    }
                }
                "tuple"
                | "list"
                | "set"
                | "dictionary"
                | "pair"
                | "parenthesized_expression"
                | "expression_list" => {
                    let mut cursor = n.walk();
                    stack.extend(n.named_children(&mut cursor));
                }
                _ => {}
            }
        }
    };
    for &(target, value) in &s.attr_assigns {
        note(value, is_request_scoped(file, target));
    }
    for &call in &s.calls {
        let container = call
            .child_by_field_name("function")
            .is_some_and(|f| f.kind() == "attribute")
            && callee_leaf(file, call).is_some_and(|l| CONTAINER_METHODS.contains(&l));
        if let (true, Some(args)) = (container, call.child_by_field_name("arguments")) {
            let mut cursor = args.walk();
            for a in args.named_children(&mut cursor) {
                note(a, false);
            }
        }
    }
    out
}

/// Whether an assignment target lives for one request: an attribute of
/// Flask's `g` or of a request (`g.db`, `request.state.db`), released by the
/// framework's teardown hook rather than by whoever asks for it.
fn is_request_scoped(file: &PyFile<'_>, target: Node<'_>) -> bool {
    let mut object = target;
    while let Some(o) = object.child_by_field_name("object") {
        object = o;
    }
    object.kind() == "identifier" && matches!(file.text_of(object), "g" | "request")
}

fn function_facts(file: &PyFile<'_>, id: u32) -> FunctionFacts {
    let scope = &file.scopes[id as usize];
    let parent = scope.parent.unwrap_or(0);
    let mut f = FunctionFacts {
        qualname: scope.qualname.clone(),
        scope: id,
        params: scope.params.iter().map(|p| p.name.clone()).collect(),
        param_annotations: scope.param_annotations.clone(),
        is_async: scope.is_async,
        is_generator: scope.is_generator,
        decorators: scope
            .decorators
            .iter()
            .filter_map(|d| decorator_target(*d))
            .map(|t| file.sym(t, parent))
            .collect(),
        ..FunctionFacts::default()
    };
    for &r in &scope.returns {
        file.value_syms(r, id, &mut f.returns);
    }
    // A local that is also stored (`self._pool.append(conn); return conn`,
    // `thread_local.connection = conn; return conn`) is kept for later as well
    // as returned: the summaries decide what the caller holds from its value
    // (a pool checkout is still the caller's to return; a direct connection
    // kept in a long-lived container is lent). Stored on the request (`g.db`),
    // it is the request's, released by the framework: lent.
    let stored = stored_locals(file, id);
    f.request_stores = scope
        .attr_assigns
        .iter()
        .filter(|(target, _)| is_request_scoped(file, *target))
        .map(|(_, value)| file.sym(*value, id))
        .collect();
    if !stored.is_empty() {
        for r in &mut f.returns {
            let Sym::Local(s, name) = &*r else { continue };
            match stored.get(name) {
                Some(_) if *s != id => {}
                Some(true) => *r = Sym::Unknown,
                Some(false) => f.stored_returns.push(std::mem::replace(r, Sym::Unknown)),
                None => {}
            }
        }
    }
    // `global _conn; _conn = pool.getconn(); return _conn`: the global is a
    // cache the function fills; what it assigns is what it may hand out.
    for &r in &scope.returns {
        if r.kind() != "identifier" {
            continue;
        }
        let name = file.text_of(r);
        if !scope.declared_global.contains(name) {
            continue;
        }
        if let Some(syms) = scope.locals.get(name) {
            f.stored_returns.extend(
                syms.iter()
                    .map(|s| inline_locals(file, s, 0))
                    .filter(Sym::is_informative),
            );
        }
    }
    for &y in &scope.yields {
        // `yield x` / `yield from g()`: the value is the first named child.
        match y.named_child(0) {
            Some(v) => file.value_syms(v, id, &mut f.yields),
            None => f.yields.push(Sym::None),
        }
    }
    let param_of = |node: Node<'_>| -> Option<u32> {
        if node.kind() != "identifier" {
            return None;
        }
        match file.resolve_name(id, file.text_of(node)) {
            Sym::Param(p) => Some(p),
            _ => None,
        }
    };
    for &call in &scope.calls {
        let Some(function) = call.child_by_field_name("function") else {
            continue;
        };
        if function.kind() == "attribute" {
            if let (Some(obj), Some(attr)) = (
                function.child_by_field_name("object"),
                function.child_by_field_name("attribute"),
            ) {
                if let Some(p) = param_of(obj) {
                    f.param_uses.push(ParamUse::Method {
                        param: p,
                        method: Arc::from(file.text_of(attr)),
                    });
                }
            }
        }
        let Some(args) = call.child_by_field_name("arguments") else {
            continue;
        };
        let mut cursor = args.walk();
        let mut index = 0u32;
        let container = function.kind() == "attribute"
            && function
                .child_by_field_name("attribute")
                .is_some_and(|a| CONTAINER_METHODS.contains(&file.text_of(a)));
        for a in args.named_children(&mut cursor) {
            match a.kind() {
                "keyword_argument" | "list_splat" | "dictionary_splat" | "comment" => continue,
                _ => {}
            }
            if let Some(p) = param_of(a) {
                if container {
                    f.param_escapes.push(p);
                } else {
                    f.param_uses.push(ParamUse::Arg {
                        param: p,
                        callee: file.sym(function, id),
                        index,
                    });
                }
            }
            index += 1;
        }
    }
    // Parameters kept beyond the call: stored on an object, returned or yielded.
    // Ex) `self.conn = conn`, `self.g = {"pcr_db": pcr_db}`, `self.pools = [a, b]`,
    //     `self.g["db"] = kwargs.pop("db")` (keyword arguments gathered by `**kwargs`)
    let kwargs = kwargs_name(file, scope.node);
    for &(_, value) in &scope.attr_assigns {
        let mut stack = vec![(value, 0u32)];
        while let Some((n, depth)) = stack.pop() {
            if let Some(p) = param_of(n) {
                f.param_escapes.push(p);
            } else if let Some(key) = kwargs.and_then(|k| kwargs_key(file, n, k)) {
                f.kwargs_kept.push(Arc::from(key));
            } else if depth < 4
                && matches!(
                    n.kind(),
                    "tuple" | "list" | "set" | "dictionary" | "pair" | "parenthesized_expression"
                )
            {
                let mut cursor = n.walk();
                stack.extend(n.named_children(&mut cursor).map(|c| (c, depth + 1)));
            }
        }
    }
    for &r in scope.returns.iter().chain(scope.yields.iter()) {
        let mut stack = vec![r];
        while let Some(n) = stack.pop() {
            if let Some(p) = param_of(n) {
                f.param_escapes.push(p);
            } else if matches!(
                n.kind(),
                "tuple" | "expression_list" | "list" | "yield" | "parenthesized_expression"
            ) {
                let mut cursor = n.walk();
                stack.extend(n.named_children(&mut cursor));
            }
        }
    }
    f.param_escapes.sort_unstable();
    f.param_escapes.dedup();
    (f.rebound_params, f.optional_params) = crate::lang::python::optional::rebound_params(file, id);
    f.never_raises = scope.decorators.is_empty() && body_never_raises(scope.node);
    f.calls_alternative = scope.calls.iter().any(|&c| calls_alternative(file, id, c));
    if scope.is_generator && !scope.decorators.is_empty() {
        f.cm_shape = Some(Arc::new(cm_shape(file, id)));
    }
    // The calls themselves (bounded: summaries stay small).
    for &call in scope.calls.iter().take(MAX_CALL_FACTS) {
        let sym = file.sym(call, id);
        // A nested function reading its enclosing function's locals (a hook
        // defined in `create_app()` using a class imported there): the
        // summaries see only the function's own locals, so inline those.
        let mut read = Vec::new();
        sym.locals(&mut read);
        if read.iter().any(|(s, _)| *s != id) {
            f.calls.push(inline_locals(file, &sym, 0));
        } else {
            f.calls.push(sym);
        }
    }
    // A decorator's wrapper: a nested function calling its enclosing
    // function's first parameter (`def database(f): def wrapper(*a, **kw): ... f(*a, **kw)`).
    if let Some(outer) = scope
        .parent
        .map(|p| &file.scopes[p as usize])
        .filter(|p| p.kind == ScopeKind::Function)
    {
        if let Some(first) = outer.params.first() {
            f.calls_outer_param = scope.calls.iter().any(|&c| {
                c.child_by_field_name("function").is_some_and(|fun| {
                    fun.kind() == "identifier"
                        && file.text_of(fun) == &*first.name
                        && matches!(file.resolve_name(id, &first.name), Sym::Local(s, _) if s == outer.id)
                })
            });
        }
    }
    // The calls entered by `with`/`async with` (`with Cursor() as cur:`): a
    // project class whose `__enter__` takes a connection holds it there.
    for &call in scope.calls.iter().take(MAX_CALL_FACTS) {
        if with_item_of(call).is_some() {
            f.entered.push(file.sym(call, id));
        }
    }
    // Keep only the locals that returns, yields and callees read.
    let mut wanted: Vec<(u32, Arc<str>)> = Vec::new();
    for c in f.calls.iter().chain(&f.entered) {
        c.locals(&mut wanted);
    }
    for s in f
        .returns
        .iter()
        .chain(&f.stored_returns)
        .chain(&f.yields)
        .chain(&f.request_stores)
    {
        s.locals(&mut wanted);
    }
    for u in &f.param_uses {
        if let ParamUse::Arg { callee, .. } = u {
            callee.locals(&mut wanted);
        }
    }
    let mut seen: HashSet<Arc<str>> = HashSet::new();
    while let Some((sid, name)) = wanted.pop() {
        if sid != id || !seen.insert(name.clone()) || seen.len() > 64 {
            continue;
        }
        if let Some(syms) = scope.locals.get(&name) {
            for s in syms {
                s.locals(&mut wanted);
            }
            f.locals.push((name, syms.clone()));
        }
    }
    f.locals.sort_by(|a, b| a.0.cmp(&b.0));
    f
}

/// What a fix that rewrites code onto this (candidate) context manager must
/// know: its parameters' defaults, how it makes its cursor, whether it commits
/// when called with the defaults.
fn cm_shape(file: &PyFile<'_>, id: u32) -> CmShape {
    let scope = &file.scopes[id as usize];
    let params: Vec<(Arc<str>, Option<Arc<str>>)> = scope
        .params
        .iter()
        .map(|p| {
            let default = p
                .node
                .child_by_field_name("value")
                .map(|v| Arc::from(file.text_of(v)));
            (p.name.clone(), default)
        })
        .collect();
    // `if commit: conn.commit()` with `commit=False`: off unless asked for.
    let off_by_default = |call: Node<'_>| {
        let mut n = call;
        while let Some(p) = n.parent() {
            if p.id() == scope.node.id() {
                break;
            }
            if p.kind() == "if_statement"
                && p.child_by_field_name("consequence").map(|c| c.id()) == Some(n.id())
            {
                let cond = p.child_by_field_name("condition");
                let falsy = cond.filter(|c| c.kind() == "identifier").is_some_and(|c| {
                    let name = file.text_of(c);
                    params.iter().any(|(p, d)| {
                        &**p == name && matches!(d.as_deref(), Some("False" | "None"))
                    })
                });
                if falsy {
                    return true;
                }
            }
            n = p;
        }
        false
    };
    let mut shape = CmShape::default();
    for &call in &scope.calls {
        let Some(attr) = call
            .child_by_field_name("function")
            .filter(|f| f.kind() == "attribute")
            .and_then(|f| f.child_by_field_name("attribute"))
        else {
            continue;
        };
        match file.text_of(attr) {
            "cursor" => {
                let args = call
                    .child_by_field_name("arguments")
                    .map_or("", |a| file.text_of(a));
                let inner = args
                    .strip_prefix('(')
                    .and_then(|a| a.strip_suffix(')'))
                    .unwrap_or(args);
                shape.cursor_args.push(Arc::from(inner.trim()));
            }
            "commit" if !off_by_default(call) => shape.commits_by_default = true,
            _ => {}
        }
    }
    shape.params = params;
    shape.handler_effect = handler_effect(file, scope.node).map(Arc::from);
    shape.unguarded_setup = unguarded_setup(file, scope.node).map(Arc::from);
    shape
}

/// The first statement of a manager's body between its first statement
/// (taking the connection) and the `try`/`with` that gives it back.
fn unguarded_setup<'t>(file: &PyFile<'t>, function: Node<'t>) -> Option<&'t str> {
    let body = function.child_by_field_name("body")?;
    let statements: Vec<Node<'t>> = body
        .named_children(&mut body.walk())
        .filter(|n| n.kind() != "comment")
        .filter(|n| {
            !(n.kind() == "expression_statement"
                && n.named_child(0).is_some_and(|c| c.kind() == "string"))
        })
        .collect();
    let guard = statements
        .iter()
        .position(|n| matches!(n.kind(), "try_statement" | "with_statement"));
    match guard {
        None => Some("no try"),
        Some(0 | 1) => None,
        Some(_) => Some(file.text_of(statements[1]).lines().next().unwrap_or("")),
    }
}

/// The first thing an `except` clause of `function` does beyond rolling
/// back and re-raising the exception it caught.
fn handler_effect(file: &PyFile<'_>, function: Node<'_>) -> Option<&'static str> {
    let body = function.child_by_field_name("body")?;
    let mut stack = vec![body];
    while let Some(n) = stack.pop() {
        if matches!(
            n.kind(),
            "function_definition" | "class_definition" | "lambda"
        ) {
            continue;
        }
        if n.kind() == "except_clause" {
            let block = n
                .named_children(&mut n.walk())
                .find(|c| c.kind() == "block")?;
            let mut reraises = false;
            for stmt in block.named_children(&mut block.walk()) {
                let text = file.text_of(stmt).trim();
                match stmt.kind() {
                    "raise_statement" if text == "raise" => reraises = true,
                    "raise_statement" => return Some("raises a different exception"),
                    "comment" | "pass_statement" => {}
                    "expression_statement" if text.ends_with(".rollback()") => {}
                    _ => {
                        let logs = ["log", "print", "exception(", "error(", "warning(", "sentry"]
                            .iter()
                            .any(|w| text.contains(w));
                        return Some(if logs {
                            "logs the exception"
                        } else {
                            "does more than roll back and re-raise"
                        });
                    }
                }
            }
            if !reraises {
                return Some("swallows the exception");
            }
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    None
}

/// The name of a function's `**kwargs` parameter.
fn kwargs_name<'t>(file: &PyFile<'t>, function: Node<'t>) -> Option<&'t str> {
    let params = function.child_by_field_name("parameters")?;
    let mut cursor = params.walk();
    let splat = params
        .named_children(&mut cursor)
        .find(|p| p.kind() == "dictionary_splat_pattern")?;
    let name = splat.named_child(0).filter(|n| n.kind() == "identifier")?;
    Some(file.text_of(name))
}

/// The keyword argument that `node` reads out of `**kwargs` (`kwargs`):
/// `kwargs.pop("db")`, `kwargs.get("db")`, `kwargs["db"]`; `**` for the
/// whole mapping.
fn kwargs_key<'t>(file: &PyFile<'t>, node: Node<'t>, kwargs: &str) -> Option<&'t str> {
    let is_kwargs = |n: Node<'_>| n.kind() == "identifier" && file.text_of(n) == kwargs;
    let key = |n: Option<Node<'t>>| {
        n.filter(|k| k.kind() == "string")
            .map(|k| file.text_of(k).trim_matches(|c| c == '"' || c == '\''))
    };
    match node.kind() {
        "identifier" if is_kwargs(node) => Some("**"),
        "subscript" if node.child_by_field_name("value").is_some_and(is_kwargs) => {
            key(node.child_by_field_name("subscript"))
        }
        "call" => {
            let f = node.child_by_field_name("function")?;
            let method = f.child_by_field_name("attribute").map(|a| file.text_of(a));
            if f.kind() != "attribute"
                || !f.child_by_field_name("object").is_some_and(is_kwargs)
                || !matches!(method, Some("pop" | "get"))
            {
                return None;
            }
            key(node.child_by_field_name("arguments")?.named_child(0))
        }
        _ => None,
    }
}

/// Whether a function's body cannot raise: only `pass`, docstrings, `...`,
/// and `return` of nothing, a name or a literal.
/// Whether `call`'s callee starts at a module name bound to alternatives
/// (`_connect(...)`, `driver.connect(...)`), not shadowed in `scope`.
pub(crate) fn calls_alternative(file: &PyFile<'_>, scope: u32, call: Node<'_>) -> bool {
    let mut f = call.child_by_field_name("function");
    while let Some(n) = f {
        match n.kind() {
            "identifier" => {
                let name = file.text_of(n);
                return matches!(
                    file.resolve_name(scope, name),
                    Sym::Global(_) | Sym::Unresolved(_)
                ) && file.has_alternatives(name);
            }
            "attribute" => f = n.child_by_field_name("object"),
            _ => return false,
        }
    }
    false
}

fn body_never_raises(function: Node<'_>) -> bool {
    let Some(body) = function.child_by_field_name("body") else {
        return false;
    };
    let simple = |n: Node<'_>| {
        matches!(
            n.kind(),
            "identifier" | "string" | "integer" | "float" | "true" | "false" | "none" | "ellipsis"
        )
    };
    let mut cursor = body.walk();
    let statements: Vec<Node<'_>> = body.named_children(&mut cursor).collect();
    statements.iter().all(|s| match s.kind() {
        "pass_statement" | "comment" => true,
        "expression_statement" => s.named_child(0).is_some_and(|e| {
            matches!(e.kind(), "string" | "ellipsis") && s.named_child_count() == 1
        }),
        "return_statement" => s.named_child(0).is_none_or(simple),
        _ => false,
    })
}
