//! The Rust front end (tree-sitter-rust): `use` resolution and declared
//! types (`names`), project facts for summaries (`facts`), and the per-file
//! scan of pools, guards, awaits and async contexts (`scan`).

pub mod context;
pub mod facts;
pub mod language;
pub mod names;
pub mod project;
pub mod scan;

use std::path::{Component, Path};

use tree_sitter::{Node, Tree};

/// Parses Rust source with this thread's parser (created once per thread).
#[must_use]
pub fn parse(text: &str) -> Option<Tree> {
    super::parse(crate::source::Lang::Rust, text)
}

fn components(path: &Path) -> Vec<String> {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str().map(str::to_owned),
            _ => None,
        })
        .collect()
}

/// Field ids of tree-sitter-rust, looked up once (`child_by_field_name`
/// compares strings on every call; this is on the hot path of every walk).
pub struct FieldIds {
    pub ty: u16,
    pub field: u16,
    pub function: u16,
    pub name: u16,
    pub body: u16,
    pub value: u16,
    pub arguments: u16,
    pub pattern: u16,
    pub path: u16,
    pub parameters: u16,
    pub alias: u16,
    pub type_arguments: u16,
    pub return_type: u16,
    pub list: u16,
    pub argument: u16,
    pub alternative: u16,
    pub right: u16,
    pub type_parameters: u16,
}

/// The field ids, resolved on first use.
pub static FIELD: std::sync::LazyLock<FieldIds> = std::sync::LazyLock::new(|| {
    let lang: tree_sitter::Language = tree_sitter_rust::LANGUAGE.into();
    let id = |n: &str| {
        lang.field_id_for_name(n)
            .map_or(u16::MAX, std::num::NonZero::get)
    };
    FieldIds {
        ty: id("type"),
        field: id("field"),
        function: id("function"),
        name: id("name"),
        body: id("body"),
        value: id("value"),
        arguments: id("arguments"),
        pattern: id("pattern"),
        path: id("path"),
        parameters: id("parameters"),
        alias: id("alias"),
        type_arguments: id("type_arguments"),
        return_type: id("return_type"),
        list: id("list"),
        argument: id("argument"),
        alternative: id("alternative"),
        right: id("right"),
        type_parameters: id("type_parameters"),
    }
});

/// Test code by path: `tests/`, `benches/`, `examples/` directories.
#[must_use]
pub fn is_test_path(path: &Path, root: &Path) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts = components(rel);
    // `src/x/tests.rs`: the file of a `#[cfg(test)] mod tests;` declared elsewhere.
    parts
        .last()
        .is_some_and(|f| matches!(f.as_str(), "tests.rs" | "test.rs" | "test_utils.rs"))
        || parts
            .iter()
            .rev()
            .skip(1)
            .any(|p| matches!(p.as_str(), "tests" | "benches" | "examples" | "fuzz"))
}

/// Start-up code by path: binaries under `src/bin/`, `build.rs`, migration crates.
#[must_use]
pub fn is_startup_path(path: &Path, root: &Path) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts = components(rel);
    if parts.last().is_some_and(|n| n == "build.rs") {
        return true;
    }
    parts.windows(2).any(|w| w[0] == "src" && w[1] == "bin")
        || parts
            .iter()
            .rev()
            .skip(1)
            .any(|p| p == "migration" || p == "migrations" || p == "bin")
}

/// The text of a node.
#[must_use]
pub fn text<'s>(node: Node<'_>, src: &'s str) -> &'s str {
    src.get(node.byte_range()).unwrap_or("")
}

/// Named children of a node, in order. Small nodes are indexed directly
/// (no allocation); large ones are walked with a cursor (`named_child(i)` in a
/// loop is quadratic in the number of children).
#[must_use]
pub fn named_children(node: Node<'_>) -> NamedChildren<'_> {
    let count = node.child_count();
    if count <= 12 {
        NamedChildren::Indexed {
            node,
            next: 0,
            count,
        }
    } else {
        NamedChildren::Cursor {
            cursor: node.walk(),
            started: false,
            done: false,
        }
    }
}

/// The iterator of [`named_children`].
pub enum NamedChildren<'t> {
    Indexed {
        node: Node<'t>,
        next: u32,
        count: u32,
    },
    Cursor {
        cursor: tree_sitter::TreeCursor<'t>,
        started: bool,
        done: bool,
    },
}

