//! The Rust front end (tree-sitter-rust): `use` resolution and declared
//! types (`names`), project facts for summaries (`facts`), and the per-file
//! scan of pools, guards, awaits and async contexts (`scan`).

pub mod facts;
pub mod names;
pub mod scan;

use std::cell::RefCell;
use std::path::{Component, Path};

use tree_sitter::{Node, Parser, Tree};

thread_local! {
    static PARSER: RefCell<Option<Parser>> = const { RefCell::new(None) };
}

/// Parses Rust source with this thread's parser (created once per thread).
#[must_use]
pub fn parse(text: &str) -> Option<Tree> {
    PARSER.with(|cell| {
        let mut slot = cell.borrow_mut();
        if slot.is_none() {
            let mut p = Parser::new();
            p.set_language(&tree_sitter_rust::LANGUAGE.into()).ok()?;
            *slot = Some(p);
        }
        slot.as_mut()?.parse(text, None)
    })
}

fn components(path: &Path) -> Vec<String> {
    path.components()
        .filter_map(|c| match c {
            Component::Normal(s) => s.to_str().map(str::to_owned),
            _ => None,
        })
        .collect()
}

/// Test code by path: `tests/`, `benches/`, `examples/` directories.
#[must_use]
pub fn is_test_path(path: &Path, root: &Path) -> bool {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let parts = components(rel);
    parts
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

#[must_use]
/// Named children of a node, in order (a cursor walk: linear, where
/// `named_child(i)` in a loop is quadratic).
pub fn named_children(node: Node<'_>) -> NamedChildren<'_> {
    NamedChildren {
        cursor: node.walk(),
        started: false,
        done: false,
    }
}

/// The iterator of [`named_children`].
pub struct NamedChildren<'t> {
    cursor: tree_sitter::TreeCursor<'t>,
    started: bool,
    done: bool,
}

impl<'t> Iterator for NamedChildren<'t> {
    type Item = Node<'t>;

    fn next(&mut self) -> Option<Node<'t>> {
        loop {
            if self.done {
                return None;
            }
            let moved = if self.started {
                self.cursor.goto_next_sibling()
            } else {
                self.started = true;
                self.cursor.goto_first_child()
            };
            if !moved {
                self.done = true;
                return None;
            }
            let n = self.cursor.node();
            if n.is_named() {
                return Some(n);
            }
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
                .child_by_field_name("arguments")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths() {
        let root = Path::new("/r");
        assert!(is_test_path(Path::new("/r/tests/api.rs"), root));
        assert!(is_test_path(Path::new("/r/crates/x/examples/a.rs"), root));
        assert!(!is_test_path(Path::new("/r/src/tests.rs"), root));
        assert!(is_startup_path(Path::new("/r/src/bin/migrate.rs"), root));
        assert!(is_startup_path(Path::new("/r/build.rs"), root));
        assert!(!is_startup_path(Path::new("/r/src/main.rs"), root));
    }
}
