//! The result cache under `.connlint_cache/` at the project root.
//!
//! Two kinds of entries, in one JSON file written atomically at the end of
//! each run (holding only what that run used, so it never grows stale):
//!
//! - **facts**: what pass 1 extracted from a Python file. The key is a hash
//!   of the file's path, module name, package flag and content. A hit skips
//!   parsing it for the summaries.
//! - **results**: the findings of a checked Python file. The key is a hash of
//!   the same key and the *summaries hash*: a hash of the facts of every
//!   module the summaries were built from, and of the project configuration.
//!   A hit skips parsing the file and running the rules.
//!
//! The file records a salt, and a run with another salt ignores the whole
//! file. The salt is connlint's version, the executable's size and modification
//! time (so a rebuilt connlint never reuses another build's results), the
//! command-line overrides, and the text of every configuration file in use.
//!
//! Correctness comes first. A file's findings depend on the summaries of
//! other files (whether `get_db_connection` returns a pooled connection is
//! decided in `app/db.py`). Any change in any module's facts changes the
//! summaries hash, and with it every results key. An edit that leaves every
//! module's facts as they were (a string literal, a comment, a body that
//! calls the same things) re-checks only the edited file. Rust files are not
//! cached: their whole pass is already faster than reading a cache would
//! save.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Label};
use crate::hash::fnv1a;
use crate::rules::{PSEUDO_RULES, RULES, RuleMeta};
use crate::source::TextRange;

/// The cache directory's name, at the project root.
pub const DIR: &str = ".connlint_cache";

#[derive(Debug, Serialize, Deserialize)]
#[serde(bound(
    serialize = "F: Serialize",
    deserialize = "F: serde::de::DeserializeOwned"
))]
struct Store<F> {
    /// Must equal the run's salt, else the whole file is ignored.
    salt: String,
    facts: HashMap<u64, FactsEntry<F>>,
    results: HashMap<u64, ResultsEntry>,
    /// The names each round's project gave (`Language::relevant_names`), by
    /// the hash of the facts it was built from.
    rounds: HashMap<u64, Vec<Vec<String>>>,
    /// The last project pass 1 built (`Language::save_project`), by the
    /// hash of the facts it was built from.
    project: Option<(u64, Vec<u8>)>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FactsEntry<F> {
    /// A hash of `facts`, for the summaries hash.
    pub hash: u64,
    pub facts: F,
}

/// An open cache: what the last run stored, and what this run stores.
#[derive(Debug)]
pub struct Cache<F> {
    dir: PathBuf,
    /// The file under `DIR` (one per language that is cached).
    file: &'static str,
    old: Store<F>,
    new: Mutex<Store<F>>,
    /// Something was stored that the file does not hold yet.
    dirty: std::sync::atomic::AtomicBool,
}

impl<F> Default for Store<F> {
    fn default() -> Self {
        Store {
            salt: String::new(),
            facts: HashMap::new(),
            results: HashMap::new(),
            rounds: HashMap::new(),
            project: None,
        }
    }
}

impl<F: Clone + Serialize + serde::de::DeserializeOwned> Cache<F> {
    /// Opens the cache file `file` at `root` for a run with this `salt`. A
    /// missing, unreadable, corrupt or foreign cache file is an empty cache.
    #[must_use]
    pub fn open(root: &Path, file: &'static str, salt: String) -> Cache<F> {
        let dir = root.join(DIR);
        let old = std::fs::read(dir.join(file))
            .ok()
            .and_then(|b| postcard::from_bytes::<Store<F>>(&b).ok())
            .filter(|s| s.salt == salt)
            .unwrap_or_default();
        Cache {
            dir,
            file,
            new: Mutex::new(Store {
                salt,
                ..Store::default()
            }),
            old,
            dirty: std::sync::atomic::AtomicBool::new(false),
        }
    }