impl<'t> Iterator for NamedChildren<'t> {
    type Item = Node<'t>;

    fn next(&mut self) -> Option<Node<'t>> {
        match self {
            NamedChildren::Indexed { node, next, count } => {
                while *next < *count {
                    let c = node.child(*next);
                    *next += 1;
                    if let Some(c) = c.filter(Node::is_named) {
                        return Some(c);
                    }
                }
                None
            }
            NamedChildren::Cursor {
                cursor,
                started,
                done,
            } => loop {
                if *done {
                    return None;
                }
                let moved = if *started {
                    cursor.goto_next_sibling()
                } else {
                    *started = true;
                    cursor.goto_first_child()
                };
                if !moved {
                    *done = true;
                    return None;
                }
                let n = cursor.node();
                if n.is_named() {
                    return Some(n);
                }
            },
        }
    }
}

/// Whether an item's attributes (the `attribute_item`s just before it) include one of `names`
/// (matched on the whole path and on its last segment).
#[must_use]
pub fn attributes(node: Node<'_>, src: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut prev = node.prev_named_sibling();
    while let Some(p) = prev {
        if p.kind() != "attribute_item" {
            break;
        }
        if let Some(attr) = named_children(p).find(|c| c.kind() == "attribute") {
            let path = named_children(attr).next().map_or("", |c| text(c, src));
            let args = attr
                .child_by_field_id(crate::lang::rust::FIELD.arguments)
                .map_or("", |a| text(a, src));
            out.push(format!("{}{}", path.replace(' ', ""), args));
        }
        prev = p.prev_named_sibling();
    }
    out
}

/// The path of an attribute (`tokio::test` of `#[tokio::test(flavor = "multi_thread")]`).
#[must_use]
pub fn attribute_path(attr: &str) -> &str {
    attr.split('(').next().unwrap_or(attr)
}

/// The lines of the Rust statement around `offset`: a simple statement (`let`,
/// an expression statement without a block) whole; for one with a block (`if`,
/// `match`, a closure), its lines up to the finding's own line.
#[must_use]
pub fn statement_lines(
    source: &crate::source::SourceFile,
    root: tree_sitter::Node<'_>,
    offset: usize,
) -> (usize, usize) {
    let line = source.lines.line_of(offset as u32);
    let Some(mut node) = root.descendant_for_byte_range(offset, offset) else {
        return (line, line);
    };
    for _ in 0..512 {
        let is_statement = matches!(node.kind(), "let_declaration" | "expression_statement")
            || node.parent().is_some_and(|p| p.kind() == "block")
            || node.kind().ends_with("_item");
        if is_statement {
            let first = source.lines.line_of(node.start_byte() as u32).min(line);
            let mut cursor = node.walk();
            let compound = {
                let mut stack: Vec<tree_sitter::Node<'_>> = node.children(&mut cursor).collect();
                let mut found = false;
                while let Some(n) = stack.pop() {
                    if matches!(n.kind(), "block" | "declaration_list" | "match_block") {
                        found = true;
                        break;
                    }
                    let mut c = n.walk();
                    stack.extend(n.children(&mut c));
                }
                found
            };
            let last = if compound {
                line
            } else {
                source
                    .lines
                    .line_of(node.end_byte().saturating_sub(1) as u32)
                    .max(line)
            };
            return (first, last);
        }
        match node.parent() {
            Some(p) => node = p,
            None => break,
        }
    }
    (line, line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        let root = Path::new("/r");
        assert!(is_test_path(Path::new("/r/tests/api.rs"), root));
        assert!(is_test_path(Path::new("/r/crates/x/examples/a.rs"), root));
        assert!(is_test_path(Path::new("/r/src/batcher/tests.rs"), root));
        assert!(!is_test_path(Path::new("/r/src/testing_db.rs"), root));
        assert!(is_startup_path(Path::new("/r/src/bin/migrate.rs"), root));
        assert!(is_startup_path(Path::new("/r/build.rs"), root));
        assert!(!is_startup_path(Path::new("/r/src/main.rs"), root));
    }
}
