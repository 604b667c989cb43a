//! connlint: finds database-connection misuse in Python (and, later, Rust) code.
//!
//! The pipeline, one way: settings → `discover` → read → pass 1 (parse each
//! file once, extract facts) → `analysis::summaries` (project-wide) → pass 2
//! (per file, in parallel: rules) → `suppress` → sort → `report`.

pub mod analysis;
pub mod baseline;
pub mod cache;
pub mod catalog;
pub mod cli;
pub mod diagnostic;
pub mod discover;
pub mod fix;
#[doc(hidden)]
pub mod fuzzing;
pub mod lang;
pub mod report;
pub mod rules;
pub mod settings;
pub mod source;
pub mod suppress;

use std::collections::{HashMap, HashSet};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::analysis::summaries::{ModuleFacts, Project, ProjectConfig};
use crate::catalog::Catalog;
use crate::diagnostic::Diagnostic;
use crate::discover::{Candidate, Problem};
use crate::lang::python::model::PyFile;
use crate::lang::python::resources::Finder;
use crate::rules::{PyContext, RULES};
use crate::settings::{ConfigError, Overrides, Settings};
use crate::source::{Lang, SourceFile, TextRange};
use crate::suppress::Suppressions;

/// What to check, as the CLI (or a test) asks for it.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Paths to check (absolute or relative to `cwd`).
    pub paths: Vec<PathBuf>,
    /// `--config FILE`: use this configuration for every path.
    pub config: Option<PathBuf>,
    pub overrides: Overrides,
    /// Worker threads (0: one per core).
    pub jobs: usize,
    /// `--stdin-filename NAME` and the source read from stdin.
    pub stdin: Option<(PathBuf, String)>,
    /// The working directory: relative paths are resolved and displayed against it.
    pub cwd: PathBuf,
    /// Texts to use instead of the files' contents (absolute paths): what
    /// `--diff` has fixed so far, without writing it.
    pub overlay: HashMap<PathBuf, String>,
    /// `--force-exclude`: the exclude globs apply to files named on the
    /// command line too (pre-commit names every changed file).
    pub force_exclude: bool,
    /// Counters a caller may watch while the run goes on (a progress bar).
    pub progress: Option<Arc<Progress>>,
    /// Use the result cache under `.connlint_cache/` at the project root
    /// (never with stdin or an overlay).
    pub cache: bool,
}

/// How far a run has got: files to read, read, and analysed.
#[derive(Debug, Default)]
pub struct Progress {
    pub files: std::sync::atomic::AtomicUsize,
    pub read: std::sync::atomic::AtomicUsize,
    pub analysed: std::sync::atomic::AtomicUsize,
}

