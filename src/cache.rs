//! The result cache under `.connlint_cache/` at the project root.
//!
//! What a run keeps for the next, per cached language (Python), in
//! postcard:
//!
//! - **facts**: what pass 1 extracted from a file, one file each under
//!   `python-facts/`, named by the file's key: a hash of its path, module
//!   name, package flag and content (and the salt). A hit skips parsing the
//!   file for the summaries. The index in `python.bin` holds each entry's
//!   hash; a run reads a facts file only when it must build a project.
//! - **rounds**: the names each round of pass 1 found, by the hash of the
//!   facts its project was built from; and in `python-project.bin`, the
//!   last project built. A run whose facts are all as before builds no
//!   project: it loads the last one.
//! - **results**: the findings of a checked file, by its key, with the reads
//!   of the project its check made (see `lang::python::summaries::reads`)
//!   and a hash of the answers. A hit, when the project answers the same,
//!   skips parsing the file and running the rules.
//!
//! Every file records the salt, and a run with another salt ignores it. The
//! salt is connlint's version, the executable's size and modification time
//! (so a rebuilt connlint never reuses another build's results), the
//! command-line overrides, and the text of every configuration file in use.
//! The index and the results are rewritten (atomically) only when they
//! changed and hold only what that run used, so the cache never grows stale;
//! facts files no run used any more are removed.
//!
//! Correctness comes first. A file's findings depend on the summaries of
//! other files (whether `get_db_connection` returns a pooled connection is
//! decided in `app/db.py`): a changed summary that a file's check read, or
//! a change in what every check reads whole (the pools, the guarded
//! managers), re-checks it. An edit that leaves every module's facts as
//! they were (a string literal, a comment, a body that calls the same
//! things) re-checks only the edited file and builds no project. Rust files
//! are not cached: their whole pass is already faster than reading a cache
//! would save.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use serde::{Deserialize, Serialize};

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Label};
use crate::hash::fnv1a;
use crate::rules::{PSEUDO_RULES, RULES, RuleMeta};
use crate::source::TextRange;

/// The cache directory's name, at the project root.
pub const DIR: &str = ".connlint_cache";

/// The index: everything but the facts themselves and the project.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Store {
    /// Must equal the run's salt, else the whole file is ignored.
    salt: String,
    /// File key → the hash of its facts (the facts file's content).
    facts: HashMap<u64, u64>,
    results: HashMap<u64, ResultsEntry>,
    /// The names each round's project gave (`Language::relevant_names`), by
    /// the hash of the facts it was built from.
    rounds: HashMap<u64, Vec<Vec<String>>>,
    /// The hash of the facts the project in the project file was built from.
    project: Option<u64>,
    /// What the last run knew of each file, by path (see [`Stamp`]).
    files: HashMap<String, Stamp>,
    /// The names each round of the last run's pass 1 looked for, in order.
    prefilter: Vec<Vec<Vec<String>>>,
}

/// A file as the last run saw it: its size and times on disk, a hash of its
/// content, the round of pass 1 that took it, and its notes' inputs. A file
/// whose size and times are the same is not read again: its content is the
/// same. Only files last modified well before the run began get a stamp
/// (see [`Cache::settled`]), so an edit made while a run reads the file, or
/// within the file system's timestamp granularity, is never missed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamp {
    pub len: u64,
    /// Modification and status-change times, in nanoseconds since the epoch.
    pub mtime: i128,
    pub ctime: i128,
    /// `hash::content` of the text.
    pub content: u64,
    /// The round of pass 1 whose names the file mentions; 0: none.
    pub round: u32,
    /// The file's key when `notes` was computed, and `notes`
    /// (`Language::note_inputs`).
    pub notes_key: u64,
    pub notes: Vec<(u32, String)>,
}

impl Stamp {
    /// The size and times of `meta`, for comparison with a stamp.
    #[must_use]
    pub fn times(meta: &std::fs::Metadata) -> (u64, i128, i128) {
        let ns = |t: std::io::Result<std::time::SystemTime>| {
            t.ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(-1, |d| i128::try_from(d.as_nanos()).unwrap_or(-1))
        };
        #[cfg(unix)]
        let ctime = {
            use std::os::unix::fs::MetadataExt;
            i128::from(meta.ctime()) * 1_000_000_000 + i128::from(meta.ctime_nsec())
        };
        #[cfg(not(unix))]
        let ctime = -1;
        (meta.len(), ns(meta.modified()), ctime)
    }
}

