//! Names in a Rust file: what `use` lines bring into scope, and declared
//! types written as resolved paths (`TypeRef`).

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tree_sitter::Node;

use super::{named_children, text};

/// A declared type with its path resolved through the file's `use` lines:
/// `web::Data<DbPool>` → `actix_web::web::Data` with argument `DbPool`.
/// Names the file does not import stay as written (`DbPool`, `crate::db::DbPool`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub struct TypeRef {
    pub path: String,
    pub args: Vec<TypeRef>,
}

impl TypeRef {
    /// The last segment of the path (`DbPool` of `crate::db::DbPool`).
    #[must_use]
    pub fn name(&self) -> &str {
        self.path.rsplit("::").next().unwrap_or(&self.path)
    }

    /// Whether the path names something of this crate (`crate::`, `self::`,
    /// `super::` or a single segment the file does not import).
    #[must_use]
    pub fn is_local(&self) -> bool {
        !self.path.contains("::")
            || self.path.starts_with("crate::")
            || self.path.starts_with("self::")
            || self.path.starts_with("super::")
    }
}

/// The names a file's `use` declarations bring into scope.
#[derive(Debug, Default, Clone)]
pub struct Uses {
    /// Local name → full path (`PgPool` → `sqlx::postgres::PgPool`).
    pub names: HashMap<String, String>,
    /// Glob imports (`sqlx::postgres` of `use sqlx::postgres::*`).
    pub globs: Vec<String>,
}

