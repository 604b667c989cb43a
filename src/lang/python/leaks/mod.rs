//! Path-sensitive leak analysis: a forward dataflow over a function's
//! control-flow graph, one run per acquisition bound to a local.
//!
//! The state of the tracked connection is a set of possibilities: not yet
//! acquired, *open*, *released*, *escaped* (returned, stored, handed to an
//! owner) and *none* (`conn = None`). Sets are joined where paths meet. Branch
//! conditions on the variable (`if conn:`, `if conn is not None:`, ...)
//! refine the set, so `finally: if conn: conn.close()` is understood.
//!
//! Next to the connection, the state records which *other* locals that are
//! the receivers of release calls (`cur.close()`) may still be unbound or
//! `None`: such a release raises (`UnboundLocalError`, `AttributeError`) and
//! skips what follows it in the `finally` — the usual way a connection leaks
//! from code that looks careful.
//!
//! A connection open at the normal exit leaks on a path (CL103), as does one
//! still open when its variable is assigned again; one open only at the
//! exceptional exit leaks on an exception (CL102).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use tree_sitter::Node;

use crate::lang::python::cfg::{Cfg, Edge, Id, Kind, Limit};
use crate::lang::python::model::ScopeKind;
use crate::lang::python::resources::{Acquisition, Escape, Fate, Finder, Use};

mod quiet;
mod state;
mod syntax;
mod wrapper;

use quiet::{closed_test, quiet_call};
use state::{FlagValue, State, add, find_flags, flag_value, joined};
use syntax::{assignments, in_except_handler};
pub use wrapper::WrapperLeak;

const UNACQ: u8 = 1;
const OPEN: u8 = 2;
const RELEASED: u8 = 4;
const ESCAPED: u8 = 8;
const NONE: u8 = 16;

/// At most this many receivers of release calls are followed per function.
const MAX_WATCHED: usize = 32;

/// Graph nodes one function's acquisitions may visit in all (about a second of
/// work): 1,000 acquisitions in a 6,000-node function fit, 5,000 do not.
const WORK_BUDGET: usize = 8_000_000;

/// Why the connections of a function were not followed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Skip {
    /// Blocks nested deeper than the graph builder follows.
    Nesting,
    /// A graph larger than the builder builds.
    Size,
    /// Following the rest of its connections would pass [`WORK_BUDGET`].
    Work,
}

/// How a tracked connection leaks.
#[derive(Debug, Clone)]
pub enum Leak<'t> {
    /// Open at a normal exit: a `return` statement, or the end of the function (`None`).
    OnPath { exit: Option<Node<'t>> },
    /// Open when its variable is assigned again (often the next loop iteration).
    Reassigned { at: Node<'t> },
    /// Open when an exception leaves the function: the statement that raises,
    /// the expression in it that may raise, and a receiver that may be unbound
    /// or `None` when that is why it raises.
    OnException {
        stmt: Node<'t>,
        raiser: Option<Node<'t>>,
        unbound: Option<Arc<str>>,
    },
}

/// One leak of one acquisition (an index into the file's acquisitions).
#[derive(Debug, Clone)]
pub struct LeakFinding<'t> {
    pub acquisition: usize,
    pub leak: Leak<'t>,
}

/// Analyses every acquisition bound to a local in a function. At most one
/// finding per acquisition: a leak on a path wins over one on an exception.
#[must_use]
pub fn analyse<'t>(finder: &Finder<'_, 't>, acquisitions: &[Acquisition<'t>]) -> LeakAnalysis<'t> {
    let mut cfgs: HashMap<u32, Option<Result<FunctionGraph<'t>, Skip>>> = HashMap::new();
    let mut work: HashMap<u32, usize> = HashMap::new();
    let mut out = Vec::new();
    let mut open = Vec::new();
    let mut skipped: Vec<(u32, Skip)> = Vec::new();
    for (i, acq) in acquisitions.iter().enumerate() {
        let Use::Local { name, .. } = &acq.use_ else {
            continue;
        };
        let scope = &finder.file.scopes[acq.scope as usize];
        if scope.kind != ScopeKind::Function {
            continue;
        }
        let graph = cfgs.entry(acq.scope).or_insert_with(|| {
            let body = scope.node.child_by_field_name("body")?;
            let graph = match Cfg::build(body, finder.file.text) {
                Ok(cfg) => Ok(FunctionGraph::new(finder, acq.scope, cfg)),
                Err(Limit::Depth) => Err(Skip::Nesting),
                Err(Limit::Size) => Err(Skip::Size),
            };
            if let Err(skip) = &graph {
                skipped.push((acq.scope, *skip));
            }
            Some(graph)
        });
        let Some(Ok(graph)) = graph.as_ref() else {
            continue;
        };
        // Each acquisition's run visits the whole graph: past the budget, the
        // rest of this function's acquisitions are not followed (CL101 still
        // reports them), so a generated function with thousands of
        // connections cannot make the run quadratic.
        let spent = work.entry(acq.scope).or_insert(0usize);
        if *spent > WORK_BUDGET {
            continue;
        }
        *spent += graph.cfg.nodes.len();
        if *spent > WORK_BUDGET {
            skipped.push((acq.scope, Skip::Work));
            continue;
        }
        let (leak, open_at) = graph.run(finder, acq, name);
        if let Some(leak) = leak {
            out.push(LeakFinding {
                acquisition: i,
                leak,
            });
        }
        if !open_at.is_empty() {
            open.push((i, open_at));
        }
    }
    LeakAnalysis {
        findings: out,
        skipped,
        open,
        wrappers: wrapper::analyse(finder, acquisitions),
    }
}

