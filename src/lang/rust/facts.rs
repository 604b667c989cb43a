//! Pass 1 for Rust: what the project summaries need from one file — type
//! aliases, structs and their field types, statics, function signatures,
//! off-load wrappers and the functions registered as handlers.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use tree_sitter::Node;

use super::names::{TypeRef, Uses};
use super::{attribute_path, attributes, named_children, text};
use crate::catalog::rust::RustCatalog;

/// A crate of the project (the directory of the nearest `Cargo.toml`), by index.
pub type CrateId = u32;

/// A file of the project, by index.
pub type FileId = u32;

/// A function's signature and what can be seen of it without types.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct FnSig {
    /// `name` for free functions, `Type::name` for associated ones.
    pub key: String,
    /// The file it is in (set by the pipeline).
    pub file: FileId,
    /// Where the item starts (byte offset), to find it again in pass 2.
    pub start: u32,
    pub is_async: bool,
    pub ret: Option<TypeRef>,
    pub params: Vec<(String, Option<TypeRef>)>,
    /// Test code (`#[test]`-like attribute, or inside `#[cfg(test)]`).
    pub is_test: bool,
    /// An entry point (`main`, `#[tokio::main]`).
    pub is_main: bool,
    /// A handler by its own look: a route attribute or an extractor parameter.
    pub is_handler: bool,
    /// Hands one of its parameters to `spawn_blocking`-like calls.
    pub offload_wrapper: bool,
}

/// What pass 1 keeps of a Rust file.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RsFileFacts {
    pub path: PathBuf,
    /// The crate the file belongs to.
    pub krate: CrateId,
    /// The file's id (set by the pipeline).
    pub file: FileId,
    pub aliases: Vec<(String, TypeRef)>,
    /// Struct name → fields (tuple fields are `0`, `1`, ...).
    pub structs: Vec<(String, Vec<(String, TypeRef)>)>,
    pub statics: Vec<(String, TypeRef)>,
    pub functions: Vec<FnSig>,
    /// Functions named as handlers by a router (`get(list_users)`, `.to(index)`).
    pub handler_refs: Vec<String>,
    /// Functions registered as middleware (`middleware::from_fn(auth)`).
    pub middleware_refs: Vec<String>,
}

/// Resolves a type through `use` lines, then glob imports of catalogued crates.
#[must_use]
pub fn resolve_type(
    uses: &Uses,
    catalog: &RustCatalog,
    node: Node<'_>,
    src: &str,
) -> Option<TypeRef> {
    let mut t = uses.type_ref(node, src)?;
    fix_globs(&mut t, uses, catalog, 0);
    Some(t)
}

fn fix_globs(t: &mut TypeRef, uses: &Uses, catalog: &RustCatalog, depth: u32) {
    if depth > 16 {
        return;
    }
    if !t.path.contains("::") && !uses.globs.is_empty() {
        for g in &uses.globs {
            let candidate = format!("{g}::{}", t.path);
            if catalog.type_class(&candidate).is_some() {
                t.path = candidate;
                break;
            }
        }
    }
    for a in &mut t.args {
        fix_globs(a, uses, catalog, depth + 1);
    }
}

/// Whether a function item is `async`.
#[must_use]
pub fn is_async_fn(node: Node<'_>, src: &str) -> bool {
    named_children(node)
        .find(|c| c.kind() == "function_modifiers")
        .is_some_and(|m| text(m, src).split_whitespace().any(|w| w == "async"))
}

/// The identifier a parameter pattern binds (`conn`, `mut conn`, `State(pool)` → `pool`).
#[must_use]
pub fn pattern_name<'s>(pattern: Node<'_>, src: &'s str) -> Option<&'s str> {
    match pattern.kind() {
        "identifier" => Some(text(pattern, src)),
        "mut_pattern" | "ref_pattern" | "reference_pattern" => {
            named_children(pattern).find_map(|c| pattern_name(c, src))
        }
        "tuple_struct_pattern" => {
            let mut inner = named_children(pattern).skip(1);
            let first = inner.next()?;
            if inner.next().is_some() {
                return None;
            }
            pattern_name(first, src)
        }
        _ => None,
    }
}

