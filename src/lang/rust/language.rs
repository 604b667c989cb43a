//! The Rust language of the engine: the crates of a run, pass 1 of a file
//! (declared types and signatures), the scan of every parsed file against
//! the project (its facts for the rules, its behaviour for the summaries),
//! and pass 2 (the rules on one file's context).

use std::collections::HashMap;
use std::path::PathBuf;

use tree_sitter::{Node, Tree};

use crate::catalog::CatalogError;
use crate::catalog::rust::RustCatalog;
use crate::diagnostic::Diagnostic;
use crate::lang::rust::context::{RsContext, RustRule};
use crate::lang::rust::facts::{CrateId, FileId, FnSig, RsFileFacts};
use crate::lang::rust::names::Uses;
use crate::lang::rust::project::CrateInfo;
use crate::lang::rust::project::{FnBehaviour, RsProject};
use crate::lang::rust::scan::{FileScan, Scanner};
use crate::lang::{self, FileRef, Language};
use crate::rule_meta::{ANALYSIS_LIMIT, ANALYSIS_LIMIT_NOTE};
use crate::source::{Lang, SourceFile, TextRange};

/// Rust, as the engine runs it: the catalog and the crate of every file.
#[derive(Debug)]
pub struct Rust {
    catalog: RustCatalog,
    /// The crate of each file of the run, by the file's index.
    krates: Vec<CrateId>,
    /// Each crate's name and dependencies, by crate id.
    crate_info: Vec<CrateInfo>,
}

/// What is known of a Rust file before it is parsed.
#[derive(Debug, Clone, Copy)]
pub struct RsMeta {
    pub krate: CrateId,
    pub id: FileId,
    /// Test code by path (`tests/`, `benches/`, `examples/`).
    pub is_test: bool,
}

/// What pass 1 keeps of a Rust file, and the scan stage 3 adds.
pub struct RsParsed {
    pub tree: Tree,
    pub uses: Uses,
    /// Pass 1's function signatures, by start byte (reused by the scan).
    pub sigs: Vec<FnSig>,
    pub scan: Option<FileScan>,
}

impl Rust {
    pub fn new() -> Result<Rust, CatalogError> {
        Ok(Rust {
            catalog: RustCatalog::builtin()?,
            krates: Vec::new(),
            crate_info: Vec::new(),
        })
    }

    /// Rust with a catalog of its own (the built-in one plus a project's pools).
    #[must_use]
    pub fn with_catalog(catalog: RustCatalog) -> Rust {
        Rust {
            catalog,
            krates: Vec::new(),
            crate_info: Vec::new(),
        }
    }

    #[must_use]
    pub fn catalog(&self) -> &RustCatalog {
        &self.catalog
    }
}

impl Language for Rust {
    const LANG: Lang = Lang::Rust;
    const COMMENT_KINDS: &'static [&'static str] = &["line_comment", "block_comment"];
    const KEEP_ALL_PARSES: bool = true;
    type Meta = RsMeta;
    type Parsed = RsParsed;
    type Facts = RsFileFacts;
    type Project = RsProject;
    type Linked = Vec<(CrateId, FileId, String, FnBehaviour)>;
    type Rule = dyn RustRule;

    fn prepare(&mut self, files: &[FileRef<'_>]) {
        (self.krates, self.crate_info) = crate_ids(files);
    }

    fn seed_names(&self) -> Vec<Vec<String>> {
        self.catalog
            .prefilter_words()
            .into_iter()
            .map(|w| vec![w])
            .collect()
    }

    fn meta(&self, file: &FileRef<'_>) -> RsMeta {
        RsMeta {
            krate: self.krates.get(file.index).copied().unwrap_or_default(),
            id: file.index as FileId,
            is_test: lang::rust::is_test_path(file.path, file.root),
        }
    }

    fn parse(&self, text: &str) -> Option<RsParsed> {
        let tree = lang::rust::parse(text)?;
        let uses = Uses::collect(tree.root_node(), text);
        Some(RsParsed {
            tree,
            uses,
            sigs: Vec::new(),
            scan: None,
        })
    }

    fn pass1(
        &self,
        file: &FileRef<'_>,
        meta: &RsMeta,
        text: &str,
    ) -> Option<(RsParsed, RsFileFacts)> {
        let mut parsed = self.parse(text)?;
        let mut f =
            lang::rust::facts::extract(parsed.tree.root_node(), text, &parsed.uses, &self.catalog);
        f.path = file.path.to_path_buf();
        f.krate = meta.krate;
        f.file = meta.id;
        for s in &mut f.functions {
            s.file = meta.id;
        }
        parsed.sigs.clone_from(&f.functions);
        parsed.sigs.sort_by_key(|s| s.start);
        Some((parsed, f))
    }

    fn project(&self, facts: &[&RsFileFacts]) -> RsProject {
        let mut p = RsProject::build(facts.iter().copied());
        p.set_crates(self.crate_info.clone());
        p
    }

    fn relevant_names(&self, project: &RsProject) -> Vec<Vec<String>> {
        project
            .relevant_names(&self.catalog)
            .into_iter()
            .map(|n| vec![n])
            .collect()
    }

    fn link(
        &self,
        project: &RsProject,
        _file: &FileRef<'_>,
        meta: &RsMeta,
        parsed: &mut RsParsed,
        text: &str,
    ) -> Self::Linked {
        let mut scan = Scanner::new(
            text,
            &parsed.uses,
            &self.catalog,
            project.scoped_in(meta.krate, meta.id),
            meta.is_test,
            &parsed.sigs,
        )
        .scan(parsed.tree.root_node());
        let behaviour = scan
            .behaviour
            .drain(..)
            .map(|(k, b)| (meta.krate, meta.id, k, b))
            .collect();
        parsed.scan = Some(scan);
        behaviour
    }

    fn close(&self, project: &mut RsProject, linked: Vec<Self::Linked>) {
        project.summarise(linked.into_iter().flatten().collect());
    }

    fn check(
        &self,
        file: &FileRef<'_>,
        meta: &RsMeta,
        parsed: &RsParsed,
        source: &SourceFile,
        project: &RsProject,
        rules: &[&dyn RustRule],
    ) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        // Only a file that the scan reached is checked (the engine links every parsed file).
        let Some(scan) = &parsed.scan else {
            return out;
        };
        let cx = RsContext {
            source,
            scan,
            project: project.scoped_in(meta.krate, meta.id),
            catalog: &self.catalog,
            is_test: meta.is_test,
            is_startup: lang::rust::is_startup_path(file.path, file.root),
            flag_detach: file.options.flag_detach,
        };
        // No syntax-error findings for Rust: rustc reports those, and
        // tree-sitter-rust rejects some valid macro code (`$` in nested
        // `macro_rules!`, attributes on arguments). What parses is analysed.
        for rule in rules {
            rule.check(&cx, &mut out);
        }
        for &(start, end, deep) in &scan.limits {
            let message = if deep {
                "too deeply nested to analyse: nothing inside this expression was checked"
            } else {
                "the file is too large to analyse: nothing from here on was checked"
            };
            out.push(
                Diagnostic::new(
                    &ANALYSIS_LIMIT,
                    TextRange {
                        start: start as u32,
                        end: if deep { start as u32 + 1 } else { end as u32 },
                    },
                    message.to_owned(),
                )
                .note(ANALYSIS_LIMIT_NOTE),
            );
        }
        out
    }

    fn tree(parsed: &RsParsed) -> &Tree {
        &parsed.tree
    }

    fn statement_lines(source: &SourceFile, root: Node<'_>, offset: usize) -> (usize, usize) {
        lang::rust::statement_lines(source, root, offset)
    }
}

