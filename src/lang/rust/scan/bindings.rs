//! How the scan binds names to connections: parameters that hold one
//! (guards, transactions, wrappers, borrows), tuple results of project
//! helpers, and the values that are plain data rather than tied to a
//! connection (synchronous query results, awaits on a lock).

use tree_sitter::Node;

#[allow(clippy::wildcard_imports)]
use super::*;

/// The parameters of a function item typed as a generic executor: `impl
/// PgExecutor<'e>`, `impl Acquire<'_>`, or a type parameter bounded by one
/// (`E: Executor<'e, Database = Postgres>`, in the list or a `where` clause).
pub(super) fn executor_params(item: Node<'_>, src: &str) -> Vec<String> {
    let is_exec = |t: &str| t.contains("Executor") || t.contains("Acquire");
    let mut generic: Vec<&str> = Vec::new();
    let lists = item
        .child_by_field_id(crate::lang::rust::FIELD.type_parameters)
        .into_iter()
        .chain(named_children(item).filter(|c| c.kind() == "where_clause"));
    for list in lists {
        for p in named_children(list) {
            let t = text(p, src);
            if is_exec(t) {
                if let Some(name) = t.split([':', ' ']).find(|w| !w.is_empty()) {
                    generic.push(name);
                }
            }
        }
    }
    let Some(ps) = item.child_by_field_id(crate::lang::rust::FIELD.parameters) else {
        return Vec::new();
    };
    named_children(ps)
        .filter(|p| p.kind() == "parameter")
        .filter_map(|p| {
            let ty = text(p.child_by_field_id(crate::lang::rust::FIELD.ty)?, src);
            let name = pattern_name(p.child_by_field_id(crate::lang::rust::FIELD.pattern)?, src)?;
            let bare = ty.trim_start_matches('&').trim_start_matches("mut ").trim();
            (is_exec(ty) || generic.contains(&bare)).then(|| name.to_owned())
        })
        .collect()
}

/// `tokio::fs` calls that look a path up rather than move data.
const FS_LOOKUPS: &[&str] = &[
    "metadata",
    "symlink_metadata",
    "try_exists",
    "canonicalize",
    "read_dir",
    "create_dir",
    "create_dir_all",
    "remove_file",
    "remove_dir",
    "rename",
    "hard_link",
    "File::open",
    "File::create",
];

/// Synchronous query methods whose result is plain data, not tied to the
/// connection they ran on (diesel's `RunQueryDsl`, postgres, mysql).
pub(super) const QUERY_DATA_METHODS: &[&str] = &[
    "load",
    "get_result",
    "get_results",
    "first",
    "execute",
    "query",
    "query_one",
    "query_opt",
    "query_first",
    "exec_first",
    "query_map",
    "exec_map",
    "exec",
];

/// Methods of synchronous drivers that run a query on their receiver
/// (`mysql::prelude::Queryable`, `postgres::Client`).
pub(super) const SYNC_QUERY_METHODS: &[&str] = &[
    "query",
    "query_first",
    "query_drop",
    "query_map",
    "query_iter",
    "query_one",
    "query_opt",
    "exec",
    "exec_first",
    "exec_drop",
    "exec_map",
    "exec_iter",
    "exec_batch",
    "execute",
    "batch_execute",
];

/// diesel's `RunQueryDsl` methods: they run the query on the connection they are given.
pub(super) const DIESEL_RUN_METHODS: &[&str] =
    &["load", "get_result", "get_results", "first", "execute"];