/// Pass-1 extraction.
#[must_use]
pub fn extract(root: Node<'_>, src: &str, uses: &Uses, catalog: &RustCatalog) -> RsFileFacts {
    let mut facts = RsFileFacts::default();
    items(root, src, uses, catalog, None, false, &mut facts, 0);
    refs(root, src, catalog, &mut facts);
    facts
}

#[allow(clippy::too_many_arguments)]
fn items(
    node: Node<'_>,
    src: &str,
    uses: &Uses,
    catalog: &RustCatalog,
    impl_type: Option<&str>,
    in_test: bool,
    facts: &mut RsFileFacts,
    depth: u32,
) {
    if depth > 64 {
        return;
    }
    for item in named_children(node) {
        match item.kind() {
            // Associated types (`type Target = PgConnection;` in an impl) are not aliases.
            "type_item"
                if !node
                    .parent()
                    .is_some_and(|p| matches!(p.kind(), "impl_item" | "trait_item")) =>
            {
                facts.aliases.extend(named_type(item, src, uses, catalog));
            }
            "struct_item" => {
                let Some(name) = item
                    .child_by_field_id(crate::lang::rust::FIELD.name)
                    .map(|n| text(n, src))
                else {
                    continue;
                };
                let mut fields = Vec::new();
                if let Some(body) = item.child_by_field_id(crate::lang::rust::FIELD.body) {
                    if body.kind() == "field_declaration_list" {
                        for f in named_children(body).filter(|f| f.kind() == "field_declaration") {
                            fields.extend(named_type(f, src, uses, catalog));
                        }
                    } else {
                        let mut i = 0;
                        let mut c = body.walk();
                        for (k, child) in body.children(&mut c).enumerate() {
                            if body.field_name_for_child(k as u32) == Some("type") {
                                if let Some(t) = resolve_type(uses, catalog, child, src) {
                                    fields.push((i.to_string(), t));
                                }
                                i += 1;
                            }
                        }
                    }
                }
                // rocket_sync_db_pools: `#[database("db")] struct Db(diesel::PgConnection);`
                // is a request guard holding a pooled connection (rocket_db_pools'
                // `#[derive(Database)]` structs are pools, and `Connection<Db>` their guard).
                let attrs = attributes(item, src);
                if attrs
                    .iter()
                    .any(|a| attribute_path(a).rsplit("::").next() == Some("database"))
                    && !attrs
                        .iter()
                        .any(|a| a.starts_with("derive") && a.contains("Database"))
                {
                    fields.push((
                        "0".to_owned(),
                        TypeRef {
                            path: "rocket_sync_db_pools::Connection".to_owned(),
                            args: Vec::new(),
                        },
                    ));
                }
                facts.structs.push((name.to_owned(), fields));
            }
            "static_item" | "const_item" => {
                facts.statics.extend(named_type(item, src, uses, catalog));
            }
            "function_item" => {
                facts
                    .functions
                    .push(signature(item, src, uses, catalog, impl_type, in_test));
            }
            "impl_item" => {
                let ty = item
                    .child_by_field_id(crate::lang::rust::FIELD.ty)
                    .map(|t| super::names::path_text(t, src));
                let ty = ty.map(|t| t.rsplit("::").next().unwrap_or(&t).to_owned());
                if let Some(body) = item.child_by_field_id(crate::lang::rust::FIELD.body) {
                    items(
                        body,
                        src,
                        uses,
                        catalog,
                        ty.as_deref(),
                        in_test,
                        facts,
                        depth + 1,
                    );
                }
            }
            "mod_item" => {
                let test = in_test
                    || attributes(item, src)
                        .iter()
                        .any(|a| a.replace(' ', "") == "cfg(test)");
                if let Some(body) = item.child_by_field_id(crate::lang::rust::FIELD.body) {
                    items(body, src, uses, catalog, None, test, facts, depth + 1);
                }
            }
            "trait_item" => {
                if let Some(body) = item.child_by_field_id(crate::lang::rust::FIELD.body) {
                    items(body, src, uses, catalog, None, in_test, facts, depth + 1);
                }
            }
            _ => {}
        }
    }
}