impl Progress {
    fn add(counter: Option<&std::sync::atomic::AtomicUsize>, n: usize) {
        if let Some(c) = counter {
            c.fetch_add(n, std::sync::atomic::Ordering::Relaxed);
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Config(#[from] ConfigError),
    #[error(transparent)]
    Catalog(#[from] catalog::CatalogError),
    #[error("cannot start worker threads: {0}")]
    Threads(String),
}

/// The findings of one file.
#[derive(Debug)]
pub struct FileReport {
    pub source: Arc<SourceFile>,
    /// The path relative to the project root (stable whatever the working directory).
    pub project_path: PathBuf,
    pub diagnostics: Vec<Diagnostic>,
    /// The fingerprints of `diagnostics` when some findings were taken out
    /// (by a baseline) after they were computed; `None`: computed on demand.
    pub fingerprints: Option<Vec<String>>,
}

/// Everything a run found.
#[derive(Debug, Default)]
pub struct Report {
    /// Files with findings, sorted by path; diagnostics sorted by position and code.
    pub files: Vec<FileReport>,
    /// Problems with paths and files (unreadable, not UTF-8, too large, ...), sorted.
    pub problems: Vec<Problem>,
    /// Files analysed.
    pub checked: usize,
    /// Files that were to be checked but could not be read.
    pub unreadable: usize,
    /// Paths named on the command line that do not exist.
    pub missing: usize,
    /// Internal errors (a panic while checking a file).
    pub internal_errors: usize,
    /// The working directory paths are displayed against.
    pub cwd: PathBuf,
}

impl Report {
    pub fn diagnostics(&self) -> impl Iterator<Item = (&FileReport, &Diagnostic)> {
        self.files
            .iter()
            .flat_map(|f| f.diagnostics.iter().map(move |d| (f, d)))
    }

    #[must_use]
    pub fn count(&self) -> usize {
        self.files.iter().map(|f| f.diagnostics.len()).sum()
    }
}

/// A file of the project, read, with what pass 1 made of it.
struct Unit {
    candidate: Candidate,
    /// Whether findings are reported for it (vs. only read for summaries).
    target: bool,
    source: Option<SourceFile>,
    /// Why it could not be read.
    problem: Option<Problem>,
    /// The syntax tree, kept from pass 1 for targets.
    tree: Option<tree_sitter::Tree>,
    /// The dotted module name and whether it is a package, from pass 1.
    module: Option<(Arc<str>, bool)>,
    parsed: bool,
    /// Pass 1 gave facts (parsed, or found in the cache).
    analysable: bool,
    /// The cache key of the file (path, module, content) and the hash of its facts.
    facts_key: u64,
    facts_hash: u64,
}

/// Phase timings on stderr when `CONNLINT_TRACE` is set (for profiling; not an interface).
struct Trace {
    on: bool,
    start: std::time::Instant,
}

impl Trace {
    fn new() -> Trace {
        Trace {
            on: std::env::var_os("CONNLINT_TRACE").is_some(),
            start: std::time::Instant::now(),
        }
    }

    #[allow(clippy::print_stderr)]
    fn mark(&self, what: impl FnOnce() -> String) {
        if self.on {
            // Resident and peak memory (Linux), to see which stage holds what.
            let memory = std::fs::read_to_string("/proc/self/status")
                .ok()
                .map(|status| {
                    let field = |name: &str| {
                        status
                            .lines()
                            .find_map(|l| l.strip_prefix(name))
                            .and_then(|v| v.split_whitespace().next())
                            .and_then(|kb| kb.parse::<u64>().ok())
                            .map_or(0, |kb| kb / 1024)
                    };
                    format!(
                        " {:>5} MB rss {:>5} MB peak",
                        field("VmRSS:"),
                        field("VmHWM:")
                    )
                })
                .unwrap_or_default();
            eprintln!(
                "[trace {:>8.1} ms{memory}] {}",
                self.start.elapsed().as_secs_f64() * 1e3,
                what()
            );
        }
    }
}

/// Which files are worth parsing: those that mention, as whole words, every
/// name of at least one of the given conjunctions.
struct Prefilter {
    matcher: aho_corasick::AhoCorasick,
    /// Patterns that end a path segment (`sqlx::`): no word boundary needed after them.
    open_ended: Vec<bool>,
    /// For each pattern, the conjunctions it takes part in.
    users: Vec<Vec<usize>>,
    conjunctions: Vec<Vec<usize>>,
}

impl Prefilter {
    /// The prefilter for these conjunctions: the last few built are kept, as
    /// building the automaton costs more than checking a small file (a
    /// `--fix` run checks several times with the same names; so do the fuzz
    /// targets, thousands of times).
    fn cached(conjunctions: &[Vec<String>]) -> Option<Arc<Prefilter>> {
        type Built = Vec<(Vec<Vec<String>>, Arc<Prefilter>)>;
        static BUILT: std::sync::Mutex<Built> = std::sync::Mutex::new(Vec::new());
        let mut built = BUILT
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(i) = built.iter().position(|(c, _)| c == conjunctions) {
            let entry = built.remove(i);
            let prefilter = Arc::clone(&entry.1);
            built.push(entry);
            return Some(prefilter);
        }
        let prefilter = Arc::new(Prefilter::new(conjunctions)?);
        if built.len() == 4 {
            built.remove(0);
        }
        built.push((conjunctions.to_vec(), Arc::clone(&prefilter)));
        Some(prefilter)
    }

    fn new(conjunctions: &[Vec<String>]) -> Option<Prefilter> {
        let mut patterns: Vec<String> = conjunctions.iter().flatten().cloned().collect();
        patterns.sort();
        patterns.dedup();
        let index = |p: &String| patterns.binary_search(p).unwrap_or(0);
        let conj: Vec<Vec<usize>> = conjunctions
            .iter()
            .map(|c| c.iter().map(index).collect())
            .collect();
        let mut users = vec![Vec::new(); patterns.len()];
        for (ci, c) in conj.iter().enumerate() {
            for &p in c {
                users[p].push(ci);
            }
        }
        let matcher = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(&patterns)
            .ok()?;
        Some(Prefilter {
            matcher,
            open_ended: patterns.iter().map(|p| p.ends_with("::")).collect(),
            users,
            conjunctions: conj,
        })
    }

    fn matches(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
        let mut seen = vec![false; self.users.len()];
        for m in self.matcher.find_iter(text) {
            let before = m.start().checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(m.end()).copied();
            let p = m.pattern().as_usize();
            if before.is_some_and(is_word) || after.is_some_and(is_word) && !self.open_ended[p] {
                continue;
            }
            if seen[p] {
                continue;
            }
            seen[p] = true;
            if self.users[p]
                .iter()
                .any(|&c| self.conjunctions[c].iter().all(|&q| seen[q]))
            {
                return true;
            }
        }
        false
    }
}

/// Bytes of source whose syntax trees pass 1 keeps for pass 2 (trees take
/// about 24 bytes of memory per byte of source, so about 200 MB). Past it,
/// pass 2 parses a file again, so peak memory stops growing with the project.
/// On the 1.1M-line corpus (19.6 MB parsed), medians of 3: no budget 4.8 s and
/// 700 MB; 8 MiB 6.0 s and 455 MB; 2 MiB 7.8 s and 320 MB. An application's
/// relevant code is usually far below it, and is then parsed once.
const TREE_BUDGET: usize = 8 << 20;

/// Rounds of pass 1 before giving up on a fixpoint of project names.
const MAX_ROUNDS: u32 = 16;

/// What makes a file worth parsing before anything is known of the project:
/// a catalog API (its module and its name) or a configured project function.
fn initial_tokens(catalog: &Catalog, config: &ProjectConfig) -> HashSet<Vec<String>> {
    let leaf = |s: &String| vec![s.rsplit('.').next().unwrap_or(s).to_owned()];
    let mut out: HashSet<Vec<String>> = catalog.prefilter_names().into_iter().collect();
    out.extend(config.acquirers.iter().map(leaf));
    out.extend(config.guarded_context_managers.iter().map(leaf));
    out
}

/// Runs connlint.
pub fn check(opts: &RunOptions) -> Result<Report, RunError> {
    let threads = if opts.jobs == 0 {
        std::thread::available_parallelism().map_or(1, std::num::NonZero::get)
    } else {
        opts.jobs
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .map_err(|e| RunError::Threads(e.to_string()))?;
    pool.install(|| check_in_pool(opts, threads))
}

fn absolute(cwd: &Path, p: &Path) -> PathBuf {
    let joined = if p.is_absolute() {
        p.to_owned()
    } else {
        cwd.join(p)
    };
    // Lexical normalisation: drop `.` and resolve `..` without touching symlinks.
    let mut out = PathBuf::new();
    for c in joined.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The path as the user should see it: relative to the working directory when below it.
#[must_use]
pub fn display_path(cwd: &Path, p: &Path) -> PathBuf {
    match p.strip_prefix(cwd) {
        Ok(rel) if !rel.as_os_str().is_empty() => rel.to_owned(),
        _ => p.to_owned(),
    }
}

/// The project root for `start`: the configuration file's directory, else
/// the repository root, else the nearest distribution root, else the working
/// directory (or `start` itself when it is outside it).
fn root_for(config_path: Option<&Path>, start: &Path, cwd: &Path) -> PathBuf {
    match config_path {
        Some(c) => c.parent().map_or_else(|| cwd.to_owned(), Path::to_path_buf),
        None => settings::find_repo_root(start)
            .or_else(|| settings::find_distribution_root(start))
            .unwrap_or_else(|| {
                if start.starts_with(cwd) {
                    cwd.to_owned()
                } else if start.is_dir() {
                    start.to_owned()
                } else {
                    start
                        .parent()
                        .map_or_else(|| cwd.to_owned(), Path::to_path_buf)
                }
            }),
    }
}

/// The project root a run from `cwd` on `start` uses (where its cache lives).
#[must_use]
pub fn project_root(start: &Path, cwd: &Path) -> PathBuf {
    let start = absolute(cwd, start);
    let config = settings::find_config(&start).ok().flatten().map(|(p, _)| p);
    root_for(config.as_deref(), &start, cwd)
}

fn check_in_pool(opts: &RunOptions, threads: usize) -> Result<Report, RunError> {
    let trace = Trace::new();
    let cwd = &opts.cwd;
    let mut paths: Vec<PathBuf> = opts.paths.iter().map(|p| absolute(cwd, p)).collect();
    let stdin_path = opts.stdin.as_ref().map(|(p, _)| absolute(cwd, p));
    if paths.is_empty() && stdin_path.is_none() {
        paths.push(cwd.clone());
    }

    // Settings: one per configuration file in play.
    let mut settings: Vec<Settings> = Vec::new();
    let mut by_config: HashMap<Option<PathBuf>, usize> = HashMap::new();
    let mut settings_for = |start: &Path| -> Result<usize, RunError> {
        let (config_path, options) = match &opts.config {
            Some(c) => {
                let c = absolute(cwd, c);
                let o = settings::load_file(&c)?.unwrap_or_default();
                (Some(c), o)
            }
            None => match settings::find_config(start)? {
                Some((p, o)) => (Some(p), o),
                None => (None, settings::Options::default()),
            },
        };
        let key = config_path.clone();
        if let Some(&i) = by_config.get(&key) {
            return Ok(i);
        }
        let root = root_for(config_path.as_deref(), start, cwd);
        let s = Settings::resolve(options, &opts.overrides, config_path, root)?;
        settings.push(s);
        by_config.insert(key, settings.len() - 1);
        Ok(settings.len() - 1)
    };
    let mut requested: Vec<(PathBuf, usize)> = Vec::new();
    for p in &paths {
        let i = settings_for(p)?;
        requested.push((p.clone(), i));
    }
    let stdin_settings = match &stdin_path {
        Some(p) => Some(settings_for(p)?),
        None => None,
    };

    // The catalog: built in, plus every configuration's additions.
    let mut catalog = Catalog::python()?;
    let mut project_config = ProjectConfig::default();
    for s in &settings {
        let origin = s
            .config_path
            .as_ref()
            .map_or_else(|| "settings".to_owned(), |p| p.display().to_string());
        catalog.extend(s.catalog.catalog_file(), &origin)?;
        for r in &s.catalog.releasers {
            catalog.add_releaser(r);
        }
        project_config
            .acquirers
            .extend(s.catalog.acquirers.iter().cloned());
        project_config
            .guarded_context_managers
            .extend(s.catalog.guarded_context_managers.iter().cloned());
        project_config
            .pool_modules
            .extend(s.catalog.pool_modules.iter().cloned());
    }

    // Targets, then the rest of each project (summaries see the whole project,
    // so a pre-commit run on one changed file still knows `app/db.py`).
    let mut targets = discover::discover(&requested, &settings, threads);
    if opts.force_exclude {
        targets
            .files
            .retain(|c| !(c.explicit && settings[c.settings].is_excluded_or_under(&c.path)));
    }
    let mut problems = targets.problems.clone();
    let mut target_paths: HashSet<PathBuf> = targets.files.iter().map(|c| c.path.clone()).collect();
    let mut all: Vec<(Candidate, bool)> =
        targets.files.iter().cloned().map(|c| (c, true)).collect();
    let mut roots: Vec<(PathBuf, usize)> = Vec::new();
    for (i, s) in settings.iter().enumerate() {
        let covered = requested
            .iter()
            .any(|(p, _)| p.is_dir() && s.root.starts_with(p));
        if !covered && s.root.is_dir() && !too_broad_for_context(&s.root) {
            roots.push((s.root.clone(), i));
        }
    }
    if !roots.is_empty() {
        let context = discover::discover(&roots, &settings, threads);
        for c in context.files {
            if !target_paths.contains(&c.path) {
                all.push((c, false));
            }
        }
    }
    if let (Some(p), Some(si)) = (&stdin_path, stdin_settings) {
        all.retain(|(c, _)| &c.path != p);
        target_paths.insert(p.clone());
        all.push((
            Candidate {
                path: p.clone(),
                lang: Lang::Python,
                settings: si,
                explicit: true,
            },
            true,
        ));
    }
    let mut rust_files: Vec<(Candidate, bool)> = all
        .iter()
        .filter(|(c, _)| c.lang == Lang::Rust)
        .cloned()
        .collect();
    rust_files.sort();
    all.retain(|(c, _)| c.lang == Lang::Python);
    all.sort();

    // Package directories, from the files found (no extra system calls), and for
    // files named outside any walked tree, from the file system.
    let mut package_dirs: HashSet<PathBuf> = all
        .iter()
        .filter(|(c, _)| c.path.file_name().is_some_and(|n| n == "__init__.py"))
        .filter_map(|(c, _)| c.path.parent().map(Path::to_path_buf))
        .collect();
    for (c, _) in all.iter().filter(|(c, _)| c.explicit) {
        let mut d = c.path.parent();
        while let Some(dir) = d {
            if package_dirs.contains(dir) || !dir.join("__init__.py").is_file() {
                break;
            }
            package_dirs.insert(dir.to_owned());
            d = dir.parent();
        }
    }
    let is_package_dir = |d: &Path| package_dirs.contains(d);

    let pool_names: HashSet<&str> = catalog
        .pools
        .iter()
        .flat_map(|p| p.class.iter())
        .map(|c| c.rsplit('.').next().unwrap_or(c))
        .collect();

    // The result cache, at the first project root.
    let cache = (opts.cache && opts.stdin.is_none() && opts.overlay.is_empty())
        .then(|| settings.first())
        .flatten()
        .map(|s| {
            cache::Cache::open(
                &s.root,
                cache_salt(&settings, &opts.overrides, &project_config),
            )
        });

    // Read every file once.
    let progress = opts.progress.as_deref();
    Progress::add(progress.map(|p| &p.files), all.len());
    let stdin_text = opts.stdin.as_ref().map(|(_, t)| t.as_str());
    let mut units: Vec<Unit> = all
        .par_iter()
        .map(|(c, target)| {
            Progress::add(progress.map(|p| &p.read), 1);
            let (source, problem) = read_unit(
                c,
                *target,
                &settings[c.settings],
                cwd,
                stdin_path.as_ref().zip(stdin_text),
                &opts.overlay,
            );
            Unit {
                candidate: c.clone(),
                target: *target,
                source,
                problem,
                tree: None,
                module: None,
                parsed: false,
                analysable: false,
                facts_key: 0,
                facts_hash: 0,
            }
        })
        .collect();

    trace.mark(|| format!("read {} files", units.len()));
    // Pass 1, in rounds. A file is parsed only if it mentions a name that can
    // matter: a database module the catalog knows, or (from the second round on)
    // a project acquirer, context manager, pool or session factory found so far.
    // Most files of a large project mention none and are never parsed.
    let mut known: HashSet<Vec<String>> = initial_tokens(&catalog, &project_config);
    let mut fresh: Vec<Vec<String>> = known.iter().cloned().collect();
    fresh.sort();
    let mut facts: Vec<ModuleFacts> = Vec::new();
    let mut project = Project::default();
    let mut round = 0;
    let kept_tree_bytes = AtomicUsize::new(0);
    // `CONNLINT_TREE_BUDGET` (bytes) overrides the budget, for the test that
    // checks a reparsed file gets the same findings as a kept tree.
    let tree_budget = std::env::var("CONNLINT_TREE_BUDGET")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(TREE_BUDGET);
    loop {
        round += 1;
        let matcher = Prefilter::cached(&fresh);
        let new_facts: Vec<ModuleFacts> = units
            .par_iter_mut()
            .filter(|u| !u.parsed)
            .filter_map(|u| {
                let source = u.source.as_ref()?;
                if let Some(m) = &matcher {
                    if !m.matches(&source.text) {
                        return None;
                    }
                }
                u.parsed = true;
                let c = &u.candidate;
                let root = &settings[c.settings].root;
                let (module, is_package) =
                    lang::python::module_name(&c.path, root, &is_package_dir);
                let module: Arc<str> = Arc::from(module);
                u.module = Some((module.clone(), is_package));
                if let Some(cache) = &cache {
                    u.facts_key = cache::key(&[
                        c.path.as_os_str().as_encoded_bytes(),
                        module.as_bytes(),
                        &[u8::from(is_package)],
                        source.text.as_bytes(),
                    ]);
                    if let Some(entry) = cache.facts(u.facts_key) {
                        u.analysable = true;
                        u.facts_hash = entry.hash;
                        return Some(entry.facts);
                    }
                }
                let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
                    let tree = lang::python::parse(&source.text)?;
                    let facts = python_facts(
                        &source.text,
                        &tree,
                        module,
                        is_package,
                        &c.path,
                        root,
                        &catalog,
                        &pool_names,
                    );
                    Some((tree, facts))
                }))
                .ok()
                .flatten();
                let (tree, f) = outcome?;
                // Keep the tree for pass 2 while the kept trees stay within
                // the budget; past it, pass 2 parses the file again.
                if u.target
                    && kept_tree_bytes.fetch_add(source.text.len(), Ordering::Relaxed)
                        + source.text.len()
                        <= tree_budget
                {
                    u.tree = Some(tree);
                }
                u.analysable = true;
                if let Some(cache) = &cache {
                    u.facts_hash = cache.put_facts(u.facts_key, &f);
                }
                Some(f)
            })
            .collect();
        let parsed = new_facts.len();
        let parsed_bytes: usize = units
            .iter()
            .filter(|u| u.parsed)
            .filter_map(|u| u.source.as_ref())
            .map(|s| s.text.len())
            .sum();
        facts.extend(new_facts);
        trace.mark(|| {
            let names: Vec<String> = fresh.iter().map(|c| c.join("+")).collect();
            format!(
                "round {round}: parsed {parsed} files, {parsed_bytes} bytes in all (names: {})",
                names.join(" ")
            )
        });
        // No new module: the summaries of the last round stand.
        if parsed == 0 && round > 1 {
            break;
        }
        // The last round's summaries go before the new ones are built: both
        // at once were the run's peak memory.
        drop(std::mem::take(&mut project));
        project = Project::build(&catalog, &facts, &project_config);
        trace.mark(|| format!("round {round}: summaries of {} modules", facts.len()));
        fresh = project
            .relevant_names()
            .into_iter()
            .map(|(module, name)| vec![module, name])
            .filter(|n| known.insert(n.clone()))
            .collect();
        fresh.sort();
        if fresh.is_empty() || round >= MAX_ROUNDS {
            break;
        }
    }
    drop(facts);
    let interesting = interesting_names(&catalog, &project);
    // Every module's facts (and the configuration in the salt): what any
    // file's findings may depend on.
    let summaries_hash = {
        let mut parts: Vec<(&Path, u64)> = units
            .iter()
            .filter(|u| u.analysable)
            .map(|u| (u.candidate.path.as_path(), u.facts_hash))
            .collect();
        parts.sort_unstable();
        let bytes: Vec<u8> = parts
            .iter()
            .flat_map(|(p, h)| {
                let mut b = p.as_os_str().as_encoded_bytes().to_vec();
                b.extend_from_slice(&h.to_le_bytes());
                b
            })
            .collect();
        cache::key(&[&bytes])
    };

    let mut unreadable = 0;
    let mut unanalysed = 0;
    for u in &mut units {
        if let Some(p) = u.problem.take() {
            if u.target {
                unreadable += 1;
                problems.push(p);
            }
        }
        if u.target && u.source.is_some() && !u.parsed {
            // Mentions nothing connlint knows: checked, nothing to find.
            unanalysed += 1;
        }
    }
    units.retain(|u| u.target && u.analysable);

    // Pass 2: rules, per file, in parallel.
    let results: Vec<(Option<FileReport>, Option<Problem>)> = units
        .into_par_iter()
        .filter_map(|u| {
            let source = Arc::new(u.source?);
            Some((u.candidate, source, u.tree, u.module?, u.facts_key))
        })
        .map(|(candidate, source, tree, (module, is_package), facts_key)| {
            Progress::add(progress.map(|p| &p.analysed), 1);
            let s = &settings[candidate.settings];
            let rules = s.rules_for(&candidate.path);
            let root = &s.root;
            let results_key =
                cache::key(&[&facts_key.to_le_bytes(), &summaries_hash.to_le_bytes()]);
            let cached = cache.as_ref().and_then(|c| c.results(results_key));
            let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
                if let Some(diagnostics) = cached {
                    return diagnostics;
                }
                // Facts from the cache, findings not: parse it now.
                let Some(tree) = tree.or_else(|| lang::python::parse(&source.text)) else {
                    return Vec::new();
                };
                let diagnostics = check_python(
                    &source,
                    &tree,
                    module,
                    is_package,
                    lang::python::is_test_path(&candidate.path),
                    &catalog,
                    &project,
                    &interesting,
                    &rules,
                );
                if let Some(c) = &cache {
                    c.put_results(results_key, &diagnostics);
                }
                diagnostics
            }));
            match outcome {
                Ok(diagnostics) => (
                    Some(FileReport {
                        source,
                        project_path: candidate
                            .path
                            .strip_prefix(root)
                            .map_or_else(|_| candidate.path.clone(), Path::to_path_buf),
                        diagnostics,
                        fingerprints: None,
                    }),
                    None,
                ),
                Err(panic) => {
                    let what = panic
                        .downcast_ref::<&str>()
                        .map(|s| (*s).to_owned())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "unknown panic".to_owned());
                    (
                        None,
                        Some(Problem {
                            path: candidate.path.clone(),
                            message: format!(
                                "internal error while checking this file ({what}); please report it"
                            ),
                            error: true,
                        }),
                    )
                }
            }
        })
        .collect();

    trace.mark(|| format!("pass 2: {} files", results.len()));
    if let Some(c) = cache {
        c.save();
        trace.mark(|| "cache saved".to_owned());
    }
    let rust = rust_pass(
        &rust_files,
        &settings,
        cwd,
        stdin_path.as_ref().zip(stdin_text),
        &opts.overlay,
        &trace,
        progress,
    )?;
    unreadable += rust.unreadable;
    unanalysed += rust.unanalysed;
    problems.extend(rust.problems);
    let results: Vec<(Option<FileReport>, Option<Problem>)> =
        results.into_iter().chain(rust.results).collect();
    let mut report = Report {
        cwd: cwd.clone(),
        missing: targets.missing,
        unreadable,
        checked: unanalysed,
        ..Report::default()
    };
    for (file, problem) in results {
        if let Some(f) = file {
            report.checked += 1;
            if !f.diagnostics.is_empty() {
                report.files.push(f);
            }
        }
        if let Some(p) = problem {
            report.internal_errors += 1;
            problems.push(p);
        }
    }
    report
        .files
        .sort_by(|a, b| a.source.path.cmp(&b.source.path));
    for p in &mut problems {
        p.path = display_path(cwd, &p.path);
    }
    problems.sort();
    problems.dedup();
    report.problems = problems;
    Ok(report)
}

