//! Whether something made from a connection outlives the `with` block that
//! a fix would make close it: `with sqlite3.connect(p) as con: return
//! con.execute(sql)` hands the caller a cursor, and closing `con` at the end
//! of the block makes every read of it raise `ProgrammingError`. A fix that
//! moves the close there is not safe (issue 20's third case).

use std::collections::HashSet;

use tree_sitter::Node;

use crate::lang::python::model::PyFile;

/// Methods whose result holds no reference to the connection: rows are
/// read out (`fetchall()`), a scalar is taken.
const MATERIALISING_METHODS: &[&str] = &[
    "fetchall",
    "fetchone",
    "fetchmany",
    "fetchval",
    "fetchrow",
    "fetch",
    "scalar",
    "scalar_one",
    "scalar_one_or_none",
    "one",
    "one_or_none",
    "first",
    "all",
    "keys",
];

/// Builtins that read an iterable out into a value of their own.
const MATERIALISING_CALLS: &[&str] = &[
    "list", "tuple", "dict", "set", "len", "sorted", "sum", "int", "float", "str", "bool", "any",
    "all", "max", "min",
];

/// The first place where a value made from `var` (the connection bound by
/// `with_stmt`) or `var` itself outlives the block: returned or yielded
/// from inside it, stored on an object, captured by a nested function, or
/// read after the block. `None` when everything made from it is read out
/// inside the block.
#[must_use]
pub fn derived_escape<'t>(file: &PyFile<'t>, with_stmt: Node<'t>, var: &str) -> Option<Node<'t>> {
    let body = with_stmt.child_by_field_name("body")?;
    escape_from(file, body, with_stmt, &[var])
}

/// The same for the block `body` of `stmt` (a `with` or a `try` that a
/// rewrite turns into one) and the names `vars` it holds the connection and
/// its cursor under.
#[must_use]
pub fn escape_from<'t>(
    file: &PyFile<'t>,
    body: Node<'t>,
    stmt: Node<'t>,
    vars: &[&str],
) -> Option<Node<'t>> {
    let with_stmt = stmt;
    let mut tainted: HashSet<&str> = vars.iter().copied().collect();
    // Names bound from the connection inside the block (`cur = con.execute(...)`),
    // to a fixed point (aliases of aliases).
    for _ in 0..4 {
        let before = tainted.len();
        for node in descendants(body) {
            if node.kind() != "assignment" {
                continue;
            }
            let (Some(left), Some(right)) = (
                node.child_by_field_name("left"),
                node.child_by_field_name("right"),
            ) else {
                continue;
            };
            if !mentions(file, right, &tainted) || materialised(file, right) {
                continue;
            }
            for n in descendants(left) {
                if n.kind() == "identifier"
                    && left.kind() != "attribute"
                    && left.kind() != "subscript"
                {
                    tainted.insert(file.text_of(n));
                }
            }
        }
        if tainted.len() == before {
            break;
        }
    }
    for node in descendants(body) {
        match node.kind() {
            "return_statement" | "yield" => {
                let value = node.named_child(0);
                if value.is_some_and(|v| mentions(file, v, &tainted) && !materialised(file, v)) {
                    return Some(node);
                }
            }
            "assignment" | "augmented_assignment" => {
                let (Some(left), Some(right)) = (
                    node.child_by_field_name("left"),
                    node.child_by_field_name("right"),
                ) else {
                    continue;
                };
                if matches!(left.kind(), "attribute" | "subscript")
                    && mentions(file, right, &tainted)
                    && !materialised(file, right)
                {
                    return Some(node);
                }
            }
            "function_definition" | "lambda" | "class_definition" | "generator_expression"
                if mentions(file, node, &tainted) =>
            {
                return Some(node);
            }
            _ => {}
        }
    }
    // Read after the block, in the rest of the function (or module).
    let mut scope = with_stmt;
    while let Some(p) = scope.parent() {
        scope = p;
        if matches!(p.kind(), "function_definition" | "lambda" | "module") {
            break;
        }
    }
    descendants(scope).into_iter().find(|n| {
        n.start_byte() >= with_stmt.end_byte()
            && n.kind() == "identifier"
            && tainted.contains(file.text_of(*n))
            && !is_attribute_name(*n)
    })
}

/// Whether `node` mentions one of `names` (not as an attribute's name).
fn mentions(file: &PyFile<'_>, node: Node<'_>, names: &HashSet<&str>) -> bool {
    descendants(node).into_iter().any(|n| {
        n.kind() == "identifier" && names.contains(file.text_of(n)) && !is_attribute_name(n)
    })
}

/// `x.name`'s `name`, or a keyword argument's name.
fn is_attribute_name(n: Node<'_>) -> bool {
    n.parent().is_some_and(|p| {
        (p.kind() == "attribute"
            && p.child_by_field_name("attribute")
                .is_some_and(|a| a.id() == n.id()))
            || (p.kind() == "keyword_argument"
                && p.child_by_field_name("name")
                    .is_some_and(|a| a.id() == n.id()))
    })
}

/// An expression whose value holds no reference to the connection:
/// `cur.fetchall()`, `list(cur)`, `[dict(r) for r in cur]`, a constant.
fn materialised(file: &PyFile<'_>, expr: Node<'_>) -> bool {
    let mut e = expr;
    while matches!(e.kind(), "parenthesized_expression" | "await") {
        match e.named_child(0) {
            Some(inner) => e = inner,
            None => return false,
        }
    }
    match e.kind() {
        "list_comprehension"
        | "dictionary_comprehension"
        | "set_comprehension"
        | "integer"
        | "float"
        | "string"
        | "true"
        | "false"
        | "none" => true,
        "subscript" => e
            .child_by_field_name("value")
            .is_some_and(|v| materialised(file, v)),
        "tuple" | "list" | "expression_list" => {
            let mut cursor = e.walk();
            e.named_children(&mut cursor)
                .all(|c| materialised(file, c) || !has_identifier(c))
        }
        "call" => {
            let Some(f) = e.child_by_field_name("function") else {
                return false;
            };
            match f.kind() {
                "attribute" => f
                    .child_by_field_name("attribute")
                    .is_some_and(|a| MATERIALISING_METHODS.contains(&file.text_of(a))),
                "identifier" => MATERIALISING_CALLS.contains(&file.text_of(f)),
                _ => false,
            }
        }
        _ => false,
    }
}

fn has_identifier(node: Node<'_>) -> bool {
    descendants(node).iter().any(|n| n.kind() == "identifier")
}

/// `node` and everything under it, in document order.
fn descendants(node: Node<'_>) -> Vec<Node<'_>> {
    let mut out = Vec::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        out.push(n);
        let mut cursor = n.walk();
        let children: Vec<Node<'_>> = n.children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
    out
}