    /// The facts stored under `key`, kept for the next run too.
    #[must_use]
    pub fn facts(&self, key: u64) -> Option<FactsEntry<F>> {
        let e = self.old.facts.get(&key)?.clone();
        if let Ok(mut new) = self.new.lock() {
            new.facts.insert(key, e.clone());
        }
        Some(e)
    }

    /// Stores facts; returns their hash.
    pub fn put_facts(&self, key: u64, facts: &F) -> u64 {
        let hash = postcard::to_stdvec(facts).map_or(0, |b| fnv1a(&b));
        self.dirty.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Ok(mut new) = self.new.lock() {
            new.facts.insert(
                key,
                FactsEntry {
                    hash,
                    facts: facts.clone(),
                },
            );
        }
        hash
    }

    /// The findings stored under `key`, if `answers` (a hash of what the
    /// project answers now to the reads the check made) is what it was;
    /// kept for the next run too.
    #[must_use]
    pub fn results(
        &self,
        key: u64,
        answers: impl FnOnce(&[(u8, String)]) -> u64,
    ) -> Option<Vec<Diagnostic>> {
        let cached = self.old.results.get(&key)?;
        if answers(&cached.reads) != cached.answers {
            return None;
        }
        let diagnostics: Option<Vec<Diagnostic>> = cached
            .diagnostics
            .iter()
            .map(CachedDiagnostic::restore)
            .collect();
        let diagnostics = diagnostics?;
        if let Ok(mut new) = self.new.lock() {
            new.results.insert(key, cached.clone());
        }
        Some(diagnostics)
    }

    /// Stores a file's findings with the reads of the project its check
    /// made and the hash of the answers.
    pub fn put_results(
        &self,
        key: u64,
        reads: Vec<(u8, String)>,
        answers: u64,
        diagnostics: &[Diagnostic],
    ) {
        let entry = ResultsEntry {
            reads,
            answers,
            diagnostics: diagnostics.iter().map(CachedDiagnostic::from).collect(),
        };
        self.dirty.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Ok(mut new) = self.new.lock() {
            new.results.insert(key, entry);
        }
    }

    /// The names the project built from the facts hashed to `key` gave,
    /// kept for the next run too.
    #[must_use]
    pub fn round_names(&self, key: u64) -> Option<Vec<Vec<String>>> {
        let names = self.old.rounds.get(&key)?.clone();
        if let Ok(mut new) = self.new.lock() {
            new.rounds.insert(key, names.clone());
        }
        Some(names)
    }

    pub fn put_round_names(&self, key: u64, names: &[Vec<String>]) {
        self.dirty.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Ok(mut new) = self.new.lock() {
            new.rounds.insert(key, names.to_vec());
        }
    }

    /// The project built from the facts hashed to `key`, as bytes; kept
    /// for the next run too.
    #[must_use]
    pub fn project(&self, key: u64) -> Option<&[u8]> {
        let (k, bytes) = self.old.project.as_ref()?;
        if *k != key {
            return None;
        }
        if let Ok(mut new) = self.new.lock() {
            new.project = Some((key, bytes.clone()));
        }
        Some(bytes)
    }

    pub fn put_project(&self, key: u64, bytes: Vec<u8>) {
        self.dirty.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Ok(mut new) = self.new.lock() {
            new.project = Some((key, bytes));
        }
    }