/// A Rust file of the project, read, with what pass 1 made of it.
struct RsUnit {
    candidate: Candidate,
    target: bool,
    source: Option<SourceFile>,
    problem: Option<Problem>,
    parsed: Option<(tree_sitter::Tree, lang::rust::names::Uses)>,
    /// Pass 1's function signatures, by start byte (reused by the scan).
    sigs: Vec<lang::rust::facts::FnSig>,
    scan: Option<lang::rust::scan::FileScan>,
    is_test: bool,
    krate: analysis::rust_project::CrateId,
    id: analysis::rust_project::FileId,
}

/// Crate ids: the directory of the nearest `Cargo.toml` above each file (within its root).
fn crate_ids(
    files: &[(Candidate, bool)],
    settings: &[Settings],
) -> Vec<analysis::rust_project::CrateId> {
    let mut dirs: HashMap<PathBuf, Option<PathBuf>> = HashMap::new();
    let mut ids: HashMap<PathBuf, analysis::rust_project::CrateId> = HashMap::new();
    files
        .iter()
        .map(|(c, _)| {
            let root = &settings[c.settings].root;
            let mut found: Option<PathBuf> = None;
            let mut d = c.path.parent();
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
                if dir == root.as_path() {
                    break;
                }
                d = dir.parent();
            }
            for w in walked {
                dirs.insert(w, found.clone());
            }
            let key = found.unwrap_or_else(|| root.clone());
            let next = ids.len() as analysis::rust_project::CrateId;
            *ids.entry(key).or_insert(next)
        })
        .collect()
}

