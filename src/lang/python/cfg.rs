//! The control-flow graph of one Python function.
//!
//! Nodes are statements (or the header of a compound statement: an `if`
//! condition, a `for` target and iterable, `with` items, a `match` subject);
//! edges are normal flow, the `True`/`False` branches of a condition, and
//! **exceptional** flow from every node whose code may raise to the innermost
//! `except` dispatch, `finally` or `with` exit, or the function's exceptional
//! exit.
//!
//! `finally` blocks and `with` exits run on every way out of their body:
//! falling through, `return`, `break`, `continue` and exceptions. Each way
//! gets its own copy of the block, whose end continues the way it came, so
//! the analysis never confuses an exception path with a normal one (the
//! classic "finally re-raises" precision). Copies are built lazily, only for
//! the ways a body actually takes.
//!
//! Whether a node *really* raises is the analysis's business (it depends on
//! the state: `cur.close()` raises only if `cur` may be unbound); the builder
//! adds an exceptional edge wherever the code has a call, an `await`, a
//! subscript, a `yield`, `raise` or `assert`.
//!
//! Building recurses over nested blocks with an explicit depth limit: a
//! function nested deeper than [`MAX_DEPTH`] blocks gives no graph.

use std::collections::HashMap;

use tree_sitter::Node;

pub type Id = u32;

/// Blocks nested deeper than this make the function unanalysable.
pub const MAX_DEPTH: u32 = 100;

/// Graphs larger than this are abandoned (pathological `finally` nesting).
pub const MAX_NODES: usize = 50_000;

/// Why a function has no graph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// Blocks nested deeper than [`MAX_DEPTH`].
    Depth,
    /// More than [`MAX_NODES`] nodes.
    Size,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edge {
    Normal,
    Exception,
    True,
    False,
}

