//! The semantic model of one Python file: scopes, bindings, imports, calls,
//! and the symbolic value (`Sym`) of any expression.
//!
//! Built in one iterative walk of the tree (deep nesting cannot overflow the
//! stack) plus a pass over the recorded bindings. Python's scoping is
//! flow-insensitive here, as in the language: a name assigned anywhere in a
//! function is local to all of it unless declared `global`/`nonlocal`.

mod resolve;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use tree_sitter::{Node, Tree};

use crate::lang::python::sym::{CallHint, Sym};
use crate::lang::python::values::Env;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    Module,
    Class,
    Function,
    Lambda,
}

/// How a name got bound in a scope.
#[derive(Debug, Clone)]
pub enum Binding<'t> {
    /// `name = <expr>`
    Value(Node<'t>),
    /// `(.., name, ..) = <expr>`, element `index`.
    Item(Node<'t>, u32),
    /// `with <expr> as name`
    WithAs(Node<'t>),
    /// `with <expr> as (.., name, ..)`
    WithAsItem(Node<'t>, u32),
    /// `name: T` without a value.
    Annotated(Node<'t>),
    /// Parameter `index`.
    Param(u32),
    /// `import x`, `from m import x`.
    Import(Sym),
    /// `def name` / `class name`: the definition's qualified name.
    Def(Arc<str>),
    /// A loop target, `except ... as`, augmented assignment, ...
    Other,
}

#[derive(Debug, Clone)]
pub struct Param<'t> {
    pub name: Arc<str>,
    pub annotation: Option<Node<'t>>,
    pub node: Node<'t>,
}

#[derive(Debug)]
pub struct Scope<'t> {
    pub id: u32,
    pub kind: ScopeKind,
    pub node: Node<'t>,
    pub parent: Option<u32>,
    /// `app.db`, `app.db.Database`, `app.db.Database.get`, `app.db.f.<lambda>`.
    pub qualname: Arc<str>,
    /// The short name (`get`), or `<lambda>`/`<module>`.
    pub name: Arc<str>,
    /// For methods: the qualified name of the class.
    pub class: Option<Arc<str>>,
    pub is_async: bool,
    pub decorators: Vec<Node<'t>>,
    pub params: Vec<Param<'t>>,
    /// The first parameter is `self` (method) or `cls` (classmethod).
    pub self_kind: SelfKind,
    pub bindings: HashMap<Arc<str>, Vec<Binding<'t>>>,
    pub declared_global: HashSet<Arc<str>>,
    pub declared_nonlocal: HashSet<Arc<str>>,
    /// Expressions of `return` statements.
    pub returns: Vec<Node<'t>>,
    /// `yield` nodes.
    pub yields: Vec<Node<'t>>,
    pub calls: Vec<Node<'t>>,
    /// `obj.attr = value` and `obj[key] = value` targets and values.
    pub attr_assigns: Vec<(Node<'t>, Node<'t>)>,
    pub is_generator: bool,
    /// Computed: the symbolic values of each bound name.
    pub locals: HashMap<Arc<str>, Vec<Sym>>,
    pub param_annotations: Vec<Option<Sym>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelfKind {
    None,
    SelfParam,
    ClsParam,
}

/// One parsed Python file and its scopes.
pub struct PyFile<'t> {
    pub text: &'t str,
    pub tree: &'t Tree,
    pub module: Arc<str>,
    pub is_package: bool,
    pub star_imports: Vec<Arc<str>>,
    pub scopes: Vec<Scope<'t>>,
    pub comments: Vec<Node<'t>>,
    /// The first syntax error, if any.
    pub first_error: Option<Node<'t>>,
    /// Per scope, built on first use: see `ScopeIdents`.
    /// (No borrow of the tree inside a cell: that would make the model
    /// invariant in `'t`.)
    idents: Vec<std::cell::OnceCell<ScopeIdents>>,
    /// `(body start, body end, scope)` of every scope but the module, by
    /// start: `scope_of` in O(log scopes + depth) rather than a scan of all.
    bodies: Vec<(u32, u32, u32)>,
    /// Module names that a function assigns under `global` (`global db;
    /// db = Database(...)`): their value is the module's, not an import's.
    global_assigned: HashSet<Arc<str>>,
}

/// The names a scope's body mentions, built once so that the per-acquisition
/// questions (where is `conn` used, what aliases it) read an index instead of
/// walking the body again: a function with N acquisitions was N walks.
#[derive(Debug, Default)]
pub struct ScopeIdents {
    /// Each identifier of the body by text, in walk order, as its byte range
    /// (see `PyFile::identifier_at`), with whether it is inside a nested
    /// function, lambda or class.
    pub by_name: HashMap<Box<str>, Vec<(u32, u32, bool)>>,
    /// `left = right` between plain names, outside nested scopes, in walk order.
    pub copies: Vec<(Box<str>, Box<str>)>,
}

/// Names too deep to follow are unknown (attribute chains, nested calls).
const MAX_EXPR_DEPTH: usize = 64;

impl<'t> PyFile<'t> {
    /// The names the body of `scope` mentions (the whole module for scope 0).
    #[must_use]
    pub fn scope_idents(&self, scope: u32) -> Option<&ScopeIdents> {
        let cell = self.idents.get(scope as usize)?;
        Some(cell.get_or_init(|| {
            let mut out = ScopeIdents::default();
            let s = &self.scopes[scope as usize];
            let body = match s.kind {
                ScopeKind::Module => Some(s.node),
                _ => s.node.child_by_field_name("body"),
            };
            let Some(body) = body else { return out };
            let mut stack: Vec<(Node<'t>, bool)> = vec![(body, false)];
            while let Some((node, nested)) = stack.pop() {
                match node.kind() {
                    "function_definition" | "lambda" | "class_definition" => {
                        let mut cursor = node.walk();
                        for c in node.children(&mut cursor) {
                            stack.push((c, true));
                        }
                        continue;
                    }
                    "identifier" => {
                        let range = (node.start_byte() as u32, node.end_byte() as u32, nested);
                        match out.by_name.get_mut(self.text_of(node)) {
                            Some(list) => list.push(range),
                            None => {
                                out.by_name.insert(self.text_of(node).into(), vec![range]);
                            }
                        }
                        continue;
                    }
                    "assignment" if !nested => {
                        if let (Some(l), Some(r)) = (
                            node.child_by_field_name("left"),
                            node.child_by_field_name("right"),
                        ) {
                            if l.kind() == "identifier" && r.kind() == "identifier" {
                                out.copies
                                    .push((self.text_of(l).into(), self.text_of(r).into()));
                            }
                        }
                    }
                    _ => {}
                }
                let mut cursor = node.walk();
                for c in node.children(&mut cursor) {
                    stack.push((c, nested));
                }
            }
            out
        }))
    }

    /// The identifier at a byte range recorded by `scope_idents`.
    #[must_use]
    pub fn identifier_at(&self, start: u32, end: u32) -> Option<Node<'t>> {
        self.tree
            .root_node()
            .descendant_for_byte_range(start as usize, end as usize)
            .filter(|n| n.kind() == "identifier")
    }

    /// Builds the model; `module` is the file's dotted module name.
    #[must_use]
    pub fn build(text: &'t str, tree: &'t Tree, module: Arc<str>, is_package: bool) -> PyFile<'t> {
        let root = tree.root_node();
        let top = Scope::new(
            0,
            ScopeKind::Module,
            root,
            None,
            module.clone(),
            Arc::from("<module>"),
        );
        let mut file = PyFile {
            text,
            tree,
            module,
            is_package,
            star_imports: Vec::new(),
            scopes: vec![top],
            comments: Vec::new(),
            first_error: None,
            idents: Vec::new(),
            bodies: Vec::new(),
            global_assigned: HashSet::new(),
        };
        file.walk(root);
        file.global_assigned = file.scopes[1..]
            .iter()
            .flat_map(|s| {
                s.declared_global
                    .iter()
                    .filter(|n| s.bindings.contains_key(*n))
                    .cloned()
            })
            .collect();
        // Not from the walk, which sees named nodes only: a missing `)` or
        // `"` is anonymous, and the first error in the text is the one to show.
        file.first_error = first_error(root);
        file.compute_locals();
        file.idents = (0..file.scopes.len())
            .map(|_| std::cell::OnceCell::new())
            .collect();
        file.bodies = file.scopes[1..]
            .iter()
            .filter_map(|s| {
                let body = s.node.child_by_field_name("body")?;
                Some((body.start_byte() as u32, body.end_byte() as u32, s.id))
            })
            .collect();
        file.bodies.sort_unstable();
        file
    }

    #[must_use]
    pub fn text_of(&self, node: Node<'_>) -> &'t str {
        self.text.get(node.byte_range()).unwrap_or("")
    }

    fn new_scope(&mut self, kind: ScopeKind, node: Node<'t>, parent: u32, name: &str) -> u32 {
        let id = self.scopes.len() as u32;
        let parent_scope = &self.scopes[parent as usize];
        let qualname: Arc<str> = Arc::from(format!("{}.{name}", parent_scope.qualname));
        let mut scope = Scope::new(id, kind, node, Some(parent), qualname, Arc::from(name));
        if parent_scope.kind == ScopeKind::Class && kind == ScopeKind::Function {
            scope.class = Some(parent_scope.qualname.clone());
        }
        self.scopes.push(scope);
        id
    }

    fn bind(&mut self, scope: u32, name: &str, b: Binding<'t>) {
        self.scopes[scope as usize]
            .bindings
            .entry(Arc::from(name))
            .or_default()
            .push(b);
    }

    /// The scope that `yield`/`return` belong to: the current one, if it is a function.
    fn function_scope(&self, scope: u32) -> Option<u32> {
        matches!(
            self.scopes[scope as usize].kind,
            ScopeKind::Function | ScopeKind::Lambda
        )
        .then_some(scope)
    }

    fn walk(&mut self, root: Node<'t>) {
        let mut stack: Vec<(Node<'t>, u32)> = vec![(root, 0)];
        while let Some((node, scope)) = stack.pop() {
            match node.kind() {
                "function_definition" => {
                    let name = node
                        .child_by_field_name("name")
                        .map_or("<function>", |n| self.text_of(n));
                    let id = self.new_scope(ScopeKind::Function, node, scope, name);
                    let qual = self.scopes[id as usize].qualname.clone();
                    self.bind(scope, name, Binding::Def(qual));
                    self.setup_function(id, node);
                    // Decorators, defaults and annotations belong to the enclosing scope.
                    if let Some(params) = node.child_by_field_name("parameters") {
                        stack.push((params, scope));
                    }
                    if let Some(body) = node.child_by_field_name("body") {
                        stack.push((body, id));
                    }
                    continue;
                }
                "class_definition" => {
                    let name = node
                        .child_by_field_name("name")
                        .map_or("<class>", |n| self.text_of(n));
                    let id = self.new_scope(ScopeKind::Class, node, scope, name);
                    let qual = self.scopes[id as usize].qualname.clone();
                    self.bind(scope, name, Binding::Def(qual));
                    if let Some(parent) =
                        node.parent().filter(|p| p.kind() == "decorated_definition")
                    {
                        self.scopes[id as usize].decorators = decorators_of(parent);
                    }
                    if let Some(sup) = node.child_by_field_name("superclasses") {
                        stack.push((sup, scope));
                    }
                    if let Some(body) = node.child_by_field_name("body") {
                        stack.push((body, id));
                    }
                    continue;
                }
                "lambda" => {
                    let id = self.new_scope(ScopeKind::Lambda, node, scope, "<lambda>");
                    if let Some(params) = node.child_by_field_name("parameters") {
                        self.collect_params(id, params);
                    }
                    if let Some(body) = node.child_by_field_name("body") {
                        self.scopes[id as usize].returns.push(body);
                        stack.push((body, id));
                    }
                    continue;
                }
                "assignment" => self.record_assignment(node, scope),
                "augmented_assignment" => {
                    if let Some(left) = node.child_by_field_name("left") {
                        if left.kind() == "identifier" {
                            let name = self.text_of(left);
                            self.bind(scope, name, Binding::Other);
                        }
                    }
                }
                "named_expression" => {
                    if let (Some(name), Some(value)) = (
                        node.child_by_field_name("name"),
                        node.child_by_field_name("value"),
                    ) {
                        let n = self.text_of(name);
                        // A walrus in a comprehension binds in the enclosing function.
                        self.bind(scope, n, Binding::Value(value));
                    }
                }
                "for_statement" | "for_in_clause" => {
                    if let Some(left) = node.child_by_field_name("left") {
                        self.bind_pattern(scope, left, None, false);
                    }
                }
                "with_item" => {
                    if let Some(value) = node.child_by_field_name("value") {
                        if value.kind() == "as_pattern" {
                            let expr = value.named_child(0);
                            let target = value
                                .child_by_field_name("alias")
                                .and_then(|a| a.named_child(0));
                            if let (Some(expr), Some(target)) = (expr, target) {
                                self.bind_pattern(scope, target, Some(expr), true);
                            }
                        }
                    }
                }
                "except_clause" => {
                    if let Some(alias) = node.child_by_field_name("alias") {
                        if alias.kind() == "identifier" {
                            let n = self.text_of(alias);
                            self.bind(scope, n, Binding::Other);
                        }
                    }
                }
                "import_statement" | "import_from_statement" => self.record_import(node, scope),
                "global_statement" | "nonlocal_statement" => {
                    let global = node.kind() == "global_statement";
                    let mut cursor = node.walk();
                    let names: Vec<Arc<str>> = node
                        .named_children(&mut cursor)
                        .filter(|c| c.kind() == "identifier")
                        .map(|c| Arc::from(self.text_of(c)))
                        .collect();
                    let s = &mut self.scopes[scope as usize];
                    if global {
                        s.declared_global.extend(names);
                    } else {
                        s.declared_nonlocal.extend(names);
                    }
                }
                "return_statement" => {
                    if let (Some(f), Some(expr)) = (self.function_scope(scope), node.named_child(0))
                    {
                        self.scopes[f as usize].returns.push(expr);
                    }
                }
                "yield" => {
                    if let Some(f) = self.function_scope(scope) {
                        let s = &mut self.scopes[f as usize];
                        s.is_generator = true;
                        s.yields.push(node);
                    }
                }
                "call" => self.scopes[scope as usize].calls.push(node),
                "comment" => self.comments.push(node),
                _ => {}
            }
            // Children in reverse so they are visited in source order.
            // Children via a cursor (`Node::child(i)` is linear in `i`), reversed so
            // they are popped in source order.
            let first = stack.len();
            let mut cursor = node.walk();
            for c in node.children(&mut cursor) {
                stack.push((c, scope));
            }
            stack[first..].reverse();
        }
        // Calls were pushed in visiting order, which is source order; keep it explicit.
        for s in &mut self.scopes {
            s.calls.sort_by_key(Node::start_byte);
            s.returns.sort_by_key(Node::start_byte);
            s.yields.sort_by_key(Node::start_byte);
        }
    }

    fn setup_function(&mut self, id: u32, node: Node<'t>) {
        if let Some(parent) = node.parent().filter(|p| p.kind() == "decorated_definition") {
            self.scopes[id as usize].decorators = decorators_of(parent);
        }
        self.scopes[id as usize].is_async = has_async_keyword(node);
        if let Some(params) = node.child_by_field_name("parameters") {
            self.collect_params(id, params);
        }
        let s = &self.scopes[id as usize];
        if s.class.is_some() && !s.params.is_empty() {
            let decorated_static = s
                .decorators
                .iter()
                .any(|d| self.text_of(*d).trim_start_matches('@').trim() == "staticmethod");
            let decorated_class = s
                .decorators
                .iter()
                .any(|d| self.text_of(*d).trim_start_matches('@').trim() == "classmethod");
            let kind = if decorated_static {
                SelfKind::None
            } else if decorated_class {
                SelfKind::ClsParam
            } else {
                SelfKind::SelfParam
            };
            self.scopes[id as usize].self_kind = kind;
        }
    }

    fn collect_params(&mut self, id: u32, params: Node<'t>) {
        let mut cursor = params.walk();
        let children: Vec<Node<'t>> = params.named_children(&mut cursor).collect();
        for p in children {
            let (name_node, annotation) = match p.kind() {
                "identifier" => (Some(p), None),
                "typed_parameter" => (
                    p.named_child(0).filter(|n| n.kind() == "identifier"),
                    p.child_by_field_name("type"),
                ),
                "default_parameter" => (
                    p.child_by_field_name("name")
                        .filter(|n| n.kind() == "identifier"),
                    None,
                ),
                "typed_default_parameter" => {
                    (p.child_by_field_name("name"), p.child_by_field_name("type"))
                }
                // `*args`, `**kwargs`, `*`, `/`: bound, but not positional.
                "list_splat_pattern" | "dictionary_splat_pattern" => {
                    if let Some(n) = p.named_child(0).filter(|n| n.kind() == "identifier") {
                        let name = self.text_of(n);
                        self.bind(id, name, Binding::Other);
                    }
                    continue;
                }
                _ => continue,
            };
            let Some(name_node) = name_node else { continue };
            let name: Arc<str> = Arc::from(self.text_of(name_node));
            let index = self.scopes[id as usize].params.len() as u32;
            self.scopes[id as usize].params.push(Param {
                name: name.clone(),
                annotation,
                node: p,
            });
            self.bind(id, &name, Binding::Param(index));
        }
    }

    fn record_assignment(&mut self, node: Node<'t>, scope: u32) {
        // `a = b = value`: every target gets the innermost value.
        let mut value = node.child_by_field_name("right");
        while let Some(v) = value.filter(|v| v.kind() == "assignment") {
            value = v.child_by_field_name("right");
        }
        let Some(left) = node.child_by_field_name("left") else {
            return;
        };
        match value {
            Some(v) => self.bind_pattern(scope, left, Some(v), false),
            None => {
                // `name: T` — an annotation without a value.
                if let (Some(ty), "identifier") = (node.child_by_field_name("type"), left.kind()) {
                    let n = self.text_of(left);
                    self.bind(scope, n, Binding::Annotated(ty));
                }
            }
        }
    }

    /// Binds the names of an assignment target (`x`, `a, b`, `(cur, conn)`, `self.x`).
    fn bind_pattern(
        &mut self,
        scope: u32,
        target: Node<'t>,
        value: Option<Node<'t>>,
        with_as: bool,
    ) {
        match target.kind() {
            "identifier" => {
                let name = self.text_of(target);
                let b = match (value, with_as) {
                    (Some(v), false) => Binding::Value(v),
                    (Some(v), true) => Binding::WithAs(v),
                    (None, _) => Binding::Other,
                };
                self.bind(scope, name, b);
            }
            "pattern_list" | "tuple_pattern" | "list_pattern" | "tuple" | "list"
            | "expression_list" => {
                let mut cursor = target.walk();
                let items: Vec<Node<'t>> = target
                    .named_children(&mut cursor)
                    .filter(|c| c.kind() != "comment")
                    .collect();
                for (i, item) in items.into_iter().enumerate() {
                    match (item.kind(), value) {
                        ("identifier", Some(v)) => {
                            let name = self.text_of(item);
                            let b = if with_as {
                                Binding::WithAsItem(v, i as u32)
                            } else {
                                Binding::Item(v, i as u32)
                            };
                            self.bind(scope, name, b);
                        }
                        ("attribute", Some(v)) if !with_as => {
                            // `self.a, self.b = x, y`
                            if let Some(elem) = tuple_element(v, i) {
                                self.scopes[scope as usize].attr_assigns.push((item, elem));
                            }
                        }
                        _ => self.bind_pattern(scope, item, None, with_as),
                    }
                }
            }
            "attribute" | "subscript" => {
                if let Some(v) = value {
                    self.scopes[scope as usize].attr_assigns.push((target, v));
                }
            }
            "list_splat_pattern" | "parenthesized_expression" => {
                if let Some(inner) = target.named_child(0) {
                    self.bind_pattern(scope, inner, None, with_as);
                }
            }
            _ => {}
        }
    }

    fn record_import(&mut self, node: Node<'t>, scope: u32) {
        let text = self.text;
        let t = |n: Node<'_>| text.get(n.byte_range()).unwrap_or("");
        let mut cursor = node.walk();
        if node.kind() == "import_statement" {
            let names: Vec<Node<'t>> = node.children_by_field_name("name", &mut cursor).collect();
            for n in names {
                match n.kind() {
                    "dotted_name" => {
                        // `import a.b.c` binds `a`.
                        let full = t(n);
                        let first = full.split('.').next().unwrap_or(full).trim();
                        self.bind(scope, first, Binding::Import(Sym::global(first)));
                    }
                    "aliased_import" => {
                        if let (Some(name), Some(alias)) = (
                            n.child_by_field_name("name"),
                            n.child_by_field_name("alias"),
                        ) {
                            let q = normalize_dotted(t(name));
                            self.bind(scope, t(alias), Binding::Import(Sym::global(&q)));
                        }
                    }
                    _ => {}
                }
            }
            return;
        }
        // from M import a, b as c / from . import x / from M import *
        let Some(module_node) = node.child_by_field_name("module_name") else {
            return;
        };
        let Some(base) = self.resolve_module(module_node) else {
            return;
        };
        let names: Vec<Node<'t>> = node.children_by_field_name("name", &mut cursor).collect();
        let mut wildcard = false;
        let mut c2 = node.walk();
        for ch in node.named_children(&mut c2) {
            if ch.kind() == "wildcard_import" {
                wildcard = true;
            }
        }
        if wildcard {
            self.star_imports.push(Arc::from(base.as_str()));
        }
        for n in names {
            let (name, alias) = match n.kind() {
                "dotted_name" => (t(n), t(n)),
                "aliased_import" => match (
                    n.child_by_field_name("name"),
                    n.child_by_field_name("alias"),
                ) {
                    (Some(a), Some(b)) => (t(a), t(b)),
                    _ => continue,
                },
                _ => continue,
            };
            let q = if base.is_empty() {
                normalize_dotted(name)
            } else {
                format!("{base}.{}", normalize_dotted(name))
            };
            self.bind(scope, alias, Binding::Import(Sym::global(&q)));
        }
    }

    /// The absolute module of `from <module_node> import ...`.
    #[must_use]
    pub fn resolve_module(&self, module_node: Node<'_>) -> Option<String> {
        if module_node.kind() == "dotted_name" {
            return Some(normalize_dotted(self.text_of(module_node)));
        }
        // relative_import: import_prefix (dots) + optional dotted_name
        let text = self.text_of(module_node);
        let dots = text.chars().take_while(|c| *c == '.').count();
        let rest = normalize_dotted(text[dots..].trim());
        let mut parts: Vec<&str> = self.module.split('.').collect();
        // A module's package is its name minus the last part; a package is its own.
        let up = if self.is_package { dots - 1 } else { dots };
        if up > parts.len() {
            return None;
        }
        parts.truncate(parts.len() - up);
        let mut base = parts.join(".");
        if !rest.is_empty() {
            if !base.is_empty() {
                base.push('.');
            }
            base.push_str(&rest);
        }
        Some(base)
    }

    fn compute_locals(&mut self) {
        for id in 0..self.scopes.len() {
            let mut locals: HashMap<Arc<str>, Vec<Sym>> = HashMap::new();
            let bindings: Vec<(Arc<str>, Vec<Binding<'t>>)> = self.scopes[id]
                .bindings
                .iter()
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            let sid = id as u32;
            for (name, bs) in bindings {
                let mut syms = Vec::new();
                for b in bs {
                    match b {
                        Binding::Value(v) => self.value_syms(v, sid, &mut syms),
                        Binding::Item(v, i) => syms.push(match tuple_element(v, i as usize) {
                            Some(elem) => self.sym(elem, sid),
                            None => Sym::Item(Box::new(self.sym(v, sid)), i),
                        }),
                        Binding::WithAs(v) => syms.push(Sym::Enter(Box::new(self.sym(v, sid)))),
                        Binding::WithAsItem(v, i) => {
                            syms.push(Sym::Item(
                                Box::new(Sym::Enter(Box::new(self.sym(v, sid)))),
                                i,
                            ));
                        }
                        Binding::Annotated(t) => {
                            let ty = self.type_sym(t, sid);
                            if ty.is_informative() {
                                syms.push(Sym::Instance(Box::new(ty)));
                            }
                        }
                        Binding::Param(i) => {
                            let ann = self.scopes[id].params[i as usize].annotation;
                            if let Some(a) = ann {
                                let ty = self.type_sym(a, sid);
                                if ty.is_informative() {
                                    syms.push(Sym::Instance(Box::new(ty)));
                                }
                            }
                        }
                        Binding::Import(s) => syms.push(s),
                        Binding::Def(q) => syms.push(Sym::Global(q)),
                        Binding::Other => syms.push(Sym::Unknown),
                    }
                }
                locals.insert(name, syms);
            }
            let anns: Vec<Option<Sym>> = self.scopes[id]
                .params
                .iter()
                .map(|p| p.annotation)
                .collect::<Vec<_>>()
                .into_iter()
                .map(|a| a.map(|a| self.type_sym(a, sid)).filter(Sym::is_informative))
                .collect();
            let s = &mut self.scopes[id];
            s.locals = locals;
            s.param_annotations = anns;
        }
    }
}

impl<'t> Scope<'t> {
    fn new(
        id: u32,
        kind: ScopeKind,
        node: Node<'t>,
        parent: Option<u32>,
        qualname: Arc<str>,
        name: Arc<str>,
    ) -> Scope<'t> {
        Scope {
            id,
            kind,
            node,
            parent,
            qualname,
            name,
            class: None,
            is_async: false,
            decorators: Vec::new(),
            params: Vec::new(),
            self_kind: SelfKind::None,
            bindings: HashMap::new(),
            declared_global: HashSet::new(),
            declared_nonlocal: HashSet::new(),
            returns: Vec::new(),
            yields: Vec::new(),
            calls: Vec::new(),
            attr_assigns: Vec::new(),
            is_generator: false,
            locals: HashMap::new(),
            param_annotations: Vec::new(),
        }
    }

    #[must_use]
    pub fn is_function(&self) -> bool {
        self.kind == ScopeKind::Function
    }
}

/// Evaluation environment of one scope of a file.
pub struct ScopeEnv<'a, 't> {
    file: &'a PyFile<'t>,
    scope: u32,
}

impl Env for ScopeEnv<'_, '_> {
    fn local(&self, scope: u32, name: &str) -> &[Sym] {
        self.file
            .scopes
            .get(scope as usize)
            .and_then(|s| s.locals.get(name))
            .map_or(&[], Vec::as_slice)
    }
    fn param_annotation(&self, index: u32) -> Option<&Sym> {
        self.file.scopes[self.scope as usize]
            .param_annotations
            .get(index as usize)?
            .as_ref()
    }
    fn star_imports(&self) -> &[Arc<str>] {
        &self.file.star_imports
    }
}

fn decorators_of(decorated: Node<'_>) -> Vec<Node<'_>> {
    let mut cursor = decorated.walk();
    decorated
        .named_children(&mut cursor)
        .filter(|c| c.kind() == "decorator")
        .collect()
}

fn has_async_keyword(node: Node<'_>) -> bool {
    node.child(0).is_some_and(|c| c.kind() == "async")
}

/// Element `i` of a tuple-like value node, if it is one.
#[must_use]
pub fn tuple_element(node: Node<'_>, i: usize) -> Option<Node<'_>> {
    let mut n = node;
    while n.kind() == "parenthesized_expression" {
        n = n.named_child(0)?;
    }
    if matches!(n.kind(), "tuple" | "expression_list" | "list") {
        let mut cursor = n.walk();
        n.named_children(&mut cursor)
            .filter(|c| c.kind() != "comment")
            .nth(i)
    } else {
        None
    }
}

/// The contents of a plain string literal (no interpolation).
#[must_use]
pub fn string_literal(node: Node<'_>, text: &str) -> Option<String> {
    if node.kind() != "string" {
        return None;
    }
    let mut cursor = node.walk();
    let mut out = String::new();
    for c in node.named_children(&mut cursor) {
        match c.kind() {
            "string_content" => out.push_str(text.get(c.byte_range())?),
            "interpolation" => return None,
            _ => {}
        }
    }
    Some(out)
}

/// A string literal, or the literal scheme of a URL built at run time:
/// `"sqlite:///%s" % path`, `"postgresql://" + host`, `f"mysql://{user}@..."`,
/// `"postgresql://{}".format(host)` all give their text up to the first
/// substitution when that text already holds the `scheme://`.
fn url_literal(node: Node<'_>, text: &str) -> Option<String> {
    if let Some(s) = string_literal(node, text) {
        return Some(s);
    }
    let prefix = match node.kind() {
        "string" => {
            let mut cursor = node.walk();
            let mut out = String::new();
            for c in node.named_children(&mut cursor) {
                match c.kind() {
                    "string_content" => out.push_str(text.get(c.byte_range())?),
                    "interpolation" => break,
                    _ => {}
                }
            }
            out
        }
        "binary_operator" => {
            let op = node.child_by_field_name("operator")?;
            if !matches!(text.get(op.byte_range())?, "%" | "+") {
                return None;
            }
            let left = node.child_by_field_name("left")?;
            let s = url_literal(left, text)?;
            s.split('%').next().unwrap_or_default().to_owned()
        }
        "call" => {
            let f = node.child_by_field_name("function")?;
            if f.kind() != "attribute"
                || text.get(f.child_by_field_name("attribute")?.byte_range())? != "format"
            {
                return None;
            }
            let s = string_literal(f.child_by_field_name("object")?, text)?;
            s.split('{').next().unwrap_or_default().to_owned()
        }
        "parenthesized_expression" => return url_literal(node.named_child(0)?, text),
        _ => return None,
    };
    prefix.contains("://").then_some(prefix)
}

fn normalize_dotted(s: &str) -> String {
    s.split('.').map(str::trim).collect::<Vec<_>>().join(".")
}

/// The decorator's expression without arguments: `@app.get("/x")` → `app.get`.
#[must_use]
pub fn decorator_target(decorator: Node<'_>) -> Option<Node<'_>> {
    let mut n = decorator.named_child(0)?;
    if n.kind() == "call" {
        n = n.child_by_field_name("function")?;
    }
    Some(n)
}

/// The first error or missing node in document order, anonymous ones
/// included: descends into the first child that contains an error.
fn first_error(root: Node<'_>) -> Option<Node<'_>> {
    if !root.has_error() {
        return None;
    }
    let mut node = root;
    loop {
        if node.is_error() || node.is_missing() {
            return Some(node);
        }
        let mut cursor = node.walk();
        let next = node.children(&mut cursor).find(Node::has_error);
        match next {
            Some(child) => node = child,
            // `has_error` without an erroneous child: the node itself.
            None => return Some(node),
        }
    }
}

/// Whether `ident` is the name a parameter declares (not its default value
/// or annotation).
fn is_parameter_name(ident: Node<'_>) -> bool {
    let Some(parent) = ident.parent() else {
        return false;
    };
    match parent.kind() {
        "parameters" | "lambda_parameters" => true,
        "default_parameter" | "typed_default_parameter" => {
            parent.child_by_field_name("name") == Some(ident)
        }
        "typed_parameter" | "list_splat_pattern" | "dictionary_splat_pattern" => {
            parent.named_child(0) == Some(ident)
                && parent.parent().is_some_and(|g| {
                    matches!(
                        g.kind(),
                        "parameters" | "lambda_parameters" | "typed_parameter"
                    )
                })
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NESTING: &str = r#"
import psycopg2

conn = psycopg2.connect("dbname=app")


@register(lambda conn: conn)
def outer(conn, size=lambda: conn):
    def helper(conn):
        return conn.cursor()

    def reader():
        return conn.cursor()

    def swapper():
        nonlocal conn
        conn = None

    def global_user():
        global conn
        return conn

    class Repo:
        conn = None

        def rows(self):
            return conn.execute("SELECT 1")

        items = [conn for _ in range(3)]

    return lambda conn=conn: conn
"#;

    fn identifiers<'t>(node: Node<'t>, out: &mut Vec<Node<'t>>) {
        if node.kind() == "identifier" {
            out.push(node);
        }
        let mut cursor = node.walk();
        for child in node.children(&mut cursor) {
            identifiers(child, out);
        }
    }

    #[test]
    fn scope_of_is_the_innermost_scope_whose_body_holds_the_node() {
        let tree = crate::lang::python::parse(NESTING).unwrap();
        let file = PyFile::build(NESTING, &tree, Arc::from("m"), false);
        let mut idents = Vec::new();
        identifiers(tree.root_node(), &mut idents);
        assert!(idents.len() > 30, "{}", idents.len());
        for ident in idents {
            // The definition: the last scope in creation order whose body holds it.
            let mut expected = 0;
            for s in &file.scopes[1..] {
                if let Some(b) = s.node.child_by_field_name("body") {
                    if b.start_byte() <= ident.start_byte() && ident.end_byte() <= b.end_byte() {
                        expected = s.id;
                    }
                }
            }
            assert_eq!(
                file.scope_of(ident),
                expected,
                "{} at {:?}",
                file.text_of(ident),
                ident.start_position()
            );
        }
    }

    #[test]
    fn nested_mentions_follow_python_scoping() {
        let tree = crate::lang::python::parse(NESTING).unwrap();
        let file = PyFile::build(NESTING, &tree, Arc::from("m"), false);
        let outer = file.scopes.iter().find(|s| &*s.name == "outer").unwrap().id;
        // Every `conn` inside a function, lambda or class of `outer`'s body
        // (parameters included), by line (0-based), as seen from `outer`.
        let mut idents = Vec::new();
        identifiers(tree.root_node(), &mut idents);
        let body = file.scopes[outer as usize]
            .node
            .child_by_field_name("body")
            .unwrap();
        let seen: Vec<(usize, bool)> = idents
            .into_iter()
            .filter(|n| file.text_of(*n) == "conn" && body.byte_range().contains(&n.start_byte()))
            .filter(|n| is_parameter_name(*n) || file.scope_of(*n) != outer)
            .map(|n| {
                (
                    n.start_position().row,
                    file.refers_to_enclosing(outer, n, "conn"),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                (8, false),  // def helper(conn): its parameter
                (9, false),  // and its use
                (12, true),  // reader: a closure over outer's conn
                (15, true),  // nonlocal conn
                (16, true),  // conn = None under nonlocal
                (19, false), // global conn
                (20, false), // return conn under global
                (23, false), // the class body's own `conn`
                (26, true),  // a method sees outer's conn, not the class attribute
                // A comprehension in a class body skips the class in Python 3
                // and would see outer's conn; comprehensions are not scopes in
                // the model, so this reads as the class attribute.
                (28, false),
                (30, false), // lambda conn=conn: the parameter
                (30, false), // and its use (the default value is outer's, not nested)
            ],
        );
    }
}