/// What the Rust pass adds to the report.
#[derive(Default)]
struct RustOutcome {
    results: Vec<(Option<FileReport>, Option<Problem>)>,
    problems: Vec<Problem>,
    unreadable: usize,
    unanalysed: usize,
}

/// The Rust pipeline: read, pass 1 in prefiltered rounds (types and
/// signatures), scan every parsed file (events and behaviour), close the
/// summaries, then run the rules on the targets.
#[allow(clippy::too_many_lines)]
fn rust_pass(
    files: &[(Candidate, bool)],
    settings: &[Settings],
    cwd: &Path,
    stdin: Option<(&PathBuf, &str)>,
    overlay: &HashMap<PathBuf, String>,
    trace: &Trace,
    progress: Option<&Progress>,
) -> Result<RustOutcome, RunError> {
    let mut outcome = RustOutcome::default();
    if files.is_empty() {
        return Ok(outcome);
    }
    let catalog = catalog::rust::RustCatalog::builtin()?;
    let krates = crate_ids(files, settings);
    Progress::add(progress.map(|p| &p.files), files.len());
    let mut units: Vec<RsUnit> = files
        .par_iter()
        .zip(krates.par_iter())
        .enumerate()
        .map(|(id, ((c, target), krate))| {
            Progress::add(progress.map(|p| &p.read), 1);
            let (source, problem) =
                read_unit(c, *target, &settings[c.settings], cwd, stdin, overlay);
            RsUnit {
                krate: *krate,
                id: id as analysis::rust_project::FileId,
                is_test: lang::rust::is_test_path(&c.path, &settings[c.settings].root),
                candidate: c.clone(),
                target: *target,
                source,
                problem,
                parsed: None,
                sigs: Vec::new(),
                scan: None,
            }
        })
        .collect();
    // Pass 1: files that mention a catalogued crate or type, then files that
    // mention the project's pool aliases, structs and statics found so far.
    let mut known: HashSet<Vec<String>> = catalog
        .prefilter_words()
        .into_iter()
        .map(|w| vec![w])
        .collect();
    let mut fresh: Vec<Vec<String>> = known.iter().cloned().collect();
    fresh.sort();
    let mut facts: Vec<lang::rust::facts::RsFileFacts> = Vec::new();
    let mut project = analysis::rust_project::RsProject::default();
    for round in 1..=MAX_ROUNDS {
        let matcher = Prefilter::cached(&fresh);
        let new_facts: Vec<lang::rust::facts::RsFileFacts> = units
            .par_iter_mut()
            .filter(|u| u.parsed.is_none())
            .filter_map(|u| {
                let source = u.source.as_ref()?;
                if let Some(m) = &matcher {
                    if !m.matches(&source.text) {
                        return None;
                    }
                }
                let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
                    let tree = lang::rust::parse(&source.text)?;
                    let uses = lang::rust::names::Uses::collect(tree.root_node(), &source.text);
                    let mut f =
                        lang::rust::facts::extract(tree.root_node(), &source.text, &uses, &catalog);
                    f.path.clone_from(&u.candidate.path);
                    f.krate = u.krate;
                    f.file = u.id;
                    for s in &mut f.functions {
                        s.file = u.id;
                    }
                    Some((tree, uses, f))
                }))
                .ok()
                .flatten();
                let (tree, uses, f) = outcome?;
                u.parsed = Some((tree, uses));
                u.sigs.clone_from(&f.functions);
                u.sigs.sort_by_key(|s| s.start);
                Some(f)
            })
            .collect();
        let parsed = new_facts.len();
        facts.extend(new_facts);
        project = analysis::rust_project::RsProject::build(&facts);
        trace.mark(|| {
            let names: Vec<String> = fresh.iter().map(|c| c.join("+")).collect();
            format!(
                "rust round {round}: parsed {parsed} files (names: {})",
                names.join(" ")
            )
        });
        fresh = project
            .relevant_names(&catalog)
            .into_iter()
            .map(|n| vec![n])
            .filter(|n| known.insert(n.clone()))
            .collect();
        fresh.sort();
        if fresh.is_empty() {
            break;
        }
    }
    // The last round's project: types and signatures of every file parsed.
    drop(facts);
    // Files that mention nothing connlint knows are done: count them, free their text.
    for u in &mut units {
        if let Some(p) = u.problem.take() {
            if u.target {
                outcome.unreadable += 1;
                outcome.problems.push(p);
            }
        }
        if u.target && u.source.is_some() && u.parsed.is_none() {
            outcome.unanalysed += 1;
        }
    }
    units.retain(|u| u.parsed.is_some());
    // Scan every parsed file: events for the rules, behaviour for the summaries.
    let scans: Vec<Option<lang::rust::scan::FileScan>> = units
        .par_iter()
        .map(|u| {
            let (tree, uses) = u.parsed.as_ref()?;
            let source = u.source.as_ref()?;
            std::panic::catch_unwind(AssertUnwindSafe(|| {
                lang::rust::scan::Scanner::new(
                    &source.text,
                    uses,
                    &catalog,
                    project.scoped_in(u.krate, u.id),
                    u.is_test,
                    &u.sigs,
                )
                .scan(tree.root_node())
            }))
            .ok()
        })
        .collect();
    let mut behaviour = Vec::new();
    for (u, s) in units.iter_mut().zip(scans) {
        if let Some(mut s) = s {
            behaviour.extend(s.behaviour.drain(..).map(|(k, b)| (u.krate, u.id, k, b)));
            u.scan = Some(s);
        } else if u.parsed.is_some() && u.target {
            outcome.problems.push(Problem {
                path: u.candidate.path.clone(),
                message: "internal error while checking this file; please report it".to_owned(),
                error: true,
            });
            outcome.unreadable += 1;
            u.parsed = None;
        }
    }
    project.summarise(behaviour);
    trace.mark(|| "rust scans and summaries".to_owned());
    units.retain(|u| u.target && u.parsed.is_some() && u.scan.is_some());
    let project = &project;
    let catalog = &catalog;
    outcome.results = units
        .into_par_iter()
        .map(|u| {
            Progress::add(progress.map(|p| &p.analysed), 1);
            let s = &settings[u.candidate.settings];
            let rules = s.rules_for(&u.candidate.path);
            let root = &s.root;
            let path = u.candidate.path.clone();
            let (Some(source), Some((tree, _)), Some(scan)) = (u.source, u.parsed, u.scan) else {
                return (None, None);
            };
            let source = Arc::new(source);
            let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
                let cx = rules::RsContext {
                    source: &source,
                    scan: &scan,
                    project: project.scoped_in(u.krate, u.id),
                    catalog,
                    is_test: u.is_test,
                    is_startup: lang::rust::is_startup_path(&path, root),
                    flag_detach: s.flag_detach,
                };
                let mut out = Vec::new();
                let root_node = tree.root_node();
                // No syntax-error findings for Rust: rustc reports those, and
                // tree-sitter-rust rejects some valid macro code (`$` in nested
                // `macro_rules!`, attributes on arguments). What parses is analysed.
                for rule in rules.iter() {
                    rule.check_rust(&cx, &mut out);
                }
                for &(start, end, deep) in &scan.limits {
                    let message = if deep {
                        "too deeply nested to analyse: nothing inside this expression was checked"
                    } else {
                        "the file is too large to analyse: nothing from here on was checked"
                    };
                    out.push(
                        Diagnostic::new(
                            &rules::ANALYSIS_LIMIT,
                            TextRange {
                                start: start as u32,
                                end: if deep { start as u32 + 1 } else { end as u32 },
                            },
                            message.to_owned(),
                        )
                        .note(ANALYSIS_LIMIT_NOTE),
                    );
                }
                if !out.is_empty() {
                    let comments = comment_nodes(root_node, &source.text);
                    let suppressions = Suppressions::from_comments(&source, &comments);
                    out.retain(|d| {
                        d.rule.is_pseudo() || !suppressions.suppresses(&source, root_node, d)
                    });
                }
                sort_diagnostics(&mut out);
                out.dedup_by(|a, b| a.range == b.range && a.rule.code == b.rule.code);
                out
            }));
            match outcome {
                Ok(diagnostics) => (
                    Some(FileReport {
                        source,
                        project_path: path
                            .strip_prefix(root)
                            .map_or_else(|_| path.clone(), Path::to_path_buf),
                        diagnostics,
                        fingerprints: None,
                    }),
                    None,
                ),
                Err(_) => (
                    None,
                    Some(Problem {
                        path: path.clone(),
                        message: "internal error while checking this file; please report it"
                            .to_owned(),
                        error: true,
                    }),
                ),
            }
        })
        .collect();
    Ok(outcome)
}