/// What the path-sensitive analysis found.
#[derive(Debug, Default)]
pub struct LeakAnalysis<'t> {
    /// At most one leak per acquisition.
    pub findings: Vec<LeakFinding<'t>>,
    /// Functions (scopes) whose connections were not followed, and why.
    pub skipped: Vec<(u32, Skip)>,
    /// Per acquisition (index): the code that runs while it may be open (the
    /// own code of each such statement or header), in source order.
    pub open: Vec<(usize, Vec<Node<'t>>)>,
    /// Connections a wrapper class keeps on `self` between `__enter__` and
    /// `__exit__` that an exception loses.
    pub wrappers: Vec<WrapperLeak<'t>>,
}

/// A function's graph and what is known of its nodes independently of the
/// tracked connection.
struct FunctionGraph<'t> {
    scope: u32,
    cfg: Cfg<'t>,
    order: Vec<Id>,
    /// Receivers of release calls that are locals (not parameters).
    watched: Vec<Arc<str>>,
    /// Per node: how it may raise.
    raises: Vec<Raising<'t>>,
    /// Per node: watched locals it assigns (`true`: assigned `None`).
    watch_assigns: Vec<Vec<(usize, bool)>>,
    /// Per node: the identifiers of its own code, in walk order, with their
    /// text and whether they are in a nested scope. Computed once, so each
    /// acquisition's run reads names instead of walking the syntax again (a
    /// function with N acquisitions was N walks of the whole body).
    idents: Vec<Vec<(&'t str, Node<'t>, bool)>>,
    /// Per node: its assignments (target text, target, value).
    assigns: Vec<Vec<(&'t str, Node<'t>, Option<Node<'t>>)>>,
    /// Per node: the byte ranges of its own code (`own_code`).
    code: Vec<Vec<(usize, usize)>>,
    /// Per node: a `return` statement.
    is_return: Vec<bool>,
    /// Locals used as boolean flags (`local = True`), see [`state`].
    flags: Vec<Arc<str>>,
    /// Per node: the flags it assigns, and the values.
    flag_assigns: Vec<Vec<(usize, FlagValue)>>,
}

#[derive(Debug, Clone, Default)]
struct Raising<'t> {
    /// The first expression that may raise whatever the state.
    always: Option<Node<'t>>,
    /// Release calls that raise only if their receiver (watched index) is unbound or `None`.
    receivers: Vec<(usize, Node<'t>)>,
    /// A `raise` statement outside any `except` handler: the code's own exit.
    explicit: bool,
    /// Inside an `except` handler (a re-raise, or an exception translated
    /// from the one caught).
    in_handler: bool,
    /// The only thing that may raise is a method call on this name
    /// (`f.write(...)`): what it raises is what its resource declares.
    typed_on: Option<&'t str>,
}

/// The code a node runs (not the nested blocks of a compound statement).
fn own_code<'t>(kind: &Kind<'t>) -> Vec<Node<'t>> {
    match *kind {
        Kind::Stmt(n) | Kind::Cond(n) => vec![n],
        Kind::Header(n) => match n.kind() {
            "for_statement" => [
                n.child_by_field_name("left"),
                n.child_by_field_name("right"),
            ]
            .into_iter()
            .flatten()
            .collect(),
            "with_statement" => {
                let mut cursor = n.walk();
                n.children(&mut cursor)
                    .filter(|c| c.kind() == "with_clause")
                    .collect()
            }
            _ => vec![n],
        },
        _ => Vec::new(),
    }
}

