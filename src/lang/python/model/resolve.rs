//! Name resolution in a parsed file: the symbolic value of a name or an
//! expression in a scope, what an identifier refers to, the scope of a node.

#[allow(clippy::wildcard_imports)]
use super::*;

impl<'t> PyFile<'t> {
    /// The values an assignment can give: both arms of `a if c else b`.
    pub fn value_syms(&self, node: Node<'_>, scope: u32, out: &mut Vec<Sym>) {
        let mut stack = vec![node];
        let mut guard = 0;
        while let Some(n) = stack.pop() {
            guard += 1;
            if guard > 16 {
                break;
            }
            match n.kind() {
                "conditional_expression" => {
                    // a if cond else b: children are [a, cond, b]
                    if let Some(b) = n.named_child(2) {
                        stack.push(b);
                    }
                    if let Some(a) = n.named_child(0) {
                        stack.push(a);
                    }
                }
                "boolean_operator" => {
                    if let Some(r) = n.child_by_field_name("right") {
                        stack.push(r);
                    }
                    if let Some(l) = n.child_by_field_name("left") {
                        stack.push(l);
                    }
                }
                "parenthesized_expression" => {
                    if let Some(inner) = n.named_child(0) {
                        stack.push(inner);
                    }
                }
                _ => out.push(self.sym(n, scope)),
            }
        }
    }

    /// What a name means in `scope`.
    #[must_use]
    pub fn resolve_name(&self, scope: u32, name: &str) -> Sym {
        let current = &self.scopes[scope as usize];
        if current.kind != ScopeKind::Module && current.declared_global.contains(name) {
            return self.module_name_sym(name);
        }
        let mut s = scope;
        let mut first = true;
        loop {
            let sc = &self.scopes[s as usize];
            let bound = sc.bindings.contains_key(name)
                && !sc.declared_global.contains(name)
                && !sc.declared_nonlocal.contains(name);
            match sc.kind {
                ScopeKind::Module => return self.module_name_sym(name),
                // A class body's names are visible in the body itself, not in its methods.
                ScopeKind::Class if first && bound => {
                    return Sym::Global(Arc::from(format!("{}.{name}", sc.qualname)));
                }
                ScopeKind::Function | ScopeKind::Lambda if bound => {
                    if let Some(i) = sc.params.iter().position(|p| &*p.name == name) {
                        match (&sc.class, sc.self_kind, i) {
                            (Some(c), SelfKind::SelfParam, 0) => return Sym::SelfOf(c.clone()),
                            (Some(c), SelfKind::ClsParam, 0) => return Sym::Global(c.clone()),
                            _ if first => return Sym::Param(i as u32),
                            _ => {}
                        }
                    }
                    return Sym::Local(s, Arc::from(name));
                }
                ScopeKind::Class | ScopeKind::Function | ScopeKind::Lambda => {}
            }
            first = false;
            match sc.parent {
                Some(p) => s = p,
                None => return self.module_name_sym(name),
            }
        }
    }

    /// A module-level name bound to alternatives: imported from two places
    /// (`try: from psycopg2 import connect` / `except ImportError: from
    /// psycopg import connect`), or imported and also defined or assigned
    /// (a fallback `def connect(...)`). Which one runs depends on what is
    /// installed: a fix must not rely on either's `with` semantics.
    #[must_use]
    pub fn has_alternatives(&self, name: &str) -> bool {
        let Some(bs) = self.scopes[0].bindings.get(name) else {
            return false;
        };
        let imports: Vec<&Sym> = bs
            .iter()
            .filter_map(|b| match b {
                Binding::Import(s) => Some(s),
                _ => None,
            })
            .collect();
        let Some(first) = imports.first() else {
            return false;
        };
        imports.iter().any(|s| s != first)
            || bs
                .iter()
                .any(|b| matches!(b, Binding::Def(_) | Binding::Value(_)))
    }

    fn module_name_sym(&self, name: &str) -> Sym {
        let module = &self.scopes[0];
        if let Some(bs) = module.bindings.get(name) {
            // An import binding (the common case) names its target directly.
            if let Some(Binding::Import(s)) = bs.iter().find(|b| matches!(b, Binding::Import(_))) {
                // Ex) `from api import db` then `global db; db = Database(...)` in a function
                if bs
                    .iter()
                    .all(|b| matches!(b, Binding::Import(_) | Binding::Other))
                    && !self.global_assigned.contains(name)
                {
                    return s.clone();
                }
            }
            return Sym::Global(Arc::from(format!("{}.{name}", self.module)));
        }
        Sym::Unresolved(Arc::from(name))
    }