/// The comments of a Rust file that may hold suppressions.
#[doc(hidden)]
#[must_use]
pub fn comment_nodes<'t>(root: tree_sitter::Node<'t>, text: &str) -> Vec<tree_sitter::Node<'t>> {
    let mut out = Vec::new();
    if !(text.contains("noqa") || text.contains("connlint")) {
        return out;
    }
    let mut cursor = root.walk();
    loop {
        let n = cursor.node();
        if matches!(n.kind(), "line_comment" | "block_comment") {
            out.push(n);
        } else if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return out;
            }
        }
    }
}

/// The source of a candidate: stdin's text, `--diff`'s fixed text, or the
/// file; or why it cannot be read (an error for a target, a warning otherwise).
fn read_unit(
    c: &Candidate,
    target: bool,
    settings: &Settings,
    cwd: &Path,
    stdin: Option<(&PathBuf, &str)>,
    overlay: &HashMap<PathBuf, String>,
) -> (Option<SourceFile>, Option<Problem>) {
    let text = match stdin {
        Some((p, t)) if *p == c.path => Ok(t.to_owned()),
        _ => match overlay.get(&c.path) {
            Some(t) => Ok(t.clone()),
            None => read_source(&c.path, settings.max_file_size),
        },
    };
    let text = text.and_then(|t| match c.lang {
        Lang::Python => match lang::python::too_deeply_indented(&t) {
            Some(levels) => Err(format!(
                "too deeply nested: {levels} levels of indentation, more than the {} connlint parses (Python allows 100); skipped",
                lang::python::MAX_INDENT_LEVELS
            )),
            None => Ok(t),
        },
        Lang::Rust => Ok(t),
    });
    match text {
        Ok(t) => (
            Some(SourceFile::new(display_path(cwd, &c.path), t, c.lang)),
            None,
        ),
        Err(message) => (
            None,
            Some(Problem {
                path: c.path.clone(),
                message,
                error: target,
            }),
        ),
    }
}

