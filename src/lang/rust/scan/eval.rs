//! What an expression is to the scan: a pool, a guard, a transaction, a
//! connection, a pool configuration, a project struct.

use tree_sitter::Node;

#[allow(clippy::wildcard_imports)]
use super::*;

impl Scanner<'_> {
    /// What an expression is: a pool, a guard, a transaction, ...
    #[allow(clippy::too_many_lines)]
    pub(super) fn eval(&self, n: Node<'_>, b: &Body, depth: u32) -> Val {
        if depth > 24 {
            return Val::Unknown;
        }
        let cat = self.cat;
        match n.kind() {
            "parenthesized_expression"
            | "reference_expression"
            | "unary_expression"
            | "try_expression"
            | "await_expression" => named_children(n)
                .filter(|c| c.kind() != "mutable_specifier")
                .last()
                .map_or(Val::Unknown, |c| self.eval(c, b, depth + 1)),
            "identifier" => {
                let name = self.t(n);
                if let Some((_, v)) = b.env.iter().rev().find(|(k, _)| k == name) {
                    return v.clone();
                }
                class_val(self.project.static_class(cat, name).as_ref(), name)
            }
            "self" => b
                .env
                .iter()
                .rev()
                .find(|(k, _)| k == "self")
                .map_or(Val::Unknown, |(_, v)| v.clone()),
            "field_expression" => {
                let (Some(base), Some(field)) = (
                    n.child_by_field_id(crate::lang::rust::FIELD.value),
                    n.child_by_field_id(crate::lang::rust::FIELD.field),
                ) else {
                    return Val::Unknown;
                };
                let key = compact(self.t(n));
                let field = self.t(field);
                match self.eval(base, b, depth + 1) {
                    Val::Struct(s) => {
                        class_val(self.project.field_class(cat, &s, field).as_ref(), &key)
                    }
                    Val::Unknown => {
                        class_val(self.project.field_class_by_name(cat, field).as_ref(), &key)
                    }
                    _ => Val::Unknown,
                }
            }
            "call_expression" => {
                let Some(func) = n.child_by_field_id(crate::lang::rust::FIELD.function) else {
                    return Val::Unknown;
                };
                let func = super::calls::method_of_generic(func);
                let args = n.child_by_field_id(crate::lang::rust::FIELD.arguments);
                let first_arg = args.and_then(|a| named_children(a).next());
                if func.kind() == "field_expression" {
                    let (Some(recv), Some(m)) = (
                        func.child_by_field_id(crate::lang::rust::FIELD.value),
                        func.child_by_field_id(crate::lang::rust::FIELD.field),
                    ) else {
                        return Val::Unknown;
                    };
                    let m = self.t(m);
                    let rv = self.eval(recv, b, depth + 1);
                    if (TRANSPARENT_METHODS.contains(&m) || RESULT_METHODS.contains(&m))
                        && !matches!(rv, Val::Cell(_))
                    {
                        return rv;
                    }
                    match &rv {
                        Val::Cell(c) if cat.cell_methods.contains(m) => {
                            return class_val(Some(c), &pool_base_key(recv, self.src));
                        }
                        Val::Pool(pid, key) => {
                            let p = &cat.pools[*pid];
                            if p.acquire.iter().any(|a| a == m) {
                                return Val::Guard(*pid, key.clone(), false);
                            }
                            if p.begin.iter().any(|a| a == m) {
                                return Val::Guard(*pid, key.clone(), true);
                            }
                        }
                        Val::Guard(..) | Val::Conn | Val::Tx
                            if cat.transaction_methods.contains(m)
                                && !args.is_some_and(|a| {
                                    named_children(a).any(|c| c.kind() == "closure_expression")
                                }) =>
                        {
                            return Val::Tx;
                        }
                        Val::Config(pid, _)
                            if cat.pools[*pid].config_build.iter().any(|x| x == m) =>
                        {
                            return Val::Pool(*pid, String::new());
                        }
                        _ => {}
                    }
                    if m == "start" && self.t(recv).contains("build_transaction") {
                        return Val::Tx;
                    }
                    if let Some((pid, _)) = self.builder_chain(n) {
                        if cat.pools[pid].build.iter().any(|x| x == m) {
                            return Val::Pool(pid, String::new());
                        }
                    }
                    Val::Unknown
                } else {
                    let written = path_text(func, self.src);
                    let resolved = self.resolve_call(&written);
                    if let Some(pid) = cat.constructor(&resolved) {
                        return Val::Pool(pid, String::new());
                    }
                    if cat.connect(&resolved).is_some() {
                        return Val::Conn;
                    }
                    let last2: Vec<&str> = written.rsplit("::").take(2).collect();
                    let is_wrap = matches!(
                        last2.as_slice(),
                        ["new", "Arc" | "Rc" | "Box" | "Data" | "Mutex" | "RwLock"]
                            | ["clone", "Arc" | "Rc"]
                            | ["Some" | "Ok" | "Extension" | "State" | "Data"]
                            | ["from", "Data" | "Arc"]
                    );
                    if is_wrap {
                        return first_arg.map_or(Val::Unknown, |a| self.eval(a, b, depth + 1));
                    }
                    if let Some((owner, m)) = resolved.rsplit_once("::") {
                        if matches!(m, "new" | "default") {
                            if let Some(crate::catalog::rust::TypeClass::Config(pid)) =
                                cat.type_class(owner)
                            {
                                return Val::Config(pid, true);
                            }
                        }
                    }
                    if let Some(key) = self.project_key(&written) {
                        if let Some(ret) = self
                            .project
                            .resolve_fn(&key)
                            .and_then(|s| s.ret.clone())
                            .and_then(|t| self.project.classify(cat, &t))
                        {
                            let v = class_val(Some(&ret), &format!("{key}()"));
                            // A factory's pool is new at each call: no shared key.
                            return match v {
                                Val::Guard(pid, _, tx) => Val::Guard(pid, String::new(), tx),
                                other => other,
                            };
                        }
                    }
                    Val::Unknown
                }
            }
            "struct_expression" => {
                let Some(name) = n.child_by_field_id(crate::lang::rust::FIELD.name) else {
                    return Val::Unknown;
                };
                let written = path_text(name, self.src);
                let resolved = self.uses.resolve(&written);
                if let Some(crate::catalog::rust::TypeClass::Config(pid)) =
                    cat.type_class(&resolved)
                {
                    return Val::Config(pid, true);
                }
                let t = crate::lang::rust::names::TypeRef {
                    path: resolved,
                    args: Vec::new(),
                };
                if let Some(Class::Struct(s)) = self.project.classify(cat, &t) {
                    Val::Struct(s)
                } else {
                    Val::Unknown
                }
            }
            _ => Val::Unknown,
        }
    }
}