impl Uses {
    /// Collects every `use` of the file (nested modules included: names are file-wide).
    #[must_use]
    pub fn collect(root: Node<'_>, src: &str) -> Uses {
        let mut uses = Uses::default();
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            match n.kind() {
                "use_declaration" => {
                    if let Some(arg) = n.child_by_field_id(crate::lang::rust::FIELD.argument) {
                        uses.add(arg, "", src, 0);
                    }
                }
                "extern_crate_declaration" => {
                    let name = n
                        .child_by_field_id(crate::lang::rust::FIELD.name)
                        .map(|c| text(c, src));
                    let alias = n
                        .child_by_field_id(crate::lang::rust::FIELD.alias)
                        .map(|c| text(c, src));
                    if let (Some(name), Some(alias)) = (name, alias) {
                        uses.names.insert(alias.to_owned(), name.to_owned());
                    }
                }
                "source_file" | "mod_item" | "declaration_list" => {
                    stack.extend(named_children(n));
                }
                _ => {}
            }
        }
        uses
    }

    fn add(&mut self, node: Node<'_>, prefix: &str, src: &str, depth: u32) {
        if depth > 32 {
            return;
        }
        let join = |p: &str, s: &str| {
            if p.is_empty() {
                s.to_owned()
            } else {
                format!("{p}::{s}")
            }
        };
        match node.kind() {
            "identifier" | "scoped_identifier" | "crate" | "self" | "super" => {
                let path = join(prefix, &text(node, src).replace(char::is_whitespace, ""));
                let local = path.rsplit("::").next().unwrap_or(&path).to_owned();
                if local == "self" {
                    // `use sqlx::postgres::{self, PgPool}` brings `postgres`.
                    if let Some((p, _)) = path.rsplit_once("::") {
                        let l = p.rsplit("::").next().unwrap_or(p).to_owned();
                        self.names.insert(l, p.to_owned());
                    }
                } else {
                    self.names.insert(local, path);
                }
            }
            "use_as_clause" => {
                let path = node
                    .child_by_field_id(crate::lang::rust::FIELD.path)
                    .map_or("", |c| text(c, src));
                let alias = node
                    .child_by_field_id(crate::lang::rust::FIELD.alias)
                    .map_or("", |c| text(c, src));
                if !alias.is_empty() && alias != "_" {
                    self.names.insert(
                        alias.to_owned(),
                        join(prefix, &path.replace(char::is_whitespace, "")),
                    );
                }
            }
            "use_wildcard" => {
                if let Some(p) = named_children(node).next() {
                    self.globs
                        .push(join(prefix, &text(p, src).replace(char::is_whitespace, "")));
                }
            }
            "scoped_use_list" => {
                let p = node
                    .child_by_field_id(crate::lang::rust::FIELD.path)
                    .map_or(String::new(), |c| {
                        join(prefix, &text(c, src).replace(char::is_whitespace, ""))
                    });
                if let Some(list) = node.child_by_field_id(crate::lang::rust::FIELD.list) {
                    for item in named_children(list) {
                        self.add(item, &p, src, depth + 1);
                    }
                }
            }
            "use_list" => {
                for item in named_children(node) {
                    self.add(item, prefix, src, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// Resolves a path written in the file (`web::Data`, `PgPool`, `sqlx::PgPool`).
    #[must_use]
    pub fn resolve(&self, written: &str) -> String {
        let written = written.trim_start_matches("::");
        let (first, rest) = match written.split_once("::") {
            Some((f, r)) => (f, Some(r)),
            None => (written, None),
        };
        match (self.names.get(first), rest) {
            (Some(full), Some(r)) => format!("{full}::{r}"),
            (Some(full), None) => full.clone(),
            (None, _) => written.to_owned(),
        }
    }

    /// A resolved `TypeRef` for a type node.
    #[must_use]
    pub fn type_ref(&self, node: Node<'_>, src: &str) -> Option<TypeRef> {
        self.type_ref_depth(node, src, 0)
    }

    fn type_ref_depth(&self, node: Node<'_>, src: &str, depth: u32) -> Option<TypeRef> {
        if depth > 32 {
            return None;
        }
        match node.kind() {
            "type_identifier" | "scoped_type_identifier" | "identifier" | "scoped_identifier" => {
                Some(TypeRef {
                    path: self.resolve(&path_text(node, src)),
                    args: Vec::new(),
                })
            }
            "generic_type" => {
                let base = node.child_by_field_id(crate::lang::rust::FIELD.ty)?;
                let mut t = self.type_ref_depth(base, src, depth + 1)?;
                if let Some(args) = node.child_by_field_id(crate::lang::rust::FIELD.type_arguments)
                {
                    for a in named_children(args) {
                        if let Some(r) = self.type_ref_depth(a, src, depth + 1) {
                            t.args.push(r);
                        }
                    }
                }
                Some(t)
            }
            // `(Transaction<'_, Postgres>, i64)`: path `()`, the elements as arguments.
            "tuple_type" => Some(TypeRef {
                path: "()".to_owned(),
                args: named_children(node)
                    .map(|c| self.type_ref_depth(c, src, depth + 1).unwrap_or_default())
                    .collect(),
            }),
            // `impl Stream<Item = ..>`, `dyn Stream`: the trait.
            "abstract_type" | "dynamic_type" => named_children(node)
                .find(|c| {
                    matches!(
                        c.kind(),
                        "type_identifier" | "scoped_type_identifier" | "generic_type"
                    )
                })
                .and_then(|c| self.type_ref_depth(c, src, depth + 1)),
            "reference_type" | "pointer_type" => self.type_ref_depth(
                node.child_by_field_id(crate::lang::rust::FIELD.ty)?,
                src,
                depth + 1,
            ),
            _ => None,
        }
    }
}

/// A path as written, without whitespace or turbofish arguments (`Pool::<Postgres>::connect`
/// → `Pool::connect`).
#[must_use]
pub fn path_text(node: Node<'_>, src: &str) -> String {
    // Iterative: a path of thousands of segments must not exhaust the stack.
    let mut segments: Vec<&str> = Vec::new();
    let mut cur = Some(node);
    let mut rest = String::new();
    while let Some(n) = cur {
        match n.kind() {
            "scoped_identifier" | "scoped_type_identifier" => {
                segments.push(
                    n.child_by_field_id(crate::lang::rust::FIELD.name)
                        .map_or("", |x| text(x, src)),
                );
                cur = n.child_by_field_id(crate::lang::rust::FIELD.path);
            }
            "generic_type" | "generic_function" => {
                cur = n
                    .child_by_field_id(crate::lang::rust::FIELD.ty)
                    .or_else(|| n.child_by_field_id(crate::lang::rust::FIELD.function));
            }
            _ => {
                rest = text(n, src).replace(char::is_whitespace, "");
                cur = None;
            }
        }
    }
    let mut parts: Vec<&str> = Vec::with_capacity(segments.len() + 1);
    if !rest.is_empty() {
        parts.push(&rest);
    }
    parts.extend(segments.iter().rev());
    parts.join("::")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uses(src: &str) -> Uses {
        let tree = super::super::parse(src).unwrap();
        Uses::collect(tree.root_node(), src)
    }

    #[test]
    fn resolves_use_forms() {
        let u = uses(
            "use sqlx::postgres::{PgPool, PgPoolOptions as Opts, self};\nuse actix_web::web;\nuse diesel::r2d2::*;\nuse crate::db::DbPool;\nmod m { use bb8::Pool; }\n",
        );
        assert_eq!(u.resolve("PgPool"), "sqlx::postgres::PgPool");
        assert_eq!(u.resolve("Opts::new"), "sqlx::postgres::PgPoolOptions::new");
        assert_eq!(
            u.resolve("postgres::PgConnection"),
            "sqlx::postgres::PgConnection"
        );
        assert_eq!(u.resolve("web::Data"), "actix_web::web::Data");
        assert_eq!(u.resolve("DbPool"), "crate::db::DbPool");
        assert_eq!(u.resolve("Pool"), "bb8::Pool");
        assert_eq!(u.globs, vec!["diesel::r2d2".to_owned()]);
    }
}