/// Reads a file as UTF-8 source, with a clear message for everything that is not one.
fn read_source(path: &Path, max_size: u64) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| discover::describe_io(&e))?;
    if !meta.is_file() {
        return Err("not a regular file; skipped".to_owned());
    }
    if meta.len() > max_size {
        return Err(format!(
            "file is {} bytes, larger than the limit of {max_size} bytes (`--max-file-size`); skipped",
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| discover::describe_io(&e))?;
    if bytes.len() as u64 > max_size {
        return Err(format!(
            "file grew beyond the limit of {max_size} bytes while reading; skipped"
        ));
    }
    decode(bytes)
}

/// Decodes file bytes as UTF-8, refusing binary files.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
            return Err("file is UTF-16 encoded; only UTF-8 is supported; skipped".to_owned());
        }
        return Err(format!("binary file (NUL byte at offset {pos}); skipped"));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        #[allow(clippy::naive_bytecount)]
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        format!("not valid UTF-8 (invalid byte at line {line}, byte offset {at}); skipped")
    })
}

/// Last names of callees that may acquire, for cheap filtering before evaluation.
/// Last names of the callees worth evaluating in pass 2 (public for the
/// benches, like `python_facts`, `check_python` and `comment_nodes`).
#[doc(hidden)]
#[must_use]
pub fn interesting_names(catalog: &Catalog, project: &Project) -> HashSet<String> {
    let mut names: HashSet<String> = HashSet::new();
    let leaf = |s: &str| s.rsplit('.').next().unwrap_or(s).to_owned();
    for a in &catalog.acquires {
        names.extend(a.call.iter().map(|c| leaf(c)));
    }
    for p in &catalog.pools {
        names.extend(p.acquire.iter().cloned());
        names.extend(p.guarded.iter().cloned());
    }
    names.extend(project.acquirer_names());
    names
}

