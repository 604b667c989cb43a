//! Test code: which Python files belong to a test suite. A `conftest.py`, or
//! a file under a `tests/`, `test/` or `testing/` folder of the project, is
//! test code by its path alone. A file *named* like a test module
//! (`test_*.py`, `*_test.py`, `*_tests.py`, `tests.py`) is test code only when
//! its content confirms it: it imports a test framework, defines a `test*`
//! function (at module level or in a class), a `*TestCase` class or a pytest
//! fixture. Content alone never makes a file test code: a module that merely
//! imports `pytest` is not exempted from anything.
//!
//! This module decides; it never reports. The rules read the answer as
//! `PyContext::is_test`, the summaries as `ModuleFacts::is_test`.

use std::path::{Component, Path};

use tree_sitter::{Node, Tree};

/// What a Python file's path says about test code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestPath {
    /// Neither its name nor its folders look like a test suite's.
    No,
    /// Named like a test module: test code if its content is shaped like one.
    Name,
    /// A `conftest.py`, or under a test folder of the project: test code.
    Suite,
}

impl TestPath {
    /// Whether the file is test code, given its parse (read only for `Name`).
    #[must_use]
    pub fn confirm(self, tree: &Tree, text: &str) -> bool {
        match self {
            TestPath::No => false,
            TestPath::Suite => true,
            TestPath::Name => has_test_shape(tree.root_node(), text),
        }
    }

    /// Whether the file is test code, given its text: parsed only for `Name`.
    #[must_use]
    pub fn confirm_text(self, text: &str) -> bool {
        match self {
            TestPath::No => false,
            TestPath::Suite => true,
            TestPath::Name => {
                super::parse(text).is_some_and(|tree| has_test_shape(tree.root_node(), text))
            }
        }
    }
}

/// Folders whose files are test code.
const TEST_FOLDERS: &[&str] = &["tests", "test", "testing"];

/// Modules (and their submodules) that only test code imports.
const TEST_MODULES: &[&str] = &[
    "pytest",
    "unittest",
    "django.test",
    "asynctest",
    "hypothesis",
    "nose",
    "nose2",
];

/// How deep module-level `if`/`try`/`with` blocks are searched for imports
/// and definitions (`try: import pytest` / `except ImportError:`).
const MAX_BLOCK_DEPTH: u32 = 4;

/// What the path of a Python file says about test code. Folders count from
/// the project `root` down (a checkout under `~/test/` is not a test suite);
/// a file outside the root is judged by its whole path.
#[must_use]
pub fn test_path(path: &Path, root: &Path) -> TestPath {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if name == "conftest.py" {
        return TestPath::Suite;
    }
    let rel = path.strip_prefix(root).unwrap_or(path);
    let in_test_folder = rel.parent().is_some_and(|dir| {
        dir.components()
            .any(|c| matches!(c, Component::Normal(s) if TEST_FOLDERS.iter().any(|t| s == *t)))
    });
    if in_test_folder {
        return TestPath::Suite;
    }
    if name.starts_with("test_")
        || name.ends_with("_test.py")
        || name.ends_with("_tests.py")
        || name == "tests.py"
    {
        return TestPath::Name;
    }
    TestPath::No
}

/// Whether a module is shaped like a pytest or unittest module: it imports
/// a test framework, or defines a `test*` function at module level or in a
/// class, a class deriving from a `*TestCase`, or a pytest fixture.
#[must_use]
pub fn has_test_shape(module: Node<'_>, text: &str) -> bool {
    block_has_test_shape(module, text, 0)
}

/// Whether a statement of `block` (the module, or a module-level compound
/// statement's block) shows test structure.
fn block_has_test_shape(block: Node<'_>, text: &str, depth: u32) -> bool {
    let mut cursor = block.walk();
    let statements: Vec<Node<'_>> = block.named_children(&mut cursor).collect();
    statements
        .into_iter()
        .any(|s| statement_has_test_shape(s, text, depth))
}

