//! The import a fix needs for a name it writes (`closing`, the project's
//! context manager), and how the file already spells it.

use tree_sitter::Node;

use crate::lang::python::model::PyFile;
use crate::source::TextRange;

/// How a fix names `module.name` in this file, and the import edit it needs:
/// an existing `from module import name` (or its alias), an `import module`
/// (`module.name`), a name appended to an existing `from module import ...`,
/// or a new `from module import name` where isort would put it (see
/// `isort`; `first_party` for a project module).
/// `None` when the file already binds `name` to something else.
#[must_use]
pub fn import_for_fix(
    file: &PyFile<'_>,
    module: &str,
    name: &str,
    first_party: bool,
) -> Option<(String, Option<crate::diagnostic::Edit>)> {
    use crate::diagnostic::Edit;
    let root = file.tree.root_node();
    let mut from_import: Option<Node<'_>> = None;
    let mut last_import: Option<Node<'_>> = None;
    let mut docstring: Option<Node<'_>> = None;
    let mut cursor = root.walk();
    for (i, stmt) in root.named_children(&mut cursor).enumerate() {
        match stmt.kind() {
            "import_from_statement" => {
                last_import = Some(stmt);
                let Some(m) = stmt.child_by_field_name("module_name") else {
                    continue;
                };
                // `from .db import ...` in `app/views.py` is `app.db`.
                if file.resolve_module(m).as_deref() != Some(module) {
                    continue;
                }
                let mut c = stmt.walk();
                for n in stmt.children_by_field_name("name", &mut c) {
                    match n.kind() {
                        "dotted_name" if file.text_of(n) == name => {
                            return Some((name.to_owned(), None));
                        }
                        "aliased_import" => {
                            let orig = n.child_by_field_name("name").map(|x| file.text_of(x));
                            let alias = n.child_by_field_name("alias").map(|x| file.text_of(x));
                            if orig == Some(name) {
                                return alias.map(|a| (a.to_owned(), None));
                            }
                        }
                        _ => {}
                    }
                }
                from_import = Some(stmt);
            }
            "import_statement" => {
                last_import = Some(stmt);
                let mut c = stmt.walk();
                for n in stmt.children_by_field_name("name", &mut c) {
                    match n.kind() {
                        "dotted_name" if file.text_of(n) == module => {
                            return Some((format!("{module}.{name}"), None));
                        }
                        "aliased_import" => {
                            let orig = n.child_by_field_name("name").map(|x| file.text_of(x));
                            let alias = n.child_by_field_name("alias").map(|x| file.text_of(x));
                            if orig == Some(module) {
                                return alias.map(|a| (format!("{a}.{name}"), None));
                            }
                        }
                        _ => {}
                    }
                }
            }
            "future_import_statement" => last_import = Some(stmt),
            "expression_statement"
                if i == 0 && stmt.named_child(0).is_some_and(|s| s.kind() == "string") =>
            {
                docstring = Some(stmt);
            }
            _ => {}
        }
    }
    // The name must be free in the module.
    if file.scopes[0].bindings.contains_key(name) {
        return None;
    }
    if let Some(stmt) = from_import {
        // In its sorted place among the names (ruff's `order-by-type`).
        let mut c = stmt.walk();
        let names: Vec<Node<'_>> = stmt.children_by_field_name("name", &mut c).collect();
        let key = |n: Node<'_>| {
            let base = n.child_by_field_name("name").unwrap_or(n);
            super::isort::member_key(file.text_of(base))
        };
        let ours = super::isort::member_key(name);
        let edit = if let Some(next) = names.iter().find(|n| key(**n) > ours) {
            Edit {
                range: TextRange::new(next.start_byte(), next.start_byte()),
                content: format!("{name}, "),
            }
        } else {
            let last = names.last()?;
            Edit {
                range: TextRange::new(last.end_byte(), last.end_byte()),
                content: format!(", {name}"),
            }
        };
        return Some((name.to_owned(), Some(edit)));
    }
    if let Some((at, content)) = super::isort::placement(file, module, name, first_party) {
        return Some((
            name.to_owned(),
            Some(Edit {
                range: TextRange::new(at, at),
                content,
            }),
        ));
    }
    let after = last_import.or(docstring);
    let at = match after {
        Some(n) => {
            let end = n.end_byte();
            file.text[end..]
                .find('\n')
                .map_or(file.text.len(), |i| end + i + 1)
        }
        None => 0,
    };
    let mut content = format!("from {module} import {name}\n");
    if at == file.text.len() && !file.text.is_empty() && !file.text.ends_with('\n') {
        content.insert(0, '\n');
    }
    Some((
        name.to_owned(),
        Some(Edit {
            range: TextRange::new(at, at),
            content,
        }),
    ))
}