#[derive(Debug, Clone, Copy)]
pub enum Kind<'t> {
    Entry,
    /// The normal exit (after `return` or the end of the body).
    Exit,
    /// The exceptional exit: an exception leaves the function.
    RaiseExit,
    /// A point where paths meet (loop exits, `except` dispatch, `finally` entries).
    Join,
    /// Falling off the end of the function body.
    End,
    /// A simple statement, or an expression evaluated for a compound one
    /// (a `match` subject).
    Stmt(Node<'t>),
    /// The header of a `for` (target and iterable) or `with` (items) statement.
    Header(Node<'t>),
    /// A branch condition; its successors are `True` and `False` edges.
    Cond(Node<'t>),
    /// The `__exit__` of a `with` statement.
    WithExit(Node<'t>),
}

#[derive(Debug, Clone)]
pub struct CfgNode<'t> {
    pub kind: Kind<'t>,
    pub succs: Vec<(Id, Edge)>,
}

#[derive(Debug)]
pub struct Cfg<'t> {
    pub nodes: Vec<CfgNode<'t>>,
    pub entry: Id,
    pub exit: Id,
    pub raise_exit: Id,
    /// The edges an exception takes past `except` handlers that may not
    /// match it: (dispatch, where it goes on, the handled classes' last
    /// names).
    pub unmatched: Vec<(Id, Id, Vec<String>)>,
}

impl<'t> Cfg<'t> {
    /// Builds the graph of a function's body (a `block` node), unless the
    /// function is too deeply nested or too large.
    pub fn build(body: Node<'t>, text: &'t str) -> Result<Cfg<'t>, Limit> {
        let mut b = Builder {
            text,
            nodes: Vec::new(),
            frames: Vec::new(),
            exit: 0,
            raise_exit: 0,
            depth: 0,
            failed: false,
            too_deep: false,
            unmatched: Vec::new(),
        };
        let entry = b.add(Kind::Entry);
        b.exit = b.add(Kind::Exit);
        b.raise_exit = b.add(Kind::RaiseExit);
        let ends = b.block(body, vec![(entry, Edge::Normal)]);
        let end = b.add(Kind::End);
        b.link(&ends, end);
        let exit = b.exit;
        b.link(&[(end, Edge::Normal)], exit);
        if b.too_deep {
            return Err(Limit::Depth);
        }
        if b.failed || b.nodes.len() > MAX_NODES {
            return Err(Limit::Size);
        }
        Ok(Cfg {
            nodes: b.nodes,
            entry,
            exit: b.exit,
            raise_exit: b.raise_exit,
            unmatched: b.unmatched,
        })
    }

    /// Predecessor lists, for backward questions.
    #[must_use]
    pub fn preds(&self) -> Vec<Vec<(Id, Edge)>> {
        let mut p = vec![Vec::new(); self.nodes.len()];
        for (i, n) in self.nodes.iter().enumerate() {
            for &(s, e) in &n.succs {
                p[s as usize].push((i as Id, e));
            }
        }
        p
    }

    /// Node ids in reverse post-order from the entry (unreachable nodes last).
    #[must_use]
    pub fn reverse_postorder(&self) -> Vec<Id> {
        let n = self.nodes.len();
        let mut seen = vec![false; n];
        let mut post = Vec::with_capacity(n);
        let mut stack: Vec<(Id, usize)> = vec![(self.entry, 0)];
        seen[self.entry as usize] = true;
        while let Some(&mut (node, ref mut i)) = stack.last_mut() {
            let succs = &self.nodes[node as usize].succs;
            if *i < succs.len() {
                let next = succs[*i].0;
                *i += 1;
                if !seen[next as usize] {
                    seen[next as usize] = true;
                    stack.push((next, 0));
                }
            } else {
                post.push(node);
                stack.pop();
            }
        }
        post.reverse();
        post
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Jump {
    Return,
    Break,
    Continue,
    Raise,
}

#[derive(Debug, Clone, Copy)]
enum Cleanup<'t> {
    /// The block of a `finally:` clause.
    Finally(Node<'t>),
    /// A `with` statement's exit.
    WithExit(Node<'t>),
}

enum Frame<'t> {
    Loop {
        head: Id,
        after: Id,
    },
    Handler {
        dispatch: Id,
    },
    Cleanup {
        body: Cleanup<'t>,
        cache: HashMap<Jump, Id>,
    },
}

struct Builder<'t> {
    text: &'t str,
    nodes: Vec<CfgNode<'t>>,
    frames: Vec<Frame<'t>>,
    exit: Id,
    raise_exit: Id,
    depth: u32,
    failed: bool,
    /// `failed` because blocks nest deeper than [`MAX_DEPTH`].
    too_deep: bool,
    unmatched: Vec<(Id, Id, Vec<String>)>,
}

type Ends = Vec<(Id, Edge)>;

impl<'t> Builder<'t> {
    fn add(&mut self, kind: Kind<'t>) -> Id {
        if self.nodes.len() > MAX_NODES {
            self.failed = true;
        }
        self.nodes.push(CfgNode {
            kind,
            succs: Vec::new(),
        });
        (self.nodes.len() - 1) as Id
    }

    fn link(&mut self, from: &[(Id, Edge)], to: Id) {
        for &(f, e) in from {
            let succs = &mut self.nodes[f as usize].succs;
            if !succs.contains(&(to, e)) {
                succs.push((to, e));
            }
        }
    }

    /// Adds an exceptional edge from `node` if `code` may raise.
    fn raises(&mut self, node: Id, code: Node<'t>) {
        if may_raise(code) {
            let target = self.route(Jump::Raise);
            self.link(&[(node, Edge::Exception)], target);
        }
    }

    fn block(&mut self, block: Node<'t>, mut ends: Ends) -> Ends {
        self.depth += 1;
        if self.depth > MAX_DEPTH || self.failed {
            self.too_deep |= self.depth > MAX_DEPTH;
            self.failed = true;
            self.depth -= 1;
            return Vec::new();
        }
        if block.kind() == "block" || block.kind() == "module" {
            let mut cursor = block.walk();
            let stmts: Vec<Node<'t>> = block.named_children(&mut cursor).collect();
            for s in stmts {
                if s.kind() == "comment" {
                    continue;
                }
                ends = self.stmt(s, ends);
            }
        } else {
            // A one-line body (`if x: return`) parses as the statement itself.
            ends = self.stmt(block, ends);
        }
        self.depth -= 1;
        ends
    }

    #[allow(clippy::too_many_lines)]
    fn stmt(&mut self, s: Node<'t>, ends: Ends) -> Ends {
        match s.kind() {
            "if_statement" => {
                let Some(cond) = s.child_by_field_name("condition") else {
                    return self.simple(s, &ends);
                };
                let c = self.add(Kind::Cond(cond));
                self.link(&ends, c);
                self.raises(c, cond);
                let mut out = match s.child_by_field_name("consequence") {
                    Some(body) => self.block(body, vec![(c, Edge::True)]),
                    None => vec![(c, Edge::True)],
                };
                let mut otherwise = vec![(c, Edge::False)];
                let mut cursor = s.walk();
                let alternatives: Vec<Node<'t>> = s
                    .children_by_field_name("alternative", &mut cursor)
                    .collect();
                for alt in alternatives {
                    match alt.kind() {
                        "elif_clause" => {
                            let Some(cond) = alt.child_by_field_name("condition") else {
                                continue;
                            };
                            let c2 = self.add(Kind::Cond(cond));
                            self.link(&otherwise, c2);
                            self.raises(c2, cond);
                            if let Some(body) = alt.child_by_field_name("consequence") {
                                out.extend(self.block(body, vec![(c2, Edge::True)]));
                            }
                            otherwise = vec![(c2, Edge::False)];
                        }
                        "else_clause" => {
                            if let Some(body) = alt.child_by_field_name("body") {
                                out.extend(self.block(body, otherwise));
                            }
                            otherwise = Vec::new();
                        }
                        _ => {}
                    }
                }
                out.extend(otherwise);
                out
            }
            "while_statement" => {
                let Some(cond) = s.child_by_field_name("condition") else {
                    return self.simple(s, &ends);
                };
                let head = self.add(Kind::Cond(cond));
                self.link(&ends, head);
                self.raises(head, cond);
                let after = self.add(Kind::Join);
                self.frames.push(Frame::Loop { head, after });
                let body_ends = match s.child_by_field_name("body") {
                    Some(body) => self.block(body, vec![(head, Edge::True)]),
                    None => vec![(head, Edge::True)],
                };
                self.frames.pop();
                self.link(&body_ends, head);
                let mut out = match s.child_by_field_name("alternative") {
                    Some(alt) => match alt.child_by_field_name("body") {
                        Some(b) => self.block(b, vec![(head, Edge::False)]),
                        None => vec![(head, Edge::False)],
                    },
                    None => vec![(head, Edge::False)],
                };
                out.push((after, Edge::Normal));
                out
            }
            "for_statement" => {
                let head = self.add(Kind::Header(s));
                self.link(&ends, head);
                if let Some(right) = s.child_by_field_name("right") {
                    self.raises(head, right);
                }
                let after = self.add(Kind::Join);
                self.frames.push(Frame::Loop { head, after });
                let body_ends = match s.child_by_field_name("body") {
                    Some(body) => self.block(body, vec![(head, Edge::Normal)]),
                    None => vec![(head, Edge::Normal)],
                };
                self.frames.pop();
                self.link(&body_ends, head);
                let mut out = match s.child_by_field_name("alternative") {
                    Some(alt) => match alt.child_by_field_name("body") {
                        Some(b) => self.block(b, vec![(head, Edge::Normal)]),
                        None => vec![(head, Edge::Normal)],
                    },
                    None => vec![(head, Edge::Normal)],
                };
                out.push((after, Edge::Normal));
                out
            }
            "try_statement" => self.try_stmt(s, ends),
            "with_statement" => {
                let head = self.add(Kind::Header(s));
                self.link(&ends, head);
                let mut cursor = s.walk();
                let clause = s.children(&mut cursor).find(|c| c.kind() == "with_clause");
                if let Some(clause) = clause {
                    self.raises(head, clause);
                }
                self.frames.push(Frame::Cleanup {
                    body: Cleanup::WithExit(s),
                    cache: HashMap::new(),
                });
                let body_ends = match s.child_by_field_name("body") {
                    Some(body) => self.block(body, vec![(head, Edge::Normal)]),
                    None => vec![(head, Edge::Normal)],
                };
                self.frames.pop();
                let x = self.add(Kind::WithExit(s));
                self.link(&body_ends, x);
                vec![(x, Edge::Normal)]
            }
            "match_statement" => {
                let Some(subject) = s.child_by_field_name("subject") else {
                    return self.simple(s, &ends);
                };
                let head = self.add(Kind::Stmt(subject));
                self.link(&ends, head);
                self.raises(head, subject);
                let mut out = vec![(head, Edge::Normal)];
                if let Some(body) = s.child_by_field_name("body") {
                    let mut cursor = body.walk();
                    let cases: Vec<Node<'t>> = body
                        .named_children(&mut cursor)
                        .filter(|c| c.kind() == "case_clause")
                        .collect();
                    for case in cases {
                        if let Some(cons) = case.child_by_field_name("consequence") {
                            out.extend(self.block(cons, vec![(head, Edge::Normal)]));
                        }
                    }
                }
                out
            }
            "return_statement" => {
                let n = self.add(Kind::Stmt(s));
                self.link(&ends, n);
                self.raises(n, s);
                let target = self.route(Jump::Return);
                self.link(&[(n, Edge::Normal)], target);
                Vec::new()
            }
            "raise_statement" => {
                let n = self.add(Kind::Stmt(s));
                self.link(&ends, n);
                let target = self.route(Jump::Raise);
                self.link(&[(n, Edge::Exception)], target);
                Vec::new()
            }
            "break_statement" | "continue_statement" => {
                let n = self.add(Kind::Stmt(s));
                self.link(&ends, n);
                let jump = if s.kind() == "break_statement" {
                    Jump::Break
                } else {
                    Jump::Continue
                };
                let target = self.route(jump);
                self.link(&[(n, Edge::Normal)], target);
                Vec::new()
            }
            "function_definition" | "class_definition" | "decorated_definition" => {
                // Defining is not running: the body is another scope.
                let n = self.add(Kind::Stmt(s));
                self.link(&ends, n);
                vec![(n, Edge::Normal)]
            }
            "pass_statement" | "global_statement" | "nonlocal_statement" | "comment" => ends,
            _ => self.simple(s, &ends),
        }
    }

    fn simple(&mut self, s: Node<'t>, ends: &[(Id, Edge)]) -> Ends {
        let n = self.add(Kind::Stmt(s));
        self.link(ends, n);
        if s.kind() == "assert_statement" {
            let target = self.route(Jump::Raise);
            self.link(&[(n, Edge::Exception)], target);
        } else {
            self.raises(n, s);
        }
        vec![(n, Edge::Normal)]
    }

    fn try_stmt(&mut self, s: Node<'t>, ends: Ends) -> Ends {
        let mut cursor = s.walk();
        let children: Vec<Node<'t>> = s.named_children(&mut cursor).collect();
        let finally = children
            .iter()
            .find(|c| c.kind() == "finally_clause")
            .and_then(|f| last_block(*f));
        if let Some(f) = finally {
            self.frames.push(Frame::Cleanup {
                body: Cleanup::Finally(f),
                cache: HashMap::new(),
            });
        }
        let handlers: Vec<Node<'t>> = children
            .iter()
            .copied()
            .filter(|c| matches!(c.kind(), "except_clause" | "except_group_clause"))
            .collect();
        let dispatch = self.add(Kind::Join);
        if !handlers.is_empty() {
            self.frames.push(Frame::Handler { dispatch });
        }
        let body_ends = match s.child_by_field_name("body") {
            Some(body) => self.block(body, ends),
            None => ends,
        };
        let mut out = Vec::new();
        if !handlers.is_empty() {
            self.frames.pop();
            let mut catch_all = false;
            for h in &handlers {
                let entry = self.add(Kind::Join);
                self.link(&[(dispatch, Edge::Normal)], entry);
                if let Some(b) = last_block(*h) {
                    out.extend(self.block(b, vec![(entry, Edge::Normal)]));
                } else {
                    out.push((entry, Edge::Normal));
                }
                catch_all |= catches_everything(*h, self.text);
            }
            if !catch_all {
                let outer = self.route(Jump::Raise);
                self.link(&[(dispatch, Edge::Normal)], outer);
                let classes = handlers
                    .iter()
                    .flat_map(|h| handled_classes(*h, self.text))
                    .collect();
                self.unmatched.push((dispatch, outer, classes));
            }
        }
        let else_ends = match children.iter().find(|c| c.kind() == "else_clause") {
            Some(e) => match e.child_by_field_name("body") {
                Some(b) => self.block(b, body_ends),
                None => body_ends,
            },
            None => body_ends,
        };
        out.extend(else_ends);
        if let Some(f) = finally {
            self.frames.pop();
            if out.is_empty() {
                return out;
            }
            let entry = self.add(Kind::Join);
            self.link(&out, entry);
            return self.block(f, vec![(entry, Edge::Normal)]);
        }
        out
    }

    /// Where a jump of `kind` from the current position goes.
    fn route(&mut self, jump: Jump) -> Id {
        for i in (0..self.frames.len()).rev() {
            match &self.frames[i] {
                Frame::Loop { head, after } => match jump {
                    Jump::Break => return *after,
                    Jump::Continue => return *head,
                    _ => {}
                },
                Frame::Handler { dispatch } => {
                    if jump == Jump::Raise {
                        return *dispatch;
                    }
                }
                Frame::Cleanup { .. } => return self.cleanup_entry(i, jump),
            }
        }
        match jump {
            Jump::Raise => self.raise_exit,
            _ => self.exit,
        }
    }

    /// The entry of the copy of cleanup frame `i` that continues with `jump`.
    fn cleanup_entry(&mut self, i: usize, jump: Jump) -> Id {
        let body = match &self.frames[i] {
            Frame::Cleanup { body, cache } => {
                if let Some(&id) = cache.get(&jump) {
                    return id;
                }
                *body
            }
            _ => return self.exit,
        };
        // Build the copy as code outside the frame: its own jumps go outward.
        let saved = self.frames.split_off(i);
        let target = self.route(jump);
        let edge = Edge::Normal;
        let entry = match body {
            Cleanup::Finally(block) => {
                let entry = self.add(Kind::Join);
                let ends = self.block(block, vec![(entry, Edge::Normal)]);
                self.link(&ends, target);
                entry
            }
            Cleanup::WithExit(with) => {
                let entry = self.add(Kind::WithExit(with));
                self.link(&[(entry, edge)], target);
                entry
            }
        };
        self.frames.extend(saved);
        if let Some(Frame::Cleanup { cache, .. }) = self.frames.get_mut(i) {
            cache.insert(jump, entry);
        }
        entry
    }
}

/// The block of a clause (`except ...:`, `finally:`): its last named child.
fn last_block(clause: Node<'_>) -> Option<Node<'_>> {
    let mut cursor = clause.walk();
    clause
        .named_children(&mut cursor)
        .filter(|c| c.kind() == "block")
        .last()
}

/// The last names of the classes an `except` clause names
/// (`except (OSError, ValueError) as e:` → `OSError`, `ValueError`).
fn handled_classes(handler: Node<'_>, text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cursor = handler.walk();
    let Some(first) = handler
        .named_children(&mut cursor)
        .find(|c| c.kind() != "block" && c.kind() != "comment")
    else {
        return out;
    };
    let mut stack = vec![first];
    while let Some(n) = stack.pop() {
        match n.kind() {
            "identifier" | "attribute" => {
                let name = text.get(n.byte_range()).unwrap_or("");
                out.push(name.rsplit('.').next().unwrap_or(name).to_owned());
            }
            // `except OSError as e:` (the alias is not a class)
            "as_pattern" => stack.extend(n.named_child(0)),
            "tuple" | "parenthesized_expression" => {
                let mut c = n.walk();
                stack.extend(n.named_children(&mut c));
            }
            _ => {}
        }
    }
    out
}

/// `except:`, `except Exception:`, `except BaseException:` (or a tuple holding one).
fn catches_everything(handler: Node<'_>, text: &str) -> bool {
    let mut cursor = handler.walk();
    let mut types = handler
        .named_children(&mut cursor)
        .filter(|c| c.kind() != "block" && c.kind() != "comment");
    let Some(first) = types.next() else {
        return true;
    };
    // `except Exception as e` parses as an `as_pattern` in some grammar versions.
    let ty = if first.kind() == "as_pattern" {
        first.named_child(0).unwrap_or(first)
    } else {
        first
    };
    let mut stack = vec![ty];
    while let Some(n) = stack.pop() {
        match n.kind() {
            "identifier" | "attribute" => {
                let name = text.get(n.byte_range()).unwrap_or("");
                let leaf = name.rsplit('.').next().unwrap_or(name);
                if leaf == "Exception" || leaf == "BaseException" {
                    return true;
                }
            }
            "tuple" | "parenthesized_expression" => {
                let mut c = n.walk();
                stack.extend(n.named_children(&mut c));
            }
            _ => {}
        }
    }
    false
}

/// Whether code may raise, syntactically: it has a call, an `await`, a
/// subscript, a `yield`, or is a `raise`/`assert`. Nested function, lambda
/// and class bodies do not run here and are not looked into.
#[must_use]
pub fn may_raise(code: Node<'_>) -> bool {
    let mut stack = vec![code];
    let mut steps = 0u32;
    while let Some(n) = stack.pop() {
        steps += 1;
        if steps > 100_000 {
            return true;
        }
        match n.kind() {
            "call" | "await" | "subscript" | "yield" | "raise_statement" | "assert_statement" => {
                return true;
            }
            "lambda" | "function_definition" | "class_definition" => continue,
            _ => {}
        }
        let mut cursor = n.walk();
        stack.extend(n.named_children(&mut cursor));
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph_of(src: &str, f: impl FnOnce(&Cfg<'_>, &str)) {
        let tree = crate::lang::python::parse(src).unwrap();
        let root = tree.root_node();
        let def = root.named_child(0).unwrap();
        let body = def.child_by_field_name("body").unwrap();
        let cfg = Cfg::build(body, src).unwrap();
        f(&cfg, src);
    }

    /// How many nodes run the statement whose text is `text`.
    fn copies(cfg: &Cfg<'_>, src: &str, text: &str) -> usize {
        cfg.nodes
            .iter()
            .filter(|n| matches!(n.kind, Kind::Stmt(s) if &src[s.byte_range()] == text))
            .count()
    }

    fn reaches(cfg: &Cfg<'_>, from: Id, to: Id) -> bool {
        let mut seen = vec![false; cfg.nodes.len()];
        let mut stack = vec![from];
        while let Some(n) = stack.pop() {
            if n == to {
                return true;
            }
            if std::mem::replace(&mut seen[n as usize], true) {
                continue;
            }
            stack.extend(cfg.nodes[n as usize].succs.iter().map(|s| s.0));
        }
        false
    }

    #[test]
    fn finally_is_copied_per_way_out() {
        let src = "def f(c):\n    try:\n        if c:\n            return 1\n        g()\n    finally:\n        done()\n";
        graph_of(src, |cfg, src| {
            // Fall-through, `return` and exception: three copies of the finally body.
            assert_eq!(copies(cfg, src, "done()"), 3);
            assert!(reaches(cfg, cfg.entry, cfg.exit));
            assert!(reaches(cfg, cfg.entry, cfg.raise_exit));
        });
    }

    #[test]
    fn catch_all_handler_stops_exceptions() {
        let src =
            "def f():\n    try:\n        g()\n    except Exception:\n        pass\n    return 1\n";
        graph_of(src, |cfg, _| {
            assert!(!reaches(cfg, cfg.entry, cfg.raise_exit));
        });
        let src =
            "def f():\n    try:\n        g()\n    except ValueError:\n        pass\n    return 1\n";
        graph_of(src, |cfg, _| {
            assert!(reaches(cfg, cfg.entry, cfg.raise_exit));
        });
    }

    #[test]
    fn break_in_try_runs_finally_then_leaves_the_loop() {
        let src = "def f(xs):\n    for x in xs:\n        try:\n            break\n        finally:\n            done()\n    after()\n";
        graph_of(src, |cfg, src| {
            // Only the `break` copy: the body neither falls through nor raises.
            assert_eq!(copies(cfg, src, "done()"), 1);
            let after = cfg
                .nodes
                .iter()
                .position(|n| matches!(n.kind, Kind::Stmt(s) if &src[s.byte_range()] == "after()"))
                .unwrap();
            assert!(reaches(cfg, cfg.entry, after as Id));
        });
    }

    #[test]
    fn too_deep_gives_no_graph() {
        let mut src = String::from("def f(q):\n");
        let mut indent = String::from("    ");
        for _ in 0..(MAX_DEPTH + 5) {
            src.push_str(&indent);
            src.push_str("if q:\n");
            indent.push(' ');
        }
        src.push_str(&indent);
        src.push_str("pass\n");
        let tree = crate::lang::python::parse(&src).unwrap();
        let def = tree.root_node().named_child(0).unwrap();
        let body = def.child_by_field_name("body").unwrap();
        assert_eq!(Cfg::build(body, &src).err(), Some(Limit::Depth));
    }
}