/// Pass 1 of one Python file: its facts for the summaries.
#[doc(hidden)]
#[allow(clippy::too_many_arguments)]
#[must_use]
pub fn python_facts(
    text: &str,
    tree: &tree_sitter::Tree,
    module: Arc<str>,
    is_package: bool,
    path: &Path,
    root: &Path,
    catalog: &Catalog,
    pool_names: &HashSet<&str>,
) -> ModuleFacts {
    let file = PyFile::build(text, tree, module, is_package);
    let mut f = lang::python::facts::extract(&file, catalog, pool_names);
    f.path = path.to_path_buf();
    f.is_test = lang::python::is_test_path(path);
    f.unit = lang::python::distribution_root(path, root);
    // Test modules are nobody's callees: their calls are not summarised.
    if f.is_test {
        for func in &mut f.functions {
            func.calls = Vec::new();
        }
    }
    f
}

/// Pass 2 of one Python file: every rule, then the suppressions.
#[doc(hidden)]
#[allow(clippy::too_many_arguments)]
#[must_use]
pub fn check_python(
    source: &SourceFile,
    tree: &tree_sitter::Tree,
    module: Arc<str>,
    is_package: bool,
    is_test: bool,
    catalog: &Catalog,
    project: &Project,
    interesting: &HashSet<String>,
    rules: &rules::RuleSet,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let file = PyFile::build(&source.text, tree, module, is_package);
    if let Some(err) = file.first_error {
        out.push(syntax_error(source, err));
    }
    let finder = Finder {
        file: &file,
        catalog,
        project,
        interesting,
    };
    let mut acquisitions = finder.acquisitions();
    // Code inside a statement that does not parse is not analysed.
    if tree.root_node().has_error() {
        acquisitions.retain(|a| !enclosing_unit(&file, a.scope, a.call).has_error());
    }
    // The path-sensitive analysis runs only for the rules that read it.
    let leaks = if rules
        .iter()
        .any(|r| matches!(r.meta().code, "CL102" | "CL103" | "CL302" | "CL305"))
    {
        analysis::leaks::analyse(&finder, &acquisitions)
    } else {
        analysis::leaks::LeakAnalysis::default()
    };
    let holds = finder.holds(&acquisitions);
    let pools = finder.pool_constructions();
    let cx = PyContext {
        source,
        file: &file,
        catalog,
        project,
        finder: &finder,
        acquisitions: &acquisitions,
        leaks: &leaks.findings,
        open: &leaks.open,
        holds: &holds,
        pools: &pools,
        is_test,
        idents: &std::cell::OnceCell::new(),
    };
    for rule in rules.iter() {
        rule.check_python(&cx, &mut out);
    }
    for &(scope, skip) in &leaks.skipped {
        out.push(analysis_limit(&file, scope, skip));
    }
    let suppressions = Suppressions::from_comments(source, &file.comments);
    let root_node = tree.root_node();
    out.retain(|d| d.rule.is_pseudo() || !suppressions.suppresses(source, root_node, d));
    sort_diagnostics(&mut out);
    out
}