/// Nodes under `roots`, not descending into nested scopes (reported with `nested = true`).
fn walk<'t>(roots: &[Node<'t>], mut f: impl FnMut(Node<'t>, bool)) {
    let mut stack: Vec<(Node<'t>, bool)> = roots.iter().map(|r| (*r, false)).collect();
    while let Some((n, nested)) = stack.pop() {
        f(n, nested);
        let nested = nested
            || matches!(
                n.kind(),
                "lambda" | "function_definition" | "class_definition"
            );
        let mut cursor = n.walk();
        for c in n.children(&mut cursor) {
            stack.push((c, nested));
        }
    }
}

impl<'t> FunctionGraph<'t> {
    fn new(finder: &Finder<'_, 't>, scope: u32, cfg: Cfg<'t>) -> FunctionGraph<'t> {
        let file = finder.file;
        let s = &file.scopes[scope as usize];
        let params: HashSet<&str> = s.params.iter().map(|p| &*p.name).collect();
        // Receivers of release calls that are plain local names.
        let mut watched: Vec<Arc<str>> = Vec::new();
        for n in &cfg.nodes {
            walk(&own_code(&n.kind), |node, nested| {
                if nested || node.kind() != "call" {
                    return;
                }
                if let Some(r) = release_receiver(finder, node) {
                    let name = file.text_of(r);
                    if !params.contains(name)
                        && !s.declared_global.contains(name)
                        && s.bindings.contains_key(name)
                        && !watched.iter().any(|w| &**w == name)
                        && watched.len() < MAX_WATCHED
                    {
                        watched.push(Arc::from(name));
                    }
                }
            });
        }
        let mut raises = Vec::with_capacity(cfg.nodes.len());
        let mut watch_assigns = Vec::with_capacity(cfg.nodes.len());
        for n in &cfg.nodes {
            let code = own_code(&n.kind);
            let mut r = Raising::default();
            if let Kind::Stmt(s) = n.kind {
                if matches!(s.kind(), "raise_statement" | "assert_statement") {
                    r.always = Some(s);
                }
                r.in_handler = in_except_handler(s);
                r.explicit = s.kind() == "raise_statement" && !r.in_handler;
            }
            // Source order: the first raising expression is the one to name.
            let mut found: Vec<Node<'t>> = Vec::new();
            walk(&code, |node, nested| {
                if !nested
                    && node.is_named()
                    && matches!(node.kind(), "call" | "await" | "subscript" | "yield")
                    && !is_store_target(node)
                {
                    found.push(node);
                }
            });
            found.sort_by_key(|n| (n.start_byte(), std::cmp::Reverse(n.end_byte())));
            let mut sites: Vec<Node<'t>> = Vec::new();
            for node in found {
                match node.kind() {
                    "call" => {
                        if let Some(recv) = release_receiver(finder, node) {
                            let name = file.text_of(recv);
                            if let Some(w) = watched.iter().position(|x| &**x == name) {
                                r.receivers.push((w, node));
                            }
                            continue;
                        }
                        if release_call(finder, scope, node)
                            || quiet_call(file.text, node)
                            || context_var_call(finder, scope, node)
                            || never_raising_call(finder, scope, node)
                        {
                            continue;
                        }
                        r.always.get_or_insert(node);
                        sites.push(node);
                    }
                    "await" => {
                        // `await pool.release(conn)`: as quiet as the call it awaits.
                        let inner = node.named_child(0);
                        if inner.is_some_and(|c| {
                            c.kind() == "call"
                                && (release_call(finder, scope, c) || quiet_call(file.text, c))
                        }) {
                            continue;
                        }
                        r.always.get_or_insert(node);
                        sites.push(node);
                    }
                    _ => {
                        r.always.get_or_insert(node);
                        sites.push(node);
                    }
                }
            }
            r.typed_on = typed_receiver(file.text, r.always, &sites);
            raises.push(r);
            let mut assigns = Vec::new();
            for (target, value) in assignments(&n.kind) {
                let name = file.text_of(target);
                if let Some(w) = watched.iter().position(|x| &**x == name) {
                    assigns.push((w, value.is_some_and(|v| v.kind() == "none")));
                }
            }
            watch_assigns.push(assigns);
        }
        let mut idents = Vec::with_capacity(cfg.nodes.len());
        let mut assigns = Vec::with_capacity(cfg.nodes.len());
        for n in &cfg.nodes {
            let mut list = Vec::new();
            if !matches!(n.kind, Kind::WithExit(_)) {
                walk(&own_code(&n.kind), |node, nested| {
                    if node.kind() == "identifier" {
                        list.push((file.text_of(node), node, nested));
                    }
                });
            }
            idents.push(list);
            assigns.push(
                assignments(&n.kind)
                    .into_iter()
                    .map(|(target, value)| (file.text_of(target), target, value))
                    .collect(),
            );
        }
        let code = cfg
            .nodes
            .iter()
            .map(|n| {
                own_code(&n.kind)
                    .iter()
                    .map(|c| (c.start_byte(), c.end_byte()))
                    .collect()
            })
            .collect();
        let is_return = cfg
            .nodes
            .iter()
            .map(|n| matches!(n.kind, Kind::Stmt(s) if s.kind() == "return_statement"))
            .collect();
        let order = cfg.reverse_postorder();
        let param_names: Vec<&str> = params.iter().copied().collect();
        let flags = find_flags(file.text, &assigns, &param_names);
        let flag_assigns = assigns
            .iter()
            .map(|node: &Vec<(&str, Node<'t>, Option<Node<'t>>)>| {
                node.iter()
                    .filter_map(|&(name, _, value)| {
                        let i = flags.iter().position(|f| &**f == name)?;
                        Some((i, value.and_then(flag_value).unwrap_or(FlagValue::Unknown)))
                    })
                    .collect()
            })
            .collect();
        FunctionGraph {
            scope,
            cfg,
            order,
            watched,
            raises,
            watch_assigns,
            idents,
            assigns,
            code,
            is_return,
            flags,
            flag_assigns,
        }
    }

    /// Runs the analysis for one acquisition.
    fn run(
        &self,
        finder: &Finder<'_, 't>,
        acq: &Acquisition<'t>,
        name: &Arc<str>,
    ) -> (Option<Leak<'t>>, Vec<Node<'t>>) {
        let (leak, input) = self.solve(finder, acq, name);
        let mut open_at: Vec<Node<'t>> = Vec::new();
        for (id, state) in input.iter().enumerate() {
            if state.as_ref().is_some_and(|s| s.bits & OPEN != 0) {
                open_at.extend(own_code(&self.cfg.nodes[id].kind));
            }
        }
        open_at.sort_by_key(|n| (n.start_byte(), n.end_byte()));
        open_at.dedup_by_key(|n| n.id());
        (leak, open_at)
    }

    fn solve(
        &self,
        finder: &Finder<'_, 't>,
        acq: &Acquisition<'t>,
        name: &Arc<str>,
    ) -> (Option<Leak<'t>>, Vec<Option<State>>) {
        let file = finder.file;
        let tracked = aliases(finder, self.scope, name);
        // What each node does to the tracked connection.
        let events: Vec<Events<'t>> = self
            .cfg
            .nodes
            .iter()
            .enumerate()
            .map(|(id, n)| self.events(finder, id, &n.kind, acq, name, &tracked))
            .collect();
        let declared: Vec<Arc<str>> = finder
            .catalog
            .resource(acq.resource.def)
            .raises
            .iter()
            .map(|e| Arc::from(e.as_str()))
            .collect();
        self.solve_events(file.text, &events, UNACQ, &declared)
    }

    /// The states at each node, from `start` bits at the entry, given what
    /// each node does to the tracked connection; and the leak they show.
    fn solve_events(
        &self,
        text: &str,
        events: &[Events<'t>],
        start: u8,
        declared: &[Arc<str>],
    ) -> (Option<Leak<'t>>, Vec<Option<State>>) {
        let n = self.cfg.nodes.len();
        // Per node: one state per combination of flag values (see `state`).
        let mut sets: Vec<Vec<State>> = vec![Vec::new(); n];
        let all_unbound: u32 = if self.watched.len() >= 32 {
            u32::MAX
        } else {
            (1u32 << self.watched.len()) - 1
        };
        sets[self.cfg.entry as usize].push(State {
            bits: start,
            unbound: all_unbound,
            none: 0,
            raiser: None,
            explicit: None,
            exit_at: None,
            flags: 0,
        });
        let position: Vec<usize> = {
            let mut p = vec![usize::MAX; n];
            for (i, id) in self.order.iter().enumerate() {
                p[*id as usize] = i;
            }
            p
        };
        let mut queued = vec![false; n];
        let mut work: std::collections::BTreeSet<(usize, Id)> = std::collections::BTreeSet::new();
        work.insert((position[self.cfg.entry as usize], self.cfg.entry));
        queued[self.cfg.entry as usize] = true;
        let mut steps = 0u32;
        while let Some((_, id)) = work.pop_first() {
            queued[id as usize] = false;
            steps += 1;
            if steps > 200_000 {
                return (None, Vec::new());
            }
            let states = sets[id as usize].clone();
            for &(succ, edge) in &self.cfg.nodes[id as usize].succs {
                let mut changed = false;
                for state in &states {
                    let step = Step { id, succ, edge };
                    let Some(out) =
                        self.transfer(text, step, state, &events[id as usize], declared)
                    else {
                        continue;
                    };
                    changed |= add(&mut sets[succ as usize], out);
                }
                if changed && !queued[succ as usize] {
                    queued[succ as usize] = true;
                    work.insert((position[succ as usize], succ));
                }
            }
        }
        let input: Vec<Option<State>> = sets.iter().map(|set| joined(set)).collect();
        let leak = self.verdict(events, &input);
        (leak, input)
    }

    /// The leak, if any, read from the solved states.
    fn verdict(&self, events: &[Events<'t>], input: &[Option<State>]) -> Option<Leak<'t>> {
        // A reassignment while open, first in source order.
        let mut reassigned: Option<Node<'t>> = None;
        for (id, ev) in events.iter().enumerate() {
            let Some(state) = &input[id] else { continue };
            if state.bits & OPEN != 0 && ev.reassigns() {
                let at = ev.at;
                if let Some(at) = at {
                    if reassigned.is_none_or(|r| at.start_byte() < r.start_byte()) {
                        reassigned = Some(at);
                    }
                }
            }
        }
        if let Some(at) = reassigned {
            return Some(Leak::Reassigned { at });
        }
        if let Some(exit) = &input[self.cfg.exit as usize] {
            if exit.bits & OPEN != 0 {
                let at = exit
                    .exit_at
                    .and_then(|id| match self.cfg.nodes[id as usize].kind {
                        Kind::Stmt(s) => Some(s),
                        _ => None,
                    });
                return Some(Leak::OnPath { exit: at });
            }
        }
        if let Some(raise) = &input[self.cfg.raise_exit as usize] {
            if raise.bits & OPEN != 0 {
                // Ex) `raise HTTPException(401)` on a failed login: every one leaks,
                //     a likelier story than "if `conn.cursor()` raises"
                let id = raise.explicit.or(raise.raiser)?;
                let node = &self.cfg.nodes[id as usize];
                let (Kind::Stmt(stmt)
                | Kind::Cond(stmt)
                | Kind::Header(stmt)
                | Kind::WithExit(stmt)) = node.kind
                else {
                    return None;
                };
                let r = &self.raises[id as usize];
                let (raiser, unbound) = match r.always {
                    Some(a) => (Some(a), None),
                    None => match r.receivers.first() {
                        Some(&(w, call)) => (Some(call), Some(self.watched[w].clone())),
                        None => (None, None),
                    },
                };
                return Some(Leak::OnException {
                    stmt,
                    raiser,
                    unbound,
                });
            }
        }
        None
    }

    fn transfer(
        &self,
        text: &str,
        step: Step,
        state: &State,
        ev: &Events<'t>,
        declared: &[Arc<str>],
    ) -> Option<State> {
        let Step { id, succ, edge } = step;
        let mut s = state.clone();
        if edge == Edge::Exception {
            let r = &self.raises[id as usize];
            let feasible = r.always.is_some()
                || matches!(self.cfg.nodes[id as usize].kind, Kind::Stmt(n) if n.kind() == "raise_statement")
                || r.receivers.iter().any(|&(w, _)| {
                    (s.unbound | s.none) & (1 << w) != 0
                        && !ev.tracked.iter().any(|t| *t == self.watched[w])
                });
            if !feasible {
                return None;
            }
            // Nothing of the statement happened (its acquisition included).
            if s.bits & OPEN != 0 {
                // Ex) `except Exception as e: log(e); raise e`: the exception is
                //     the one the handler caught; its first raiser is the one to name
                if !(r.in_handler && s.raiser.is_some()) {
                    s.raiser = Some(id);
                }
                if r.explicit {
                    s.explicit = Some(id);
                }
            }
            // Ex) `f.write(...)` on the tracked file: it raises one of the
            //     resource's declared exceptions (`OSError`), nothing else
            let typed = !declared.is_empty()
                && r.typed_on
                    .is_some_and(|n| ev.tracked.iter().any(|t| &**t == n));
            s.set_in_flight(typed);
            return Some(s);
        }
        // Past handlers that catch every exception the resource declares,
        // an exception raised by its own methods goes no further.
        if s.in_flight()
            && self.cfg.unmatched.iter().any(|(d, outer, classes)| {
                *d == id && *outer == succ && declared.iter().all(|e| handles(classes, e))
            })
        {
            return None;
        }
        if ev.releases && s.bits & OPEN != 0 {
            s.bits = (s.bits & !OPEN) | RELEASED;
        }
        if ev.escapes && s.bits & OPEN != 0 {
            s.bits = (s.bits & !OPEN) | ESCAPED;
        }
        match ev.assign {
            Assign::Acquires => s.bits = OPEN,
            Assign::ToNone => s.bits = NONE,
            // Another value: this connection is no longer reachable through the name.
            Assign::ToOther => {
                if s.bits & OPEN != 0 {
                    s.bits = (s.bits & !OPEN) | ESCAPED;
                }
            }
            Assign::Nothing => {}
        }
        for &(i, v) in &self.flag_assigns[id as usize] {
            s.set_flag(i, v);
        }
        for &(w, is_none) in &self.watch_assigns[id as usize] {
            s.unbound &= !(1 << w);
            if is_none {
                s.none |= 1 << w;
            } else {
                s.none &= !(1 << w);
            }
        }
        if ev.is_return && s.bits & OPEN != 0 && s.exit_at.is_none() {
            s.exit_at = Some(id);
        }
        if matches!(edge, Edge::True | Edge::False) {
            if let Kind::Cond(c) = self.cfg.nodes[id as usize].kind {
                if !self.refine(text, c, edge == Edge::True, ev, &mut s) {
                    return None;
                }
            }
        }
        // Witnesses describe how an open connection got here; without one, none.
        if s.bits & OPEN == 0 {
            s.raiser = None;
            s.explicit = None;
            s.exit_at = None;
        }
        Some(s)
    }

    /// Narrows the state on a branch; `false` when the branch cannot be taken.
    fn refine(
        &self,
        text: &str,
        cond: Node<'_>,
        truth: bool,
        ev: &Events<'_>,
        s: &mut State,
    ) -> bool {
        self.refine_at(text, cond, truth, ev, s, 0)
    }

    /// `refine`, `depth` levels into the condition: deeper parts of a long
    /// `and` chain are not used (bounded recursion on any input).
    fn refine_at(
        &self,
        text: &str,
        cond: Node<'_>,
        truth: bool,
        ev: &Events<'_>,
        s: &mut State,
        depth: u32,
    ) -> bool {
        if depth > 64 {
            return true;
        }
        let tracked = &ev.tracked[..];
        // `conn.closed`, `conn.is_closed()`, `conn.closed == 0`: the driver's
        // own word that the connection is closed (the catalog's `closed`).
        if let Some(closed) = closed_test(text, cond, truth, ev) {
            if closed && s.bits & OPEN != 0 {
                s.bits = (s.bits & !OPEN) | RELEASED;
            }
            return s.bits != 0;
        }
        let name_of = |n: Node<'_>| text.get(n.byte_range()).unwrap_or("");
        match cond.kind() {
            "parenthesized_expression" => match cond.named_child(0) {
                Some(inner) => self.refine_at(text, inner, truth, ev, s, depth + 1),
                None => true,
            },
            "not_operator" => match cond.child_by_field_name("argument") {
                Some(inner) => self.refine_at(text, inner, !truth, ev, s, depth + 1),
                None => true,
            },
            "true" => truth,
            "false" => !truth,
            "boolean_operator" => {
                let op = cond
                    .child_by_field_name("operator")
                    .map_or("", |o| name_of(o));
                let (Some(l), Some(r)) = (
                    cond.child_by_field_name("left"),
                    cond.child_by_field_name("right"),
                ) else {
                    return true;
                };
                match (op, truth) {
                    ("and", true) | ("or", false) => {
                        self.refine_at(text, l, truth, ev, s, depth + 1)
                            && self.refine_at(text, r, truth, ev, s, depth + 1)
                    }
                    _ => true,
                }
            }
            "identifier" => {
                let name = name_of(cond);
                // `if local:` on a flag: only the paths where it has that value.
                if let Some(i) = self.flags.iter().position(|f| &**f == name) {
                    if !s.assume_flag(i, truth) {
                        return false;
                    }
                }
                self.test(name, truth, truth, tracked, s)
            }
            "comparison_operator" => {
                // `x is None`, `x is not None`, `x == None`, `x != None`
                let mut cursor = cond.walk();
                let parts: Vec<Node<'_>> = cond.children(&mut cursor).collect();
                if parts.len() < 3 {
                    return true;
                }
                let (left, right) = (parts[0], parts[parts.len() - 1]);
                let op: String = parts[1..parts.len() - 1]
                    .iter()
                    .map(|p| name_of(*p))
                    .collect::<Vec<_>>()
                    .join(" ");
                // `"conn" in dir()` (or `locals()`, `vars()`): whether the name is bound.
                if left.kind() == "string" && right.kind() == "call" {
                    let callee = right
                        .child_by_field_name("function")
                        .map_or("", |f| name_of(f));
                    let no_args = right
                        .child_by_field_name("arguments")
                        .is_some_and(|a| a.named_child_count() == 0);
                    let asks_bound = matches!(op.as_str(), "in" | "not in")
                        && no_args
                        && matches!(callee, "dir" | "locals" | "vars");
                    if asks_bound {
                        let name = name_of(left).trim_matches(|c| c == '"' || c == '\'');
                        let bound = (op == "in") == truth;
                        return self.bound(name, bound, tracked, s);
                    }
                }
                let subject = if right.kind() == "none" {
                    left
                } else if left.kind() == "none" {
                    right
                } else {
                    return true;
                };
                if subject.kind() != "identifier" {
                    return true;
                }
                let is_none = match op.as_str() {
                    "is" | "==" => truth,
                    "is not" | "!=" => !truth,
                    _ => return true,
                };
                // "is None" true: the value is None (falsy); false: not None.
                self.test(name_of(subject), !is_none, !is_none, tracked, s)
            }
            _ => true,
        }
    }

    /// Applies "`name` is bound" (`bound`) or "is not" to the state.
    fn bound(&self, name: &str, bound: bool, tracked: &[Arc<str>], s: &mut State) -> bool {
        if let Some(w) = self.watched.iter().position(|x| &**x == name) {
            if bound {
                s.unbound &= !(1 << w);
            }
        }
        if tracked.iter().any(|t| &**t == name) {
            if bound {
                s.bits &= !UNACQ;
            } else {
                s.bits &= UNACQ;
            }
            return s.bits != 0;
        }
        true
    }

    /// Applies "`name` is truthy" (`truthy`) to the state; `not_none` says the
    /// test also proves it is not `None`.
    fn test(
        &self,
        name: &str,
        truthy: bool,
        not_none: bool,
        tracked: &[Arc<str>],
        s: &mut State,
    ) -> bool {
        if let Some(w) = self.watched.iter().position(|x| &**x == name) {
            if truthy || not_none {
                s.unbound &= !(1 << w);
                s.none &= !(1 << w);
            }
        }
        if tracked.iter().any(|t| &**t == name) {
            if truthy {
                // A connection object is truthy; `None` is not; an unbound name raises.
                s.bits &= !(NONE | UNACQ);
            } else {
                s.bits &= NONE | UNACQ;
            }
            return s.bits != 0;
        }
        true
    }

    fn events(
        &self,
        finder: &Finder<'_, 't>,
        id: usize,
        kind: &Kind<'t>,
        acq: &Acquisition<'t>,
        primary: &str,
        tracked: &[Arc<str>],
    ) -> Events<'t> {
        let file = finder.file;
        let mut ev = Events {
            tracked: tracked.to_vec(),
            ..Events::default()
        };
        // Not for a pool's connection: a closed one never put back still
        // holds its slot (psycopg2's pool counts it as used).
        if matches!(kind, Kind::Cond(_)) && acq.resource.pool.is_none() {
            ev.closed = finder
                .catalog
                .resource(acq.resource.def)
                .closed
                .iter()
                .map(|c| Arc::from(c.as_str()))
                .collect();
        }
        if let Kind::WithExit(with) = *kind {
            // `with closing(conn):` / `with conn:` on a connection whose `with` closes.
            let mut fate = Fate::default();
            let mut cursor = with.walk();
            let clause: Vec<Node<'t>> = with
                .children(&mut cursor)
                .filter(|c| c.kind() == "with_clause")
                .collect();
            walk(&clause, |node, nested| {
                if !nested && node.kind() == "identifier" {
                    let t = file.text_of(node);
                    if tracked.iter().any(|x| &**x == t) {
                        finder.reference(self.scope, node, t, u32::MAX, &mut fate);
                    }
                }
            });
            ev.releases = fate.guarded.is_some();
            return ev;
        }
        let code = &self.code[id];
        if code.is_empty() {
            return ev;
        }
        let mut fate = Fate::default();
        let mut captured = false;
        for &(t, node, nested) in &self.idents[id] {
            if !tracked.iter().any(|x| &**x == t) {
                continue;
            }
            if nested {
                captured = captured || file.refers_to_enclosing(self.scope, node, t);
                continue;
            }
            finder.reference(self.scope, node, t, u32::MAX, &mut fate);
        }
        ev.releases = !fate.releases.is_empty();
        ev.escapes = captured
            || matches!(
                fate.escape,
                Some((
                    Escape::Returned
                        | Escape::Stored
                        | Escape::Owned
                        | Escape::Global
                        | Escape::Captured,
                    _
                ))
            );
        ev.is_return = self.is_return[id];
        let (start, end) = (acq.call.start_byte(), acq.call.end_byte());
        let acquires = code.iter().any(|&(s, e)| s <= start && end <= e);
        if acquires {
            ev.assign = Assign::Acquires;
            ev.at = Some(acq.call);
        }
        for &(target_text, target, value) in &self.assigns[id] {
            if target_text != primary || acquires {
                continue;
            }
            ev.at = Some(target.parent().unwrap_or(target));
            ev.assign = match value {
                Some(v) if v.kind() == "none" => Assign::ToNone,
                Some(v)
                    if v.kind() == "identifier"
                        && tracked.iter().any(|x| &**x == file.text_of(v)) =>
                {
                    Assign::Nothing
                }
                // `conn = conn.execution_options(...)`: the same connection back.
                Some(v) if is_fluent_on(finder, acq, v, tracked) => Assign::Nothing,
                _ => Assign::ToOther,
            };
        }
        ev
    }
}

/// `x.m(...)` (possibly awaited) where `x` is tracked and `m` returns the same
/// resource (the catalog's `fluent` methods).
fn is_fluent_on(
    finder: &Finder<'_, '_>,
    acq: &Acquisition<'_>,
    value: Node<'_>,
    tracked: &[Arc<str>],
) -> bool {
    let call = if value.kind() == "await" {
        match value.named_child(0) {
            Some(c) => c,
            None => return false,
        }
    } else {
        value
    };
    if call.kind() != "call" {
        return false;
    }
    let Some(f) = call
        .child_by_field_name("function")
        .filter(|f| f.kind() == "attribute")
    else {
        return false;
    };
    let (Some(object), Some(method)) = (
        f.child_by_field_name("object"),
        f.child_by_field_name("attribute"),
    ) else {
        return false;
    };
    let file = finder.file;
    object.kind() == "identifier"
        && tracked.iter().any(|t| &**t == file.text_of(object))
        && finder
            .catalog
            .resource(acq.resource.def)
            .fluent
            .iter()
            .any(|m| m == file.text_of(method))
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Assign {
    #[default]
    Nothing,
    Acquires,
    ToNone,
    ToOther,
}

#[derive(Debug, Clone, Default)]
struct Events<'t> {
    tracked: Vec<Arc<str>>,
    /// At a condition: the resource's closed-state predicates (`closed`,
    /// `is_closed()`), from the catalog.
    closed: Vec<Arc<str>>,
    releases: bool,
    escapes: bool,
    assign: Assign,
    /// The acquisition or assignment, for a reassignment label.
    at: Option<Node<'t>>,
    is_return: bool,
}

impl Events<'_> {
    /// Whether the node gives the tracked variable a new value.
    fn reassigns(&self) -> bool {
        matches!(
            self.assign,
            Assign::Acquires | Assign::ToNone | Assign::ToOther
        )
    }
}

/// Names that hold the same connection: `name` and its simple aliases (`c = conn`).
fn aliases(finder: &Finder<'_, '_>, scope: u32, name: &Arc<str>) -> Vec<Arc<str>> {
    let mut out = vec![name.clone()];
    let Some(idents) = finder.file.scope_idents(scope) else {
        return out;
    };
    for _ in 0..3 {
        let mut grew = false;
        for (l, r) in &idents.copies {
            if out.iter().any(|x| **x == **r) && !out.iter().any(|x| **x == **l) {
                out.push(Arc::from(&**l));
                grew = true;
            }
        }
        if !grew {
            break;
        }
    }
    out
}

/// For `x.close()`-style release calls on a plain name: `x`.
fn release_receiver<'t>(finder: &Finder<'_, 't>, call: Node<'t>) -> Option<Node<'t>> {
    let f = call.child_by_field_name("function")?;
    if f.kind() != "attribute" {
        return None;
    }
    let object = f.child_by_field_name("object")?;
    let method = finder.file.text_of(f.child_by_field_name("attribute")?);
    (object.kind() == "identifier" && finder.is_release_method(method)).then_some(object)
}

/// A call that releases something: a pool's put/release method or a project
/// or catalog releaser (`pool.putconn(conn)`, `release_connection(conn)`).
fn release_call(finder: &Finder<'_, '_>, scope: u32, call: Node<'_>) -> bool {
    let Some(f) = call.child_by_field_name("function") else {
        return false;
    };
    let leaf = match f.kind() {
        "attribute" => f
            .child_by_field_name("attribute")
            .map_or("", |a| finder.file.text_of(a)),
        "identifier" => finder.file.text_of(f),
        _ => return false,
    };
    if finder
        .catalog
        .pools
        .iter()
        .any(|p| p.release.iter().any(|r| r == leaf))
    {
        return true;
    }
    if finder.is_release_method(leaf) {
        return true;
    }
    if !finder.interesting.contains(leaf) && f.kind() == "attribute" {
        return false;
    }
    let Some(args) = call.child_by_field_name("arguments") else {
        return false;
    };
    if args.named_child_count() == 0 {
        return false;
    }
    // `pool.putconn(conn)`-style releasers, and `closing(conn)`, which only wraps.
    matches!(
        finder.passed_to(scope, call, Some(0), None),
        Use::Released | Use::With { .. }
    )
}

/// `d[k]` as the target of `d[k] = v`: a store, which a user never guards.
fn is_store_target(node: Node<'_>) -> bool {
    node.kind() == "subscript"
        && node.parent().is_some_and(|p| {
            p.kind() == "assignment"
                && p.child_by_field_name("left")
                    .is_some_and(|l| l.id() == node.id())
        })
}

/// `var.set(conn)` / `var.reset(token)` on a `contextvars.ContextVar`: they do
/// not raise (`token = var.set(conn)` before `try:` is the documented form).
fn context_var_call(finder: &Finder<'_, '_>, scope: u32, call: Node<'_>) -> bool {
    let Some(f) = call
        .child_by_field_name("function")
        .filter(|f| f.kind() == "attribute")
    else {
        return false;
    };
    let (Some(object), Some(method)) = (
        f.child_by_field_name("object"),
        f.child_by_field_name("attribute"),
    ) else {
        return false;
    };
    matches!(finder.file.text_of(method), "set" | "reset")
        && object.kind() == "identifier"
        && finder
            .bound_call_path(scope, finder.file.text_of(object))
            .is_some_and(|p| &*p == "contextvars.ContextVar")
}

/// One edge of the graph, from `id` to `succ`.
#[derive(Clone, Copy)]
struct Step {
    id: Id,
    succ: Id,
    edge: Edge,
}

/// Whether `except` clauses naming `classes` catch `exception`
/// (`IOError` and `EnvironmentError` are `OSError`).
fn handles(classes: &[String], exception: &str) -> bool {
    let os = |c: &str| matches!(c, "OSError" | "IOError" | "EnvironmentError");
    classes
        .iter()
        .any(|c| c == exception || (os(c) && os(exception)))
}

/// The name whose method call is the only thing `always` (with `sites`, all
/// the expressions of the node that may raise) can raise from:
/// `f.write(data)`, `await conn.close()`.
fn typed_receiver<'t>(
    text: &'t str,
    always: Option<Node<'t>>,
    sites: &[Node<'t>],
) -> Option<&'t str> {
    let always = always?;
    let call = if always.kind() == "await" {
        always.named_child(0)?
    } else {
        always
    };
    if call.kind() != "call"
        || !sites
            .iter()
            .all(|s| s.id() == always.id() || s.id() == call.id())
    {
        return None;
    }
    let f = call.child_by_field_name("function")?;
    let object = f
        .child_by_field_name("object")
        .filter(|_| f.kind() == "attribute")?;
    (object.kind() == "identifier").then(|| text.get(object.byte_range()).unwrap_or(""))
}

/// A call of a project function whose body cannot raise
/// (`def doesnt_raise(*args): pass`).
fn never_raising_call(finder: &Finder<'_, '_>, scope: u32, call: Node<'_>) -> bool {
    let plain = call
        .child_by_field_name("function")
        .is_some_and(|f| f.kind() == "identifier");
    plain
        && matches!(finder.callee_value(scope, call), crate::lang::python::values::Val::Function { qualname, .. }
        if finder.project.function(&qualname).is_some_and(|s| s.never_raises))
}