    /// The symbolic value of an expression in `scope`.
    #[must_use]
    pub fn sym(&self, node: Node<'_>, scope: u32) -> Sym {
        // Walk down the chain of calls/attributes iteratively, then build back up.
        let mut ops: Vec<Node<'_>> = Vec::new();
        let mut n = node;
        loop {
            if ops.len() > MAX_EXPR_DEPTH {
                return Sym::Unknown;
            }
            match n.kind() {
                "attribute" | "call" => {
                    ops.push(n);
                    let field = if n.kind() == "call" {
                        "function"
                    } else {
                        "object"
                    };
                    match n.child_by_field_name(field) {
                        Some(inner) => n = inner,
                        None => return Sym::Unknown,
                    }
                }
                "await" | "parenthesized_expression" => match n.named_child(0) {
                    Some(inner) => n = inner,
                    None => return Sym::Unknown,
                },
                _ => break,
            }
        }
        let mut sym = match n.kind() {
            "identifier" => self.resolve_name(scope, self.text_of(n)),
            "none" => Sym::None,
            "tuple" | "expression_list" if ops.is_empty() => {
                let mut cursor = n.walk();
                let items: Vec<Node<'_>> = n.named_children(&mut cursor).collect();
                if items.len() > 16 {
                    return Sym::Unknown;
                }
                return Sym::Tuple(
                    items
                        .into_iter()
                        .map(|i| self.sym_shallow(i, scope))
                        .collect(),
                );
            }
            "conditional_expression" | "boolean_operator" if ops.is_empty() => {
                let mut out = Vec::new();
                self.value_syms(n, scope, &mut out);
                return out
                    .into_iter()
                    .find(Sym::is_informative)
                    .unwrap_or(Sym::Unknown);
            }
            _ => Sym::Unknown,
        };
        for op in ops.into_iter().rev() {
            sym = if op.kind() == "attribute" {
                match op.child_by_field_name("attribute") {
                    Some(a) => Sym::Attr(Box::new(sym), Arc::from(self.text_of(a))),
                    None => Sym::Unknown,
                }
            } else {
                let hint = op
                    .child_by_field_name("arguments")
                    .and_then(|args| self.call_hint(args, scope));
                Sym::Call(Box::new(sym), hint.map(Box::new))
            };
        }
        sym
    }

    /// `sym` for an element of a tuple, without nested tuples.
    fn sym_shallow(&self, node: Node<'_>, scope: u32) -> Sym {
        if matches!(node.kind(), "tuple" | "expression_list") {
            Sym::Unknown
        } else {
            self.sym(node, scope)
        }
    }

    fn call_hint(&self, args: Node<'_>, scope: u32) -> Option<CallHint> {
        if args.kind() != "argument_list" {
            return None;
        }
        let mut hint = CallHint::default();
        let mut cursor = args.walk();
        let mut first = true;
        for a in args.named_children(&mut cursor) {
            match a.kind() {
                "keyword_argument" => {
                    let (Some(k), Some(v)) = (
                        a.child_by_field_name("name"),
                        a.child_by_field_name("value"),
                    ) else {
                        continue;
                    };
                    match self.text_of(k) {
                        "url" | "dsn" | "name_or_url" => {
                            if let Some(s) = url_literal(v, self.text) {
                                hint.url = Some(s);
                            }
                        }
                        "creator" => hint.creator = Some(self.sym(v, scope)),
                        _ => {}
                    }
                }
                "comment" => {}
                "list_splat" | "dictionary_splat" => first = false,
                _ => {
                    if first {
                        if let Some(s) = url_literal(a, self.text) {
                            hint.url = Some(s);
                        } else {
                            let s = self.sym(a, scope);
                            hint.creator = Some(s.clone());
                            hint.first_arg = Some(s);
                        }
                        if hint.first_arg.is_none() {
                            hint.first_arg = Some(Sym::Unknown);
                        }
                    }
                    first = false;
                }
            }
        }
        let empty = hint.url.is_none() && hint.creator.is_none() && hint.first_arg.is_none();
        (!empty).then_some(hint)
    }