    /// Writes what this run used or made (atomically). A cache that cannot
    /// be written is not an error: the next run is a cold one.
    pub fn save(self) {
        let Ok(store) = self.new.into_inner() else {
            return;
        };
        // Every entry came from the file and every entry of it was used: it stands.
        let unchanged = !self.dirty.load(std::sync::atomic::Ordering::Relaxed)
            && store.facts.len() == self.old.facts.len()
            && store.results.len() == self.old.results.len()
            && store.rounds.len() == self.old.rounds.len()
            && store.project.is_some() == self.old.project.is_some();
        if unchanged {
            return;
        }
        if std::fs::create_dir_all(&self.dir).is_err() {
            return;
        }
        // Never committed, never backed up.
        let _ = std::fs::write(self.dir.join(".gitignore"), "# Created by connlint.\n*\n");
        let _ = std::fs::write(
            self.dir.join("CACHEDIR.TAG"),
            "Signature: 8a477f597d28d172789f06886806bc55\n# This directory is connlint's cache.\n",
        );
        if let Ok(bytes) = postcard::to_stdvec(&store) {
            let _ = crate::fs::write_atomically(&self.dir.join(self.file), &bytes);
        }
    }
}

/// Removes the cache under `root`; whether there was one.
///
/// # Errors
/// The directory exists but cannot be removed.
pub fn clean(root: &Path) -> std::io::Result<bool> {
    let dir = root.join(DIR);
    if !dir.exists() {
        return Ok(false);
    }
    std::fs::remove_dir_all(&dir)?;
    Ok(true)
}

/// A checked file's findings, valid while the project answers its check's
/// reads as it did (see `lang::python::summaries::reads`).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct ResultsEntry {
    reads: Vec<(u8, String)>,
    answers: u64,
    diagnostics: Vec<CachedDiagnostic>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CachedDiagnostic {
    code: String,
    range: (u32, u32),
    message: String,
    labels: Vec<((u32, u32), String)>,
    help: Option<String>,
    notes: Vec<String>,
    fix: Option<CachedFix>,
    scope: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct CachedFix {
    title: String,
    applicability: u8,
    edits: Vec<((u32, u32), String)>,
}

fn range(r: TextRange) -> (u32, u32) {
    (r.start, r.end)
}

fn unrange(r: (u32, u32)) -> TextRange {
    TextRange {
        start: r.0,
        end: r.1,
    }
}

fn rule_meta(code: &str) -> Option<&'static RuleMeta> {
    RULES
        .iter()
        .map(|r| r.meta())
        .chain(PSEUDO_RULES)
        .find(|m| m.code == code)
}

impl From<&Diagnostic> for CachedDiagnostic {
    fn from(d: &Diagnostic) -> CachedDiagnostic {
        CachedDiagnostic {
            code: d.rule.code.to_owned(),
            range: range(d.range),
            message: d.message.clone(),
            labels: d
                .labels
                .iter()
                .map(|l| (range(l.range), l.message.clone()))
                .collect(),
            help: d.help.clone(),
            notes: d.notes.clone(),
            fix: d.fix.as_ref().map(|f| CachedFix {
                title: f.title.clone(),
                applicability: match f.applicability {
                    Applicability::Safe => 0,
                    Applicability::Unsafe => 1,
                    Applicability::DisplayOnly => 2,
                },
                edits: f
                    .edits
                    .iter()
                    .map(|e| (range(e.range), e.content.clone()))
                    .collect(),
            }),
            scope: d.scope.clone(),
        }
    }
}

impl CachedDiagnostic {
    /// The diagnostic again; `None` for a rule this build does not have.
    fn restore(&self) -> Option<Diagnostic> {
        let rule = rule_meta(&self.code)?;
        let mut d = Diagnostic::new(rule, unrange(self.range), self.message.clone());
        d.labels = self
            .labels
            .iter()
            .map(|(r, m)| Label {
                range: unrange(*r),
                message: m.clone(),
            })
            .collect();
        d.help.clone_from(&self.help);
        d.notes.clone_from(&self.notes);
        d.fix = match &self.fix {
            None => None,
            Some(f) => Some(Fix {
                title: f.title.clone(),
                applicability: match f.applicability {
                    0 => Applicability::Safe,
                    1 => Applicability::Unsafe,
                    2 => Applicability::DisplayOnly,
                    _ => return None,
                },
                edits: f
                    .edits
                    .iter()
                    .map(|(r, c)| Edit {
                        range: unrange(*r),
                        content: c.clone(),
                    })
                    .collect(),
            }),
        };
        d.scope.clone_from(&self.scope);
        Some(d)
    }
}
