//! The shape of the code, as tests: no import cycle between modules, no
//! rule code outside the rules and their registry, and no file so large that
//! it hides what it does. Each failure names the files at fault.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// The module path of a file of the library (`lang::python::model`).
fn module_of(file: &Path) -> String {
    let rel = file.strip_prefix(src()).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts.join("::")
}

/// The text of a file without its comments and its `#[cfg(test)] mod tests`.
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .map(|l| match l.find("//") {
            Some(i) => &l[..i],
            None => l,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The crate paths a file names: `use crate::a::{b, c::d};` and `crate::x::y` in code.
fn crate_paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        let end = after
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
            .unwrap_or(after.len());
        let base = after[..end].trim_end_matches(':').to_owned();
        if after[end..].starts_with('{') {
            let close = after[end..].find('}').map_or(after.len(), |j| end + j);
            for item in after[end + 1..close].split(',') {
                let item = item.trim().split(" as ").next().unwrap_or("");
                let item = item.split('{').next().unwrap_or("").trim_end_matches(':');
                if !item.is_empty() && item != "self" {
                    out.push(format!("{base}::{item}"));
                }
            }
        }
        out.push(base);
        rest = &after[end..];
    }
    out
}

/// Components: `lang::python` and `lang::rust` are packages of their own,
/// every other top-level module is one.
fn component(module: &str) -> String {
    let parts: Vec<&str> = module.split("::").collect();
    if parts[0] == "lang" && parts.len() > 1 {
        parts[..2].join("::")
    } else {
        parts[0].to_owned()
    }
}

/// Each edge a → b with a way back from b to a, written as the cycle.
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    // A pair (a, b) with an edge a → b and a path b → … → a, named with that path.
    let path = |from: &str, to: &str| -> Option<Vec<String>> {
        let mut prev: BTreeMap<String, String> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([from.to_owned()]);
        while let Some(n) = queue.pop_front() {
            for next in edges.get(&n).into_iter().flatten() {
                if prev.contains_key(next) || next == from {
                    continue;
                }
                prev.insert(next.clone(), n.clone());
                if next == to {
                    let mut p = vec![to.to_owned()];
                    while let Some(x) = prev.get(p.last().unwrap()) {
                        p.push(x.clone());
                        if x == from {
                            break;
                        }
                    }
                    p.reverse();
                    return Some(p);
                }
                queue.push_back(next.clone());
            }
        }
        None
    };
    let mut out = Vec::new();
    for (a, targets) in edges {
        for b in targets {
            if let Some(p) = path(b, a) {
                out.push(format!("{a} → {}", p.join(" → ")));
            }
        }
    }
    out
}

#[test]
fn no_import_cycle_between_modules() {
    let files: Vec<PathBuf> = rust_files(&src())
        .into_iter()
        .filter(|f| f.file_name().is_some_and(|n| n != "main.rs"))
        .filter(|f| !f.starts_with(src().join("commands")))
        .collect();
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(f)).collect();
    // The longest module a path names (`lang::python::model::PyFile` → `lang::python::model`).
    let resolve = |path: &str| -> Option<String> {
        let segs: Vec<&str> = path.split("::").collect();
        (1..=segs.len())
            .rev()
            .map(|i| segs[..i].join("::"))
            .find(|m| modules.contains(m))
    };
    let related =
        |a: &str, b: &str| a.starts_with(&format!("{b}::")) || b.starts_with(&format!("{a}::"));
    let mut file_edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut comp_edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &files {
        let m = module_of(f);
        let code = code_of(&std::fs::read_to_string(f).unwrap());
        for target in crate_paths(&code).iter().filter_map(|p| resolve(p)) {
            if target != m && !related(&m, &target) {
                file_edges
                    .entry(m.clone())
                    .or_default()
                    .insert(target.clone());
            }
            let (a, b) = (component(&m), component(&target));
            if a != b && b != "lang" {
                comp_edges.entry(a).or_default().insert(b);
            }
        }
    }
    let between_files = cycles(&file_edges);
    assert!(
        between_files.is_empty(),
        "import cycles between modules:\n{}",
        between_files.join("\n")
    );
    let between_components = cycles(&comp_edges);
    assert!(
        between_components.is_empty(),
        "import cycles between components (top-level modules, lang::python, lang::rust):\n{}",
        between_components.join("\n")
    );
}

#[test]
fn the_cycle_check_sees_a_cycle() {
    // The controls of the test above: a cycle is found, a chain is not, and
    // use lists are read item by item.
    let graph = |pairs: &[(&str, &str)]| {
        let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (a, b) in pairs {
            g.entry((*a).to_owned())
                .or_default()
                .insert((*b).to_owned());
        }
        g
    };
    assert_eq!(
        cycles(&graph(&[
            ("diagnostic", "rules"),
            ("rules", "lang"),
            ("lang", "diagnostic")
        ]))
        .len(),
        3
    );
    assert!(cycles(&graph(&[("engine", "lang"), ("lang", "diagnostic")])).is_empty());
    let paths = crate_paths(
        "use crate::lang::{FileRef, python::check::Python};\nlet x = crate::rules::RULES;",
    );
    assert_eq!(
        paths,
        [
            "lang::FileRef",
            "lang::python::check::Python",
            "lang",
            "rules::RULES"
        ]
    );
    assert_eq!(component("lang::python::model"), "lang::python");
    assert_eq!(component("engine::driver"), "engine");
}

#[test]
fn rule_codes_live_in_the_rules_and_their_registry() {
    // Codes in code (not comments, not tests) only in src/rules/, the rule
    // metadata (src/rule_meta.rs) and the fuzz targets' dictionary.
    let allowed = [
        src().join("rules"),
        src().join("rule_meta.rs"),
        src().join("fuzzing.rs"),
    ];
    let mut found = Vec::new();
    for f in rust_files(&src()) {
        if allowed.iter().any(|a| f.starts_with(a)) {
            continue;
        }
        let code = code_of(&std::fs::read_to_string(&f).unwrap());
        for (i, line) in code.lines().enumerate() {
            let b = line.as_bytes();
            let hit = (0..b.len().saturating_sub(5)).any(|j| {
                b[j] == b'"'
                    && &b[j + 1..j + 3] == b"CL"
                    && b[j + 3..j + 6].iter().all(u8::is_ascii_digit)
            });
            if hit {
                found.push(format!("{}:{}: {}", f.display(), i + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "rule codes outside src/rules/:\n{}",
        found.join("\n")
    );
}

#[test]
fn no_file_hides_what_it_does() {
    let limit = |f: &Path| match f.strip_prefix(src()).unwrap().to_str().unwrap() {
        "lib.rs" => 150,
        "main.rs" => 200,
        _ => 1_200,
    };
    let over: Vec<String> = rust_files(&src())
        .into_iter()
        .filter_map(|f| {
            let n = std::fs::read_to_string(&f).unwrap().lines().count();
            (n > limit(&f)).then(|| format!("{}: {n} lines (limit {})", f.display(), limit(&f)))
        })
        .collect();
    assert!(
        over.is_empty(),
        "files over their size limit:\n{}",
        over.join("\n")
    );
}