    /// The type named by an annotation, unwrapping `Optional[T]`, `T | None`, `Annotated[T, ...]`.
    #[must_use]
    pub fn type_sym(&self, node: Node<'_>, scope: u32) -> Sym {
        let mut n = node;
        for _ in 0..8 {
            match n.kind() {
                "type" | "type_parameter" | "parenthesized_expression" => match n.named_child(0) {
                    Some(inner) => n = inner,
                    None => return Sym::Unknown,
                },
                "generic_type" | "subscript" => {
                    let base = n.named_child(0).map_or("", |b| self.text_of(b));
                    let last = base.rsplit('.').next().unwrap_or(base);
                    if matches!(last, "Optional" | "Annotated" | "Union") {
                        match n.named_child(1) {
                            Some(inner) => n = inner,
                            None => return Sym::Unknown,
                        }
                    } else {
                        return Sym::Unknown;
                    }
                }
                "binary_operator" => {
                    let left = n.child_by_field_name("left");
                    let right = n.child_by_field_name("right");
                    match (left, right) {
                        (Some(l), _) if l.kind() != "none" => n = l,
                        (_, Some(r)) => n = r,
                        _ => return Sym::Unknown,
                    }
                }
                "identifier" | "attribute" => return self.sym(n, scope),
                _ => return Sym::Unknown,
            }
        }
        Sym::Unknown
    }

    /// Whether `ident` (an identifier named `name` inside a function, lambda
    /// or class nested in `outer`) refers to `outer`'s variable, as Python
    /// resolves it: not when a scope in between binds the name itself (a
    /// parameter, an assignment) or declares it `global`. Class bodies are
    /// skipped for the functions inside them, as in Python.
    #[must_use]
    pub fn refers_to_enclosing(&self, outer: u32, ident: Node<'_>, name: &str) -> bool {
        if is_parameter_name(ident) {
            // The parameter of a nested function or lambda: its own variable.
            return false;
        }
        let innermost = self.scope_of(ident);
        let mut current = Some(innermost);
        // Bounded by the scope count even if a parent chain were cyclic.
        for _ in 0..self.scopes.len() {
            let Some(id) = current else { break };
            if id == outer {
                return true;
            }
            let Some(scope) = self.scopes.get(id as usize) else {
                break;
            };
            if scope.declared_global.contains(name) {
                return false;
            }
            let skipped = scope.kind == ScopeKind::Class && id != innermost;
            if !skipped
                && !scope.declared_nonlocal.contains(name)
                && scope.bindings.contains_key(name)
            {
                return false;
            }
            current = scope.parent;
        }
        // Not inside `outer` after all (a default value, a decorator): as before, a capture.
        true
    }

    /// The innermost scope that contains `node` (by byte range): the scope
    /// whose body starts last at or before `node`, or the first of its
    /// enclosing scopes whose body contains `node` (bodies nest or are
    /// disjoint, so the innermost container is on that chain).
    #[must_use]
    pub fn scope_of(&self, node: Node<'_>) -> u32 {
        let start = node.start_byte() as u32;
        let end = node.end_byte() as u32;
        let after = self.bodies.partition_point(|&(s, _, _)| s <= start);
        let Some(&(_, _, mut id)) = after.checked_sub(1).and_then(|i| self.bodies.get(i)) else {
            return 0;
        };
        // Bounded by the scope count even if a parent chain were cyclic.
        for _ in 0..self.scopes.len() {
            if id == 0 {
                return 0;
            }
            let Some(scope) = self.scopes.get(id as usize) else {
                return 0;
            };
            let contains = scope
                .node
                .child_by_field_name("body")
                .is_some_and(|b| b.start_byte() as u32 <= start && end <= b.end_byte() as u32);
            if contains {
                return id;
            }
            id = scope.parent.unwrap_or(0);
        }
        0
    }

    /// An evaluation environment for expressions of `scope`.
    #[must_use]
    pub fn env(&self, scope: u32) -> ScopeEnv<'_, 't> {
        ScopeEnv { file: self, scope }
    }
}