/// Crate ids: the directory of the nearest `Cargo.toml` above each file
/// (within its root); and each crate's name and dependencies, read from it.
fn crate_ids(files: &[FileRef<'_>]) -> (Vec<CrateId>, Vec<CrateInfo>) {
    let mut dirs: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
    let mut ids: HashMap<PathBuf, CrateId> = HashMap::new();
    let krates: Vec<CrateId> = files
        .iter()
        .map(|f| {
            let root = f.root;
            let mut found: Option<PathBuf> = None;
            let mut d = f.path.parent();
            let mut walked = Vec::new();
            while let Some(dir) = d {
                if let Some(known) = dirs.get(dir) {
                    found.clone_from(known);
                    break;
                }
                walked.push(dir.to_owned());
                if dir.join("Cargo.toml").is_file() {
                    found = Some(dir.to_owned());
                    break;
                }
                if dir == root {
                    break;
                }
                d = dir.parent();
            }
            for w in walked {
                dirs.insert(w, found.clone());
            }
            let key = found.unwrap_or_else(|| root.to_path_buf());
            let next = ids.len() as CrateId;
            *ids.entry(key).or_insert(next)
        })
        .collect();
    let mut info = vec![CrateInfo::default(); ids.len()];
    let mut dirs: Vec<(PathBuf, CrateId)> = ids.into_iter().collect();
    dirs.sort_by_key(|(_, id)| *id);
    for (dir, id) in dirs {
        info[id as usize] = read_manifest(&dir.join("Cargo.toml"));
    }
    (krates, info)
}

/// A crate's name (`[lib] name`, else `[package] name`, `-` read as `_`)
/// and its dependencies' names, from its `Cargo.toml`. Unreadable or absent:
/// nothing known, and the crate sees every other crate as before.
fn read_manifest(path: &std::path::Path) -> CrateInfo {
    let Ok(text) = std::fs::read_to_string(path) else {
        return CrateInfo::default();
    };
    let Ok(doc) = text.parse::<toml::Table>() else {
        return CrateInfo::default();
    };
    let get_name = |table: &str| {
        doc.get(table)
            .and_then(|t| t.get("name"))
            .and_then(toml::Value::as_str)
            .map(|n| n.replace('-', "_"))
    };
    let name = get_name("lib").or_else(|| get_name("package"));
    let mut deps = Vec::new();
    let mut tables: Vec<&toml::Table> = Vec::new();
    for key in ["dependencies", "dev-dependencies", "build-dependencies"] {
        tables.extend(doc.get(key).and_then(toml::Value::as_table));
    }
    // `[target.'cfg(..)'.dependencies]`
    if let Some(targets) = doc.get("target").and_then(toml::Value::as_table) {
        for t in targets.values().filter_map(toml::Value::as_table) {
            for key in ["dependencies", "dev-dependencies"] {
                tables.extend(t.get(key).and_then(toml::Value::as_table));
            }
        }
    }
    for t in tables {
        deps.extend(t.keys().map(|k| k.replace('-', "_")));
    }
    deps.sort();
    deps.dedup();
    // A crate without a name (a virtual workspace manifest) is not a crate
    // anyone depends on: unknown, as if it had no manifest.
    CrateInfo { name, deps }
}