/// The `name` and resolved `type` fields of an alias, a static or a struct field.
fn named_type(
    node: Node<'_>,
    src: &str,
    uses: &Uses,
    catalog: &RustCatalog,
) -> Option<(String, TypeRef)> {
    let name = node.child_by_field_id(crate::lang::rust::FIELD.name)?;
    let ty = node.child_by_field_id(crate::lang::rust::FIELD.ty)?;
    Some((
        text(name, src).to_owned(),
        resolve_type(uses, catalog, ty, src)?,
    ))
}

/// The signature facts of a function item.
#[must_use]
pub fn signature(
    item: Node<'_>,
    src: &str,
    uses: &Uses,
    catalog: &RustCatalog,
    impl_type: Option<&str>,
    in_test: bool,
) -> FnSig {
    let name = item
        .child_by_field_id(crate::lang::rust::FIELD.name)
        .map_or("", |n| text(n, src));
    let key = match impl_type {
        Some(t) => format!("{t}::{name}"),
        None => name.to_owned(),
    };
    let attrs = attributes(item, src);
    let attr_matches = |set: &std::collections::HashSet<String>| {
        attrs.iter().any(|a| {
            let p = attribute_path(a);
            set.contains(p) || set.contains(p.rsplit("::").next().unwrap_or(p))
        })
    };
    let test_code = in_test || attr_matches(&catalog.test_attributes);
    let is_main = name == "main" && impl_type.is_none()
        || attrs.iter().any(|a| {
            let p = attribute_path(a);
            p != "main" && catalog.main_attributes.contains(p) || p.ends_with("::main")
        });
    let mut params = Vec::new();
    let mut has_extractor = false;
    if let Some(ps) = item.child_by_field_id(crate::lang::rust::FIELD.parameters) {
        for p in named_children(ps).filter(|p| p.kind() == "parameter") {
            let name = p
                .child_by_field_id(crate::lang::rust::FIELD.pattern)
                .and_then(|pat| pattern_name(pat, src))
                .unwrap_or("_")
                .to_owned();
            let ty = p
                .child_by_field_id(crate::lang::rust::FIELD.ty)
                .and_then(|t| resolve_type(uses, catalog, t, src));
            if let Some(t) = &ty {
                if catalog.extractors.contains(&t.path)
                    || catalog.extractor_names.contains(t.name())
                        && (t.path.starts_with("axum")
                            || t.path.starts_with("actix_web")
                            || t.path.starts_with("rocket")
                            || t.path.starts_with("poem")
                            || !t.path.contains("::"))
                {
                    has_extractor = true;
                }
            }
            params.push((name, ty));
        }
    }
    let is_handler = !test_code
        && (has_extractor
            || attrs.iter().any(|a| {
                let p = attribute_path(a);
                let last = p.rsplit("::").next().unwrap_or(p);
                catalog.handler_attributes.contains(last) && (a.contains('(') || last == "handler")
            }));
    let offload_wrapper = item
        .child_by_field_id(crate::lang::rust::FIELD.body)
        .is_some_and(|b| passes_param_to_offload(b, src, uses, catalog, &params));
    FnSig {
        key,
        file: 0,
        start: item.start_byte() as u32,
        is_async: is_async_fn(item, src),
        ret: item
            .child_by_field_id(crate::lang::rust::FIELD.return_type)
            .and_then(|t| resolve_type(uses, catalog, t, src)),
        params,
        is_test: test_code,
        is_main,
        is_handler,
        offload_wrapper,
    }
}