/// The value of a declared class, for a binding named `key`.
pub(super) fn class_val(c: Option<&Class>, key: &str) -> Val {
    match c {
        Some(Class::Pool(p)) => Val::Pool(*p, key.to_owned()),
        Some(Class::Guard(p)) => Val::Guard(*p, String::new(), false),
        Some(Class::Transaction(p)) => Val::Guard(*p, String::new(), true),
        Some(Class::Connection) => Val::Conn,
        Some(Class::Config(p)) => Val::Config(*p, false),
        Some(Class::Struct(s)) => Val::Struct(s.clone()),
        Some(Class::Cell(c)) => Val::Cell(c.clone()),
        None => Val::Unknown,
    }
}

/// The key of a static behind a cell (`POOL` of `POOL.get()`).
pub(super) fn pool_base_key(recv: Node<'_>, src: &str) -> String {
    let mut n = recv;
    loop {
        match n.kind() {
            "identifier" | "field_expression" | "self" => return compact(text(n, src)),
            "call_expression" => match n
                .child_by_field_id(crate::lang::rust::FIELD.function)
                .filter(|f| f.kind() == "field_expression")
                .and_then(|f| f.child_by_field_id(crate::lang::rust::FIELD.value))
            {
                Some(v) => n = v,
                None => return compact(text(n, src)),
            },
            _ => match named_children(n).last() {
                Some(c) => n = c,
                None => return compact(text(n, src)),
            },
        }
    }
}

pub(super) fn compact(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `x?`, `x.unwrap()`, `x.expect(..)`, `x.map_err(..)?` → `x` (`.await` is kept).
pub(super) fn strip_result<'t>(src: &str, n: Node<'t>) -> Node<'t> {
    let mut n = n;
    for _ in 0..16 {
        match n.kind() {
            "try_expression" | "parenthesized_expression" => match named_children(n).next() {
                Some(c) => n = c,
                None => return n,
            },
            "call_expression" => {
                let Some(f) = n.child_by_field_id(crate::lang::rust::FIELD.function) else {
                    return n;
                };
                if f.kind() != "field_expression" {
                    return n;
                }
                let is_result = f
                    .child_by_field_id(crate::lang::rust::FIELD.field)
                    .is_some_and(|m| RESULT_METHODS.contains(&text(m, src)));
                match (
                    is_result,
                    f.child_by_field_id(crate::lang::rust::FIELD.value),
                ) {
                    (true, Some(v)) => n = v,
                    _ => return n,
                }
            }
            _ => return n,
        }
    }
    n
}

/// `&mut pool.get()?` → `pool.get()?`.
pub(super) fn strip_ref(n: Node<'_>) -> Node<'_> {
    let n = strip_parens(n);
    if n.kind() == "reference_expression" {
        named_children(n)
            .filter(|c| c.kind() != "mutable_specifier")
            .last()
            .unwrap_or(n)
    } else {
        n
    }
}

/// `(x)` → `x`.
pub(super) fn strip_parens(n: Node<'_>) -> Node<'_> {
    let mut n = n;
    while n.kind() == "parenthesized_expression" {
        match named_children(n).next() {
            Some(c) => n = c,
            None => break,
        }
    }
    n
}

pub(super) fn strip_await(n: Node<'_>) -> Node<'_> {
    if n.kind() == "await_expression" {
        named_children(n).next().unwrap_or(n)
    } else {
        n
    }
}