/// An open cache: what the last run stored, and what this run stores.
#[derive(Debug)]
pub struct Cache<F> {
    dir: PathBuf,
    /// The index file under `DIR` (`python.bin`); the facts directory and
    /// the project file are named after it.
    file: &'static str,
    salt: String,
    old: Store,
    new: Mutex<Store>,
    /// Facts files to write: (file key, bytes).
    new_facts: Mutex<Vec<(u64, Vec<u8>)>>,
    /// The project to write: (facts hash, bytes).
    new_project: Mutex<Option<(u64, Vec<u8>)>>,
    /// Something was stored that the index does not hold yet.
    dirty: AtomicBool,
    /// When this run began, in nanoseconds since the epoch.
    began: i128,
    _facts: std::marker::PhantomData<fn() -> F>,
}

/// The project file: the salt, the hash of the facts, the project's bytes.
#[derive(Serialize, Deserialize)]
struct ProjectFile {
    salt: String,
    key: u64,
    bytes: Vec<u8>,
}

impl<F: Serialize + serde::de::DeserializeOwned> Cache<F> {
    /// Opens the cache of index file `file` at `root` for a run with this
    /// `salt`. A missing, unreadable, corrupt or foreign cache is an empty one.
    #[must_use]
    pub fn open(root: &Path, file: &'static str, salt: String) -> Cache<F> {
        let dir = root.join(DIR);
        let old = std::fs::read(dir.join(file))
            .ok()
            .and_then(|b| postcard::from_bytes::<Store>(&b).ok())
            .filter(|s| s.salt == salt)
            .unwrap_or_default();
        Cache {
            dir,
            file,
            new: Mutex::new(Store {
                salt: salt.clone(),
                ..Store::default()
            }),
            salt,
            old,
            new_facts: Mutex::new(Vec::new()),
            new_project: Mutex::new(None),
            dirty: AtomicBool::new(false),
            began: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| i128::try_from(d.as_nanos()).unwrap_or(0)),
            _facts: std::marker::PhantomData,
        }
    }

    fn stem(&self) -> &str {
        self.file.split('.').next().unwrap_or(self.file)
    }

    fn facts_dir(&self) -> PathBuf {
        self.dir.join(format!("{}-facts", self.stem()))
    }

    fn project_path(&self) -> PathBuf {
        self.dir.join(format!("{}-project.bin", self.stem()))
    }

    fn facts_path(&self, key: u64) -> PathBuf {
        facts_file(&self.facts_dir(), &self.salt, key)
    }

    /// The last run's stamp of `path`, if its size and times are still
    /// `times` (the file is then as it was).
    #[must_use]
    pub fn stamp(&self, path: &Path, times: (u64, i128, i128)) -> Option<&Stamp> {
        let s = self.old.files.get(path.to_str()?)?;
        ((s.len, s.mtime, s.ctime) == times && s.mtime >= 0 && s.ctime >= 0).then_some(s)
    }

    /// Whether a file last modified at `mtime` may be stamped: two seconds
    /// before this run began (coarse file-system clocks).
    #[must_use]
    pub fn settled(&self, mtime: i128) -> bool {
        mtime >= 0 && mtime + 2_000_000_000 < self.began
    }

    pub fn put_stamp(&self, path: &Path, stamp: Stamp) {
        let Some(p) = path.to_str() else {
            return;
        };
        if self.old.files.get(p) != Some(&stamp) {
            self.dirty.store(true, Ordering::Relaxed);
        }
        if let Ok(mut new) = self.new.lock() {
            new.files.insert(p.to_owned(), stamp);
        }
    }

    /// The names the last run's round `round` (from 1) looked for.
    #[must_use]
    pub fn prefilter(&self, round: u32) -> Option<&Vec<Vec<String>>> {
        self.old
            .prefilter
            .get(usize::try_from(round).ok()?.checked_sub(1)?)
    }

    pub fn put_prefilter(&self, rounds: Vec<Vec<Vec<String>>>) {
        if rounds != self.old.prefilter {
            self.dirty.store(true, Ordering::Relaxed);
        }
        if let Ok(mut new) = self.new.lock() {
            new.prefilter = rounds;
        }
    }

    /// The hash of the facts stored under `key`, if any; kept for the next
    /// run too. The facts themselves are read by [`load_facts`](Cache::load_facts).
    #[must_use]
    pub fn facts(&self, key: u64) -> Option<u64> {
        let hash = *self.old.facts.get(&key)?;
        if let Ok(mut new) = self.new.lock() {
            new.facts.insert(key, hash);
        }
        Some(hash)
    }

    /// The facts stored under `key`, read from their file; `None` when the
    /// file is missing or is not what the index says.
    #[must_use]
    pub fn load_facts(&self, key: u64) -> Option<F> {
        let hash = *self.old.facts.get(&key)?;
        let bytes = std::fs::read(self.facts_path(key)).ok()?;
        if fnv1a(&bytes) != hash {
            return None;
        }
        postcard::from_bytes(&bytes).ok()
    }

    /// Stores facts; returns their hash.
    pub fn put_facts(&self, key: u64, facts: &F) -> u64 {
        let Ok(bytes) = postcard::to_stdvec(facts) else {
            return 0;
        };
        let hash = fnv1a(&bytes);
        self.dirty.store(true, Ordering::Relaxed);
        if let Ok(mut new) = self.new.lock() {
            new.facts.insert(key, hash);
        }
        if self.old.facts.get(&key) != Some(&hash) {
            if let Ok(mut files) = self.new_facts.lock() {
                files.push((key, bytes));
            }
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
        self.dirty.store(true, Ordering::Relaxed);
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
        self.dirty.store(true, Ordering::Relaxed);
        if let Ok(mut new) = self.new.lock() {
            new.rounds.insert(key, names.to_vec());
        }
    }

    /// The project built from the facts hashed to `key`, as bytes; kept
    /// for the next run too.
    #[must_use]
    pub fn project(&self, key: u64) -> Option<Vec<u8>> {
        if self.old.project != Some(key) {
            return None;
        }
        let bytes = std::fs::read(self.project_path()).ok()?;
        let file: ProjectFile = postcard::from_bytes(&bytes).ok()?;
        if file.salt != self.salt || file.key != key {
            return None;
        }
        if let Ok(mut new) = self.new.lock() {
            new.project = Some(key);
        }
        Some(file.bytes)
    }

    /// Keeps the project file for the next run if it holds the project of
    /// `key` (by the index); whether it does.
    pub fn keep_project(&self, key: u64) -> bool {
        if self.old.project != Some(key) {
            return false;
        }
        if let Ok(mut new) = self.new.lock() {
            new.project = Some(key);
        }
        true
    }

    pub fn put_project(&self, key: u64, bytes: Vec<u8>) {
        self.dirty.store(true, Ordering::Relaxed);
        if let Ok(mut new) = self.new.lock() {
            new.project = Some(key);
        }
        if let Ok(mut p) = self.new_project.lock() {
            *p = Some((key, bytes));
        }
    }

    /// Writes what this run used or made (each file atomically). A cache
    /// that cannot be written is not an error: the next run is a cold one.
    pub fn save(self) {
        let facts_dir = self.facts_dir();
        let project_path = self.project_path();
        let Ok(store) = self.new.into_inner() else {
            return;
        };
        let facts = self.new_facts.into_inner().unwrap_or_default();
        let project = self.new_project.into_inner().unwrap_or_default();
        // Every entry came from the file and every entry of it was used: it stands.
        let unchanged = !self.dirty.load(Ordering::Relaxed)
            && store.facts.len() == self.old.facts.len()
            && store.results.len() == self.old.results.len()
            && store.rounds.len() == self.old.rounds.len()
            && store.project == self.old.project
            && store.files.len() == self.old.files.len();
        if unchanged {
            return;
        }
        if std::fs::create_dir_all(&facts_dir).is_err() {
            return;
        }
        // Never committed, never backed up.
        let _ = std::fs::write(self.dir.join(".gitignore"), "# Created by connlint.\n*\n");
        let _ = std::fs::write(
            self.dir.join("CACHEDIR.TAG"),
            "Signature: 8a477f597d28d172789f06886806bc55\n# This directory is connlint's cache.\n",
        );
        let path_of = |key: u64| facts_file(&facts_dir, &self.salt, key);
        for (key, bytes) in &facts {
            let _ = replace(&path_of(*key), bytes);
        }
        // Facts files this run did not use go (another build's, or edited away).
        if store.facts.len() != self.old.facts.len() || !facts.is_empty() {
            let keep: std::collections::HashSet<PathBuf> =
                store.facts.keys().map(|k| path_of(*k)).collect();
            if let Ok(entries) = std::fs::read_dir(&facts_dir) {
                for e in entries.flatten() {
                    if !keep.contains(&e.path()) {
                        let _ = std::fs::remove_file(e.path());
                    }
                }
            }
        }
        if let Some((key, bytes)) = project {
            let file = ProjectFile {
                salt: self.salt.clone(),
                key,
                bytes,
            };
            if let Ok(b) = postcard::to_stdvec(&file) {
                let _ = replace(&project_path, &b);
            }
        }
        if let Ok(bytes) = postcard::to_stdvec(&store) {
            let _ = replace(&self.dir.join(self.file), &bytes);
        }
    }
}

/// The facts file of `key` in `dir`: the salt is in its name, so another
/// build's facts never match.
fn facts_file(dir: &Path, salt: &str, key: u64) -> PathBuf {
    let name = crate::hash::key(&[salt.as_bytes(), &key.to_le_bytes()]);
    dir.join(format!("{name:016x}.bin"))
}

/// Replaces `path` with `bytes` through a temporary file and a rename:
/// readers see the old file or the new one. Not synced to disk: a cache
/// file torn by a crash fails its hash or its decoding, and is ignored.
fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
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