fn statement_has_test_shape(stmt: Node<'_>, text: &str, depth: u32) -> bool {
    let src = |n: Node<'_>| n.utf8_text(text.as_bytes()).unwrap_or("");
    match stmt.kind() {
        // Ex) `import pytest`, `import unittest.mock as mock`
        "import_statement" => {
            let mut cursor = stmt.walk();
            let names: Vec<Node<'_>> = stmt.children_by_field_name("name", &mut cursor).collect();
            names.into_iter().any(|n| {
                let dotted = if n.kind() == "aliased_import" {
                    n.child_by_field_name("name").unwrap_or(n)
                } else {
                    n
                };
                is_test_module(src(dotted))
            })
        }
        // Ex) `from django.test import TestCase`, `from pytest import fixture`
        "import_from_statement" => stmt
            .child_by_field_name("module_name")
            .is_some_and(|m| m.kind() == "dotted_name" && is_test_module(src(m))),
        // Ex) `def test_rollback(db):`
        "function_definition" => is_test_function(stmt, text),
        // Ex) `@pytest.fixture` over any function, or a decorated `test*` function or class
        "decorated_definition" => {
            let mut cursor = stmt.walk();
            let fixture = stmt
                .named_children(&mut cursor)
                .filter(|c| c.kind() == "decorator")
                .any(|d| is_fixture_decorator(d, text));
            fixture
                || stmt
                    .child_by_field_name("definition")
                    .is_some_and(|d| statement_has_test_shape(d, text, depth))
        }
        // Ex) `class UserTests(TestCase):`, `class TestCheckout:` with `def test_total(self):`
        "class_definition" => {
            let base_is_test_case = stmt
                .child_by_field_name("superclasses")
                .is_some_and(|args| {
                    let mut cursor = args.walk();
                    let bases: Vec<Node<'_>> = args.named_children(&mut cursor).collect();
                    bases.into_iter().any(|b| {
                        matches!(b.kind(), "identifier" | "attribute")
                            && last_part(src(b)).ends_with("TestCase")
                    })
                });
            base_is_test_case
                || stmt.child_by_field_name("body").is_some_and(|body| {
                    let mut cursor = body.walk();
                    let members: Vec<Node<'_>> = body.named_children(&mut cursor).collect();
                    members.into_iter().any(|m| match m.kind() {
                        "function_definition" => is_test_function(m, text),
                        "decorated_definition" => {
                            m.child_by_field_name("definition").is_some_and(|d| {
                                d.kind() == "function_definition" && is_test_function(d, text)
                            })
                        }
                        _ => false,
                    })
                })
        }
        // Ex) `try: import pytest` / `except ImportError: pytest = None`
        "if_statement" | "try_statement" | "with_statement" if depth < MAX_BLOCK_DEPTH => {
            let mut cursor = stmt.walk();
            let parts: Vec<Node<'_>> = stmt.named_children(&mut cursor).collect();
            parts.into_iter().any(|p| match p.kind() {
                "block" => block_has_test_shape(p, text, depth + 1),
                k if k.ends_with("_clause") => {
                    let mut cursor = p.walk();
                    let blocks: Vec<Node<'_>> = p
                        .named_children(&mut cursor)
                        .filter(|b| b.kind() == "block")
                        .collect();
                    blocks
                        .into_iter()
                        .any(|b| block_has_test_shape(b, text, depth + 1))
                }
                _ => false,
            })
        }
        _ => false,
    }
}

/// A module of a test framework, or one of its submodules (`unittest.mock`),
/// or a pytest plugin (`pytest_asyncio`).
fn is_test_module(dotted: &str) -> bool {
    let top = dotted.split('.').next().unwrap_or(dotted);
    top.starts_with("pytest_")
        || TEST_MODULES
            .iter()
            .any(|m| dotted == *m || (dotted.starts_with(m) && dotted[m.len()..].starts_with('.')))
}

/// A function whose name pytest and unittest collect as a test.
fn is_test_function(def: Node<'_>, text: &str) -> bool {
    def.child_by_field_name("name")
        .and_then(|n| n.utf8_text(text.as_bytes()).ok())
        .is_some_and(|name| name.starts_with("test"))
}