/// The advice under every `analysis-limit` finding, Python's and Rust's.
const ANALYSIS_LIMIT_NOTE: &str =
    "only generated code comes near this limit: exclude the file, or split the function";

/// Says that a function's connections were not followed, at its name.
fn analysis_limit(file: &PyFile<'_>, scope: u32, skip: analysis::leaks::Skip) -> Diagnostic {
    use analysis::leaks::Skip;
    let s = &file.scopes[scope as usize];
    let at = s.node.child_by_field_name("name").unwrap_or(s.node);
    let why = match skip {
        Skip::Nesting => format!(
            "too deeply nested to analyse: its blocks nest more than {} deep",
            lang::python::cfg::MAX_DEPTH
        ),
        Skip::Size => format!(
            "too large to analyse: its control-flow graph has more than {} nodes",
            lang::python::cfg::MAX_NODES
        ),
        Skip::Work => {
            "too large to analyse: following all its connections would take too long".to_owned()
        }
    };
    let message = format!(
        "`{}` is {why}; CL102, CL103, CL302 and CL305 were not checked {}",
        s.name,
        if skip == Skip::Work {
            "for its later connections"
        } else {
            "in it"
        }
    );
    Diagnostic::new(&rules::ANALYSIS_LIMIT, TextRange::of(at), message).note(ANALYSIS_LIMIT_NOTE)
}

/// The function around a node, or the top-level statement for module code.
fn enclosing_unit<'t>(
    file: &PyFile<'t>,
    scope: u32,
    node: tree_sitter::Node<'t>,
) -> tree_sitter::Node<'t> {
    let s = &file.scopes[scope as usize];
    if s.id != 0 {
        return s.node;
    }
    let mut n = node;
    while let Some(p) = n.parent() {
        if p.kind() == "module" {
            return n;
        }
        n = p;
    }
    n
}

fn syntax_error(source: &SourceFile, node: tree_sitter::Node<'_>) -> Diagnostic {
    let range = TextRange::of(node);
    let message = if node.is_missing() {
        format!("expected `{}`", node.kind())
    } else {
        let text = source.slice(range);
        let first: String = text.chars().take(20).collect();
        let first = first.lines().next().unwrap_or("").trim();
        if first.is_empty() {
            "invalid syntax".to_owned()
        } else {
            format!("unexpected `{first}`")
        }
    };
    let range = if range.start == range.end {
        TextRange {
            start: range.start,
            end: range.start,
        }
    } else {
        range
    };
    Diagnostic::new(&rules::SYNTAX_ERROR, range, message)
        .note("code that does not parse is not analysed; the rest of the file is")
}

/// Sorts by position, then code, then message: the same bytes on every run.
pub fn sort_diagnostics(ds: &mut [Diagnostic]) {
    ds.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule.code, &a.message).cmp(&(
            b.range.start,
            b.range.end,
            b.rule.code,
            &b.message,
        ))
    });
}

/// The rules by code, for reporters.
#[must_use]
pub fn all_rules() -> &'static [&'static dyn rules::Rule] {
    RULES
}

/// Whether a project root is too broad to read for summaries: the filesystem
/// root or the home directory (reached when a file outside any repository is
/// checked from there, e.g. `--stdin-filename` run from `/`).
fn too_broad_for_context(root: &Path) -> bool {
    root.parent().is_none()
        || std::env::var_os("HOME").is_some_and(|h| !h.is_empty() && Path::new(&h) == root)
}

/// What every cache key of a run includes: this build of connlint, the
/// command-line overrides and the configuration files in use.
fn cache_salt(settings: &[Settings], overrides: &Overrides, config: &ProjectConfig) -> String {
    let exe = std::env::current_exe()
        .and_then(std::fs::metadata)
        .map(|m| {
            let mtime = m
                .modified()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos());
            format!("{}:{mtime}", m.len())
        })
        .unwrap_or_default();
    let mut parts = vec![
        env!("CARGO_PKG_VERSION").to_owned(),
        exe,
        format!("{overrides:?}"),
        format!("{config:?}"),
    ];
    for s in settings {
        parts.push(s.root.display().to_string());
        if let Some(c) = &s.config_path {
            parts.push(c.display().to_string());
            parts.push(std::fs::read_to_string(c).unwrap_or_default());
        }
    }
    let refs: Vec<&[u8]> = parts.iter().map(String::as_bytes).collect();
    format!("{:016x}", cache::key(&refs))
}