impl Scanner<'_> {
    /// `let (tx, id) = begin_with_id(&pool).await?;`: the elements of a
    /// project function's tuple result, by its declared return type.
    pub(super) fn tuple_let(&mut self, pat: Node<'_>, v: Node<'_>, b: &mut Body, f: Frame) {
        let core = strip_result(self.src, strip_await(strip_result(self.src, v)));
        let ret = (core.kind() == "call_expression")
            .then(|| core.child_by_field_id(crate::lang::rust::FIELD.function))
            .flatten()
            .filter(|func| matches!(func.kind(), "identifier" | "scoped_identifier"))
            .and_then(|func| self.project_key(&path_text(func, self.src)))
            .and_then(|key| self.project.resolve_fn(&key))
            .and_then(|sig| sig.ret.clone());
        let mut ret = ret;
        while let Some(t) = ret.take() {
            if matches!(t.name(), "Result" | "Option") && !t.args.is_empty() {
                ret = t.args.into_iter().next();
                continue;
            }
            ret = Some(t);
            break;
        }
        // Every element, `_` included (it is not a named node).
        let mut cursor = pat.walk();
        let elems: Vec<Node<'_>> = pat
            .children(&mut cursor)
            .filter(|e| !matches!(e.kind(), "(" | ")" | ","))
            .collect();
        let types = ret
            .filter(|t| t.path == "()")
            .map(|t| t.args)
            .unwrap_or_default();
        // `(.., mut tx)`: the elements after a rest pattern count from the end.
        let rest_at = elems
            .iter()
            .position(|e| e.kind() == "remaining_field_pattern");
        for (k, e) in elems.iter().enumerate() {
            let i = match rest_at {
                Some(r) if k > r => (types.len() + k).saturating_sub(elems.len()),
                _ => k,
            };
            let Some(name) = pattern_name(*e, self.src) else {
                continue;
            };
            let class = types
                .get(i)
                .and_then(|t| self.project.classify(self.cat, t));
            let val = class_val(class.as_ref(), name);
            if let Val::Guard(pid, _, tx) = &val {
                b.live.push(Live::new(
                    name,
                    Some((*pid, String::new())),
                    *tx,
                    TextRange::of(strip_result(self.src, v)),
                    f.body,
                ));
            }
            b.env.push((name.to_owned(), val));
        }
    }

    /// Whether a value is the plain data a synchronous query returns
    /// (`users.find(id).first::<User>(conn)?`, `client.query(..)?`).
    pub(super) fn is_query_data(&self, v: Node<'_>) -> bool {
        let core = strip_result(self.src, v);
        if core.kind() != "call_expression" {
            return false;
        }
        let mut func = core.child_by_field_id(crate::lang::rust::FIELD.function);
        if let Some(g) = func.filter(|g| g.kind() == "generic_function") {
            func = g.child_by_field_id(crate::lang::rust::FIELD.function);
        }
        // `User::find(&mut conn, id)?`: a synchronous project function whose
        // declared result holds no pool, guard or connection.
        if let Some(f) = func.filter(|f| matches!(f.kind(), "identifier" | "scoped_identifier")) {
            return self
                .project_key(&path_text(f, self.src))
                .and_then(|key| self.project.resolve_fn(&key))
                .is_some_and(|sig| {
                    !sig.is_async
                        && sig
                            .ret
                            .as_ref()
                            .is_none_or(|t| !self.project.is_db_type(self.cat, t))
                });
        }
        let Some(m) = func
            .filter(|f| f.kind() == "field_expression")
            .and_then(|f| f.child_by_field_id(crate::lang::rust::FIELD.field))
            .map(|m| self.t(m))
        else {
            return false;
        };
        // diesel's `conn.transaction(|conn| { .. })` returns what its closure does.
        let closure_arg = || {
            core.child_by_field_id(crate::lang::rust::FIELD.arguments)
                .is_some_and(|a| named_children(a).any(|c| c.kind() == "closure_expression"))
        };
        QUERY_DATA_METHODS.contains(&m) || m == "transaction" && closure_arg()
    }

    /// Whether an awaited expression waits only on this process: a lock
    /// (`.lock()`, `.read()`, `.write()` without arguments), a `tokio::fs`
    /// lookup (`metadata`, `read_dir` and its `next_entry()`, `create_dir`).
    pub(super) fn is_local_wait(&self, operand: Node<'_>) -> bool {
        let core = strip_result(self.src, operand);
        if core.kind() != "call_expression" {
            return false;
        }
        let Some(func) = core.child_by_field_id(crate::lang::rust::FIELD.function) else {
            return false;
        };
        let no_args = core
            .child_by_field_id(crate::lang::rust::FIELD.arguments)
            .is_some_and(|a| a.named_child_count() == 0);
        match func.kind() {
            "field_expression" => {
                no_args
                    && func
                        .child_by_field_id(crate::lang::rust::FIELD.field)
                        .is_some_and(|m| {
                            matches!(self.t(m), "lock" | "read" | "write" | "next_entry")
                        })
            }
            // `tokio::fs::metadata(path).await`, `File::open(path).await`: a
            // file-system lookup, not a transfer (`tokio::fs::write` is one).
            "identifier" | "scoped_identifier" => {
                let written = path_text(func, self.src);
                let resolved = self.uses.resolve(&written);
                resolved
                    .strip_prefix("tokio::fs::")
                    .is_some_and(|rest| FS_LOOKUPS.contains(&rest))
            }
            _ => false,
        }
    }

    /// A parameter that holds a connection while the function runs: a guard,
    /// a transaction or a project struct around one taken by value, or a
    /// `&mut` borrow of a guard, transaction or connection.
    #[allow(clippy::too_many_arguments)]
    pub(super) fn param_live(
        &self,
        name: &str,
        val: &Val,
        by_value: bool,
        by_ref: bool,
        by_mut_ref: bool,
        p: Node<'_>,
        body: u32,
    ) -> Option<Live> {
        let acq = TextRange::of(p);
        let mut l = match val {
            // deadpool-postgres guards and tokio-postgres transactions run queries
            // through `&self`: a shared borrow holds them as well.
            Val::Guard(pid, _, tx) if by_value || by_ref => Live::new(
                name,
                Some((*pid, String::new())),
                *tx && by_value,
                acq,
                body,
            ),
            Val::Conn if by_mut_ref => Live::new(name, None, false, acq, body),
            Val::Struct(s) if by_value => {
                let pid = self.struct_guard(s)?;
                Live::new(name, Some((pid, String::new())), false, acq, body)
            }
            _ => return None,
        };
        l.borrowed = !by_value;
        // Passing a borrowed guard on (`.insert(transaction)`) reborrows it: the
        // caller's connection stays held until this function returns.
        l.pinned = l.borrowed;
        Some(l)
    }

    /// The pool of the guard or transaction a project struct holds in one of
    /// its fields (`struct DbConn(PoolConnection<Postgres>)`).
    pub(super) fn struct_guard(&self, s: &str) -> Option<usize> {
        self.project
            .struct_fields_classes(self.cat, s)
            .into_iter()
            .find_map(|c| match c {
                Class::Guard(pid) | Class::Transaction(pid) => Some(pid),
                _ => None,
            })
    }

    /// Whether a value with an `.await` in it stays tied to the connection it
    /// ran on: only when the awaited call itself is connection-bound (`let
    /// stream = client.query_raw(..).await?`, `let tx = conn.begin().await?`).
    /// `q.fetch(&mut *tx).try_collect().await?` and `Model::get(.., &mut *tx).await?`
    /// give plain data. A value without an `.await` is decided elsewhere.
    pub(super) fn awaited_stays_tied(&self, v: Node<'_>) -> bool {
        if !contains_kind(v, "await_expression") {
            return true;
        }
        let outer = strip_result(self.src, v);
        if outer.kind() != "await_expression" {
            return calls_any(v, CONNECTION_BOUND, self.src);
        }
        let core = strip_result(self.src, strip_await(outer));
        if core.kind() != "call_expression" {
            return false;
        }
        let Some(func) = core
            .child_by_field_id(crate::lang::rust::FIELD.function)
            .map(super::calls::method_of_generic)
        else {
            return false;
        };
        match func.kind() {
            "field_expression" => func
                .child_by_field_id(crate::lang::rust::FIELD.field)
                .is_some_and(|m| CONNECTION_BOUND.contains(&self.t(m))),
            // `open_events(&mut conn).await?` returning a `BoxStream` or an
            // `impl Stream`: the rows still come from the connection.
            "identifier" | "scoped_identifier" => self
                .project_key(&path_text(func, self.src))
                .and_then(|key| self.project.resolve_fn(&key))
                .and_then(|sig| sig.ret.as_ref())
                .is_some_and(|t| names_stream(t, 0)),
            _ => false,
        }
    }

    /// What an `.await` of this function waits on, for the summaries: a lock
    /// (nothing), a project function (its key, or `.method`), or anything else.
    pub(super) fn note_await(&self, n: Node<'_>, b: &mut Body) {
        let Some(operand) = named_children(n).next() else {
            return;
        };
        if self.is_local_wait(operand) {
            b.behaviour.local_await = true;
            return;
        }
        match self.await_callee(operand) {
            Some(c) => b.behaviour.awaited.push(c),
            None => b.behaviour.nonlocal_await = true,
        }
    }

    /// The project function an awaited expression calls: its key, or
    /// `.method` for a method called on something else than `self`.
    pub(super) fn await_callee(&self, operand: Node<'_>) -> Option<String> {
        let core = strip_result(self.src, operand);
        let func = (core.kind() == "call_expression")
            .then(|| core.child_by_field_id(crate::lang::rust::FIELD.function))
            .flatten()
            .map(super::calls::method_of_generic)?;
        match func.kind() {
            "field_expression" => {
                let m = self.t(func.child_by_field_id(crate::lang::rust::FIELD.field)?);
                let recv = func.child_by_field_id(crate::lang::rust::FIELD.value)?;
                if recv.kind() == "self" {
                    self.impl_type.as_ref().map(|t| format!("{t}::{m}"))
                } else {
                    Some(format!(".{m}"))
                }
            }
            "identifier" | "scoped_identifier" => self.project_key(&path_text(func, self.src)),
            _ => None,
        }
    }

    /// `pool.try_acquire()`, `pool.try_begin()` (awaited or not) bound as they
    /// are, without `?`/`unwrap()`: an `Option` of a checkout.
    pub(super) fn is_optional_checkout(&self, v: Node<'_>) -> bool {
        if strip_result(self.src, v).id() != v.id() {
            return false;
        }
        let core = strip_await(v);
        core.kind() == "call_expression"
            && core
                .child_by_field_id(crate::lang::rust::FIELD.function)
                .filter(|f| f.kind() == "field_expression")
                .and_then(|f| f.child_by_field_id(crate::lang::rust::FIELD.field))
                .is_some_and(|m| self.t(m).starts_with("try_"))
    }
}

/// Whether a declared type is (or wraps) a stream (`BoxStream<..>`,
/// `impl Stream<Item = ..>`, `Result<Pin<Box<dyn Stream ..>>>`).
fn names_stream(t: &crate::lang::rust::names::TypeRef, depth: u32) -> bool {
    depth < 8 && (t.name().ends_with("Stream") || t.args.iter().any(|a| names_stream(a, depth + 1)))
}