/// `@pytest.fixture`, `@pytest.fixture(scope="module")`, `@fixture`,
/// `@pytest_asyncio.fixture`.
fn is_fixture_decorator(decorator: Node<'_>, text: &str) -> bool {
    let Some(mut expr) = decorator.named_child(0) else {
        return false;
    };
    if expr.kind() == "call" {
        match expr.child_by_field_name("function") {
            Some(f) => expr = f,
            None => return false,
        }
    }
    matches!(expr.kind(), "identifier" | "attribute")
        && last_part(expr.utf8_text(text.as_bytes()).unwrap_or("")) == "fixture"
}

fn last_part(dotted: &str) -> &str {
    dotted.rsplit('.').next().unwrap_or(dotted).trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shaped(text: &str) -> bool {
        let tree = super::super::parse(text).unwrap();
        has_test_shape(tree.root_node(), text)
    }

    #[test]
    fn paths() {
        let root = Path::new("/repo");
        let at = |p: &str| test_path(&root.join(p), root);
        assert_eq!(at("app/tests/helpers.py"), TestPath::Suite);
        assert_eq!(at("testing/factories.py"), TestPath::Suite);
        assert_eq!(at("pkg/conftest.py"), TestPath::Suite);
        assert_eq!(at("test_db.py"), TestPath::Name);
        assert_eq!(at("bench/load_test.py"), TestPath::Name);
        assert_eq!(at("app/unit_tests.py"), TestPath::Name);
        assert_eq!(at("polls/tests.py"), TestPath::Name);
        assert_eq!(at("app/contest.py"), TestPath::No);
        assert_eq!(at("app/testing_db.py"), TestPath::No);
        // The folders above the project root are not the project's.
        assert_eq!(
            test_path(
                Path::new("/home/me/test/app/db.py"),
                Path::new("/home/me/test/app")
            ),
            TestPath::No
        );
        assert_eq!(
            test_path(Path::new("/elsewhere/tests/db.py"), root),
            TestPath::Suite
        );
    }

    #[test]
    fn test_modules_are_shaped_like_tests() {
        assert!(shaped("import pytest\n"));
        assert!(shaped("import os, unittest.mock as mock\n"));
        assert!(shaped("from django.test import TestCase\n"));
        assert!(shaped("from hypothesis import given\n"));
        assert!(shaped("import pytest_asyncio\n"));
        assert!(shaped(
            "try:\n    import pytest\nexcept ImportError:\n    pytest = None\n"
        ));
        assert!(shaped("def test_total():\n    assert 1\n"));
        assert!(shaped("async def test_fetch(db):\n    pass\n"));
        assert!(shaped(
            "class Checkout:\n    def test_total(self):\n        pass\n"
        ));
        assert!(shaped("class UserTests(base.ApiTestCase):\n    pass\n"));
        assert!(shaped("from pytest import fixture as f\n"));
        assert!(shaped("@fixture(scope='module')\ndef db():\n    yield 1\n"));
    }

    #[test]
    fn scripts_are_not_shaped_like_tests() {
        assert!(!shaped("import psycopg2\n\ndef run(n):\n    pass\n"));
        assert!(!shaped("from unittesting import x\nimport pytesting\n"));
        assert!(!shaped(
            "def main():\n    def test_inner():\n        pass\n"
        ));
        assert!(!shaped(
            "class Load(TaskSet):\n    def run(self):\n        pass\n"
        ));
        assert!(!shaped("s = '''\nimport pytest\n'''\n"));
        assert!(!shaped("from .test import helpers\n"));
    }

    #[test]
    fn content_confirms_only_a_test_like_name() {
        let text = "import pytest\n";
        let tree = super::super::parse(text).unwrap();
        assert!(TestPath::Name.confirm(&tree, text));
        assert!(!TestPath::No.confirm(&tree, text));
        assert!(TestPath::Suite.confirm_text(""));
        assert!(!TestPath::Name.confirm_text("import psycopg2\n"));
    }
}