/// Whether a call is an off-load (`spawn_blocking(..)`, `web::block(..)`, `.interact(..)`).
#[must_use]
pub fn is_offload_call(call: Node<'_>, src: &str, uses: &Uses, catalog: &RustCatalog) -> bool {
    let Some(f) = call.child_by_field_id(crate::lang::rust::FIELD.function) else {
        return false;
    };
    match f.kind() {
        "field_expression" => f
            .child_by_field_id(crate::lang::rust::FIELD.field)
            .is_some_and(|m| catalog.offload_methods.contains(text(m, src))),
        "identifier" | "scoped_identifier" | "generic_function" => {
            let written = super::names::path_text(f, src);
            let resolved = uses.resolve(&written);
            catalog.offload_functions.contains(&resolved)
                || catalog.offload_functions.contains(&written)
        }
        _ => false,
    }
}

fn passes_param_to_offload(
    body: Node<'_>,
    src: &str,
    uses: &Uses,
    catalog: &RustCatalog,
    params: &[(String, Option<TypeRef>)],
) -> bool {
    // Cheap first: an off-load call needs one of these words in the body.
    let t = text(body, src);
    if params.is_empty()
        || !["spawn", "block", "interact", "run"]
            .iter()
            .any(|w| t.contains(w))
    {
        return false;
    }
    let mut stack = vec![body];
    let mut steps = 0;
    while let Some(n) = stack.pop() {
        steps += 1;
        if steps > 20_000 {
            return false;
        }
        if n.kind() == "call_expression" && is_offload_call(n, src, uses, catalog) {
            if let Some(args) = n.child_by_field_id(crate::lang::rust::FIELD.arguments) {
                let names: Vec<&str> = params.iter().map(|(p, _)| p.as_str()).collect();
                if mentions_any(args, src, &names) {
                    return true;
                }
            }
        }
        if n.kind() != "function_item" {
            stack.extend(named_children(n));
        }
    }
    false
}

fn mentions_any(node: Node<'_>, src: &str, names: &[&str]) -> bool {
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if n.kind() == "identifier" {
            let t = text(n, src);
            if names.contains(&t) {
                return true;
            }
        }
        stack.extend(named_children(n));
    }
    false
}

/// Functions named by routers and middleware registrations anywhere in the file.
fn refs(root: Node<'_>, src: &str, catalog: &RustCatalog, facts: &mut RsFileFacts) {
    let mut stack = vec![root];
    while let Some(n) = stack.pop() {
        if n.kind() == "call_expression" {
            if let (Some(f), Some(args)) = (
                n.child_by_field_id(crate::lang::rust::FIELD.function),
                n.child_by_field_id(crate::lang::rust::FIELD.arguments),
            ) {
                let (name, is_method) = match f.kind() {
                    "field_expression" => (
                        f.child_by_field_id(crate::lang::rust::FIELD.field)
                            .map_or("", |m| text(m, src)),
                        true,
                    ),
                    "identifier" | "scoped_identifier" => {
                        let t = text(f, src);
                        (t.rsplit("::").next().unwrap_or(t), false)
                    }
                    _ => ("", false),
                };
                let route = if is_method {
                    catalog.route_methods.contains(name)
                } else {
                    catalog.route_functions.contains(name)
                };
                let middleware = !is_method && catalog.middleware_functions.contains(name)
                    || is_method && name == "wrap_fn";
                if route || middleware {
                    for a in named_children(args) {
                        if matches!(a.kind(), "identifier" | "scoped_identifier") {
                            let t = text(a, src);
                            let key = t.rsplit("::").next().unwrap_or(t).to_owned();
                            if middleware {
                                facts.middleware_refs.push(key);
                            } else {
                                facts.handler_refs.push(key);
                            }
                        }
                    }
                }
            }
        }
        stack.extend(named_children(n));
    }
}
