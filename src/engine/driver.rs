//! The pipeline of a run, written once for every language: settings,
//! discovery, then for each language read, pass 1 in prefiltered rounds, the
//! project, stage 3 (link), pass 2, suppressions, sorting and dedup, each
//! per-file stage under one panic policy ([`guard`]).
//!
//! A run is "load the project's files, then check the targets": the CLI is
//! one caller; a language server re-checking single files would keep a
//! [`Workspace`] and call its stages again for the files that changed.

use std::collections::{HashMap, HashSet};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::cache::Cache;
use crate::catalog::Catalog;
use crate::catalog::rust::RustCatalog;
use crate::discover::{self, Candidate, Problem};
use crate::hash;
use crate::lang::python::check::Python;
use crate::lang::python::summaries::ProjectConfig;
use crate::lang::rust::language::Rust;
use crate::lang::{FileRef, Language};
use crate::rule_meta::RuleOptions;
use crate::rules::Rule;
use crate::settings::{self, Overrides, Settings};
use crate::source::Lang;

use super::options::{Progress, RunError, RunOptions};
use super::paths::{absolute, display_path, root_for, too_broad_for_context};
use super::prefilter::Prefilter;
use super::report::{FileReport, Report};
use super::trace::Trace;
use super::units::{self, Unit};
use crate::lang::finish;

/// Bytes of source whose syntax trees pass 1 keeps for pass 2 (trees take
/// about 24 bytes of memory per byte of source, so about 200 MB). Past it,
/// pass 2 parses a file again, so peak memory stops growing with the project.
/// On the 1.1M-line corpus (19.6 MB parsed), medians of 3: no budget 4.8 s and
/// 700 MB; 8 MiB 6.0 s and 455 MB; 2 MiB 7.8 s and 320 MB. An application's
/// relevant code is usually far below it, and is then parsed once. Only for
/// languages that do not keep every parse (`Language::KEEP_ALL_PARSES`).
const TREE_BUDGET: usize = 8 << 20;

/// Rounds of pass 1 before giving up on a fixpoint of project names.
const MAX_ROUNDS: u32 = 16;

/// The rules of a language, out of the registry: one line per language.
pub trait Rules: Language {
    fn of(rule: &'static dyn Rule) -> Option<&'static Self::Rule>;
}

impl Rules for Python {
    fn of(rule: &'static dyn Rule) -> Option<&'static Self::Rule> {
        rule.python()
    }
}

impl Rules for Rust {
    fn of(rule: &'static dyn Rule) -> Option<&'static Self::Rule> {
        rule.rust()
    }
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

    // The Python catalog with every configuration's additions: an error in
    // one is reported before any file is read.
    let mut python = python(&settings)?;

    // Targets, then the rest of each project (summaries see the whole project,
    // so a pre-commit run on one changed file still knows `app/db.py`).
    // A named file that exists only in the overlay (an editor's new buffer,
    // not saved yet) is a target as it is: there is nothing to walk.
    let (in_memory, requested): (Vec<_>, Vec<_>) = requested
        .into_iter()
        .partition(|(p, _)| opts.overlay.contains_key(p) && !p.exists());
    let mut targets = discover::discover(&requested, &settings, threads);
    trace.mark(|| format!("discovered {} files", targets.files.len()));
    for (path, si) in in_memory {
        if let Some(lang) = Lang::from_path(&path) {
            targets.files.push(Candidate {
                path,
                lang,
                settings: si,
                explicit: true,
            });
        }
    }
    if opts.force_exclude {
        targets
            .files
            .retain(|c| !(c.explicit && settings[c.settings].is_excluded_or_under(&c.path)));
    }
    let problems = targets.problems.clone();
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
                lang: Lang::from_path(p).unwrap_or(Lang::Python),
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

    let rule_options: Vec<RuleOptions> = settings
        .iter()
        .map(|s| RuleOptions {
            flag_detach: s.flag_detach,
            leak_on_exception_in_tests: s.leak_on_exception_in_tests,
            manual_connection_allow_finally: s.manual_connection_allow_finally,
        })
        .collect();
    let run = Run {
        settings: &settings,
        rule_options: &rule_options,
        cwd,
        stdin: stdin_path
            .as_ref()
            .zip(opts.stdin.as_ref().map(|(_, t)| t.as_str())),
        overlay: &opts.overlay,
        trace: &trace,
        progress: opts.progress.as_deref(),
        explain: opts.explain,
    };
    let mut outcome = Outcome {
        problems,
        ..Outcome::default()
    };
    // The result cache, at the first project root (never for stdin or `--diff`).
    let cache_root =
        (opts.cache && opts.stdin.is_none() && (opts.overlay.is_empty() || opts.cache_overlay))
            .then(|| settings.first())
            .flatten()
            .map(|s| s.root.clone());
    drive(
        &mut python,
        &all,
        &run,
        cache_root.as_deref(),
        &opts.overrides,
        &mut outcome,
    );
    drop(python);
    if !rust_files.is_empty() {
        let pools = settings
            .iter()
            .flat_map(|s| s.catalog.rust.pool.iter().cloned())
            .collect();
        let mut rust = Rust::with_catalog(RustCatalog::with_pools(pools)?);
        drive(
            &mut rust,
            &rust_files,
            &run,
            None,
            &opts.overrides,
            &mut outcome,
        );
    }

    let mut report = Report {
        cwd: cwd.clone(),
        missing: targets.missing,
        unreadable: outcome.unreadable,
        checked: outcome.checked,
        internal_errors: outcome.internal_errors,
        files: outcome.files,
        model: outcome.model,
        ..Report::default()
    };
    if opts.explain {
        let mut roots: Vec<&Path> = settings.iter().map(|s| s.root.as_path()).collect();
        roots.sort();
        roots.dedup();
        for root in roots {
            let (facts, unread) = crate::deploy::scan(root);
            report
                .deployment
                .extend(facts.iter().map(crate::deploy::describe));
            report.deployment.extend(
                unread
                    .into_iter()
                    .map(|(file, why)| format!("{file}: not read ({why})")),
            );
        }
    }
    report
        .files
        .sort_by(|a, b| a.source.path.cmp(&b.source.path));
    let mut problems = outcome.problems;
    for p in &mut problems {
        p.path = display_path(cwd, &p.path);
    }
    problems.sort();
    problems.dedup();
    report.problems = problems;
    Ok(report)
}

/// The Python language of a run: the built-in catalog plus every
/// configuration's additions, and the configured project functions.
fn python(settings: &[Settings]) -> Result<Python, RunError> {
    let mut catalog = Catalog::python()?;
    let mut config = ProjectConfig::default();
    for s in settings {
        let origin = s
            .config_path
            .as_ref()
            .map_or_else(|| "settings".to_owned(), |p| p.display().to_string());
        catalog.extend(s.catalog.catalog_file(), &origin)?;
        for r in &s.catalog.releasers {
            catalog.add_releaser(r);
        }
        config.acquirers.extend(s.catalog.acquirers.iter().cloned());
        config
            .guarded_context_managers
            .extend(s.catalog.guarded_context_managers.iter().cloned());
        config
            .pool_modules
            .extend(s.catalog.pool_modules.iter().cloned());
    }
    Ok(Python::with(catalog, config))
}

/// What every language of a run shares.
pub(super) struct Run<'a> {
    pub settings: &'a [Settings],
    rule_options: &'a [RuleOptions],
    pub cwd: &'a Path,
    pub stdin: Option<(&'a PathBuf, &'a str)>,
    pub overlay: &'a HashMap<PathBuf, String>,
    trace: &'a Trace,
    pub progress: Option<&'a Progress>,
    explain: bool,
}

/// What the languages add to the report.
#[derive(Default)]
struct Outcome {
    /// Every file checked with findings.
    files: Vec<FileReport>,
    /// The project model in words, per language (`RunOptions::explain`).
    model: Vec<String>,
    checked: usize,
    unreadable: usize,
    internal_errors: usize,
    problems: Vec<Problem>,
}

/// A language's files through the stages: what a caller keeps between
/// checks (the units and the project).
pub(crate) struct Workspace<'r, L: Language> {
    files: Vec<FileRef<'r>>,
    units: Vec<Unit<L>>,
    project: L::Project,
}

/// What pass 1 gives of a file: its unit's index and its facts (`None`
/// while they are only in the cache), or a problem.
type Pass1Result<F> = Result<(usize, Option<F>), Problem>;

/// One language's files: read, pass 1 in rounds, link, pass 2.
fn drive<L: Rules>(
    lang: &mut L,
    files: &[(Candidate, bool)],
    run: &Run<'_>,
    cache_root: Option<&Path>,
    overrides: &Overrides,
    out: &mut Outcome,
) {
    if files.is_empty() {
        return;
    }
    let refs: Vec<FileRef<'_>> = files
        .iter()
        .enumerate()
        .map(|(index, (c, target))| FileRef {
            index,
            path: &c.path,
            root: &run.settings[c.settings].root,
            options: &run.rule_options[c.settings],
            target: *target,
            explicit: c.explicit,
        })
        .collect();
    lang.prepare(&refs);
    let lang = &*lang;
    // The salt reads the configuration files: only for a run with a cache.
    let cached = L::CACHE_FILE.zip(cache_root);
    let salt = cached.map_or_else(String::new, |_| {
        cache_salt(run.settings, overrides, &lang.cache_salt())
    });
    let cache: Option<Cache<L::Facts>> =
        cached.map(|(file, root)| Cache::open(root, file, salt.clone()));
    let name = L::LANG.name();
    if cache.is_some() {
        run.trace.mark(|| format!("{name}: cache opened"));
    }
    let mut ws = Workspace::<L> {
        units: units::read(lang, files, run, cache.as_ref()),
        files: refs,
        project: L::Project::default(),
    };
    run.trace.mark(|| {
        let unread = ws
            .units
            .iter()
            .filter(|u| u.source.is_none() && u.stamp.is_some());
        format!(
            "{name}: read {} files ({} unchanged, not read)",
            ws.units.len(),
            unread.count()
        )
    });
    let facts_hash = ws.pass1(lang, files, run, cache.as_ref(), &salt, out);
    ws.link(lang, out);
    run.trace.mark(|| format!("{name}: project closed"));
    // Notes about the files being checked; context files stay quiet.
    let inputs = units::note_inputs(lang, &mut ws.units, &ws.files, files, run, cache.as_ref());
    let targets: Vec<(&FileRef<'_>, &[(u32, String)])> = ws
        .units
        .iter()
        .zip(&ws.files)
        .zip(&inputs)
        .filter(|((u, f), _)| f.target && !u.failed && u.readable())
        .map(|((_, f), (_, notes))| (f, notes.as_slice()))
        .collect();
    for (path, message) in lang.notes(&ws.project, &targets) {
        out.problems.push(Problem {
            path,
            message,
            error: false,
        });
    }
    if let Some(c) = &cache {
        units::stamp(&ws.units, files, &inputs, c);
    }
    drop(inputs);
    run.trace.mark(|| format!("{name}: notes"));
    if run.explain {
        out.model.extend(
            lang.describe(&ws.project)
                .into_iter()
                .map(|l| format!("{name}: {l}")),
        );
    }
    ws.pass2(lang, files, run, cache.as_ref(), out);
    run.trace.mark(|| format!("{name}: pass 2 done"));
    if let Some(h) = facts_hash {
        super::memo::keep(&salt, h, ws.project);
    }
    if let Some(c) = cache {
        c.save();
        run.trace.mark(|| "cache saved".to_owned());
    }
}

impl<L: Rules> Workspace<'_, L> {
    /// Pass 1, in rounds. A file is parsed only if it mentions a name that
    /// can matter: one the language knows from the start (a database module
    /// of its catalog) or, from the second round on, one the project found
    /// so far (an acquirer, a pool alias). Most files of a large project
    /// mention none and are never parsed.
    fn pass1(
        &mut self,
        lang: &L,
        files: &[(Candidate, bool)],
        run: &Run<'_>,
        cache: Option<&Cache<L::Facts>>,
        salt: &str,
        out: &mut Outcome,
    ) -> Option<u64> {
        let name = L::LANG.name();
        let mut known: HashSet<Vec<String>> = lang.seed_names().into_iter().collect();
        // CL901 judges suppression comments: a file with one is worth a parse
        // even when it mentions no database API.
        let unused_code = crate::rules::hygiene::unused_suppression::meta().code;
        if run
            .settings
            .iter()
            .any(|s| s.rules.contains_code(unused_code))
        {
            known.insert(vec!["noqa".to_owned()]);
            known.insert(vec!["connlint:".to_owned()]);
        }
        let mut fresh: Vec<Vec<String>> = known.iter().cloned().collect();
        fresh.sort();
        // Each analysable file's facts, by unit: `None` while they are only
        // in the cache (read when a project must be built).
        let mut facts: Vec<(usize, Option<L::Facts>)> = Vec::new();
        // The hash of the facts of the last round, and of the facts
        // `self.project` was built from (`None`: no cache, no hashes).
        let mut inputs: Option<u64> = None;
        let mut built: Option<u64> = None;
        let kept_bytes = AtomicUsize::new(0);
        // `CONNLINT_TREE_BUDGET` (bytes) overrides the budget, for the test that
        // checks a reparsed file gets the same findings as a kept tree.
        let tree_budget = std::env::var("CONNLINT_TREE_BUDGET")
            .ok()
            .and_then(|v| v.parse::<usize>().ok())
            .unwrap_or(TREE_BUDGET);
        // The names each round looks for, for the next run's stamps.
        let mut looked_for: Vec<Vec<Vec<String>>> = Vec::new();
        for round in 1..=MAX_ROUNDS {
            let matcher = Prefilter::cached(&fresh);
            // The last run looked for the same names in this round: a file
            // unchanged since then matches now if it matched then.
            let same = cache.and_then(|c| c.prefilter(round)) == Some(&fresh);
            looked_for.push(fresh.clone());
            let results: Vec<Pass1Result<L::Facts>> = self
                .units
                .par_iter_mut()
                .zip(self.files.par_iter())
                .zip(files.par_iter())
                .filter_map(|((u, f), (c, target))| {
                    if u.tried || u.failed || !u.readable() {
                        return None;
                    }
                    // Its stamp knows, unless the last run took it in an
                    // earlier round (whose names it then did not look for
                    // again) than this run has.
                    let last = u.stamp.as_ref().map_or(0, |s| s.round);
                    let takes = if u.source.is_none() && same && (last == 0 || last >= round) {
                        last == round
                    } else {
                        let source = u.load(lang, c, *target, run)?;
                        matcher.as_ref().is_none_or(|m| m.matches(&source.text))
                    };
                    if !takes {
                        return None;
                    }
                    u.tried = true;
                    u.round = round;
                    let content = u.content;
                    let outcome = guard("pass 1", f.path, || {
                        let meta = lang.meta(f);
                        let key = cache.map(|_| units::file_key(lang, f, &meta, content));
                        (meta, key)
                    });
                    let (meta, key) = match outcome {
                        Ok(o) => o,
                        Err(problem) => {
                            u.failed = true;
                            return Some(Err(problem));
                        }
                    };
                    u.facts_key = key.unwrap_or(0);
                    if let Some(hash) = cache.zip(key).and_then(|(c, k)| c.facts(k)) {
                        u.meta = Some(meta);
                        u.analysable = true;
                        u.facts_hash = hash;
                        return Some(Ok((f.index, None)));
                    }
                    let (outcome, len) = {
                        let source = u.load(lang, c, *target, run)?;
                        let len = source.text.len();
                        (
                            guard("pass 1", f.path, || lang.pass1(f, &meta, &source.text)),
                            len,
                        )
                    };
                    u.meta = Some(meta);
                    match outcome {
                        Err(problem) => {
                            u.failed = true;
                            Some(Err(problem))
                        }
                        Ok(None) => None,
                        Ok(Some((parsed, facts))) => {
                            let keep = L::KEEP_ALL_PARSES
                                || (f.target
                                    && kept_bytes.fetch_add(len, Ordering::Relaxed) + len
                                        <= tree_budget);
                            if keep {
                                u.parse = Some(parsed);
                            }
                            u.analysable = true;
                            if let Some(c) = cache {
                                u.facts_hash = c.put_facts(u.facts_key, &facts);
                            }
                            Some(Ok((f.index, Some(facts))))
                        }
                    }
                })
                .collect();
            let mut parsed = 0;
            for r in results {
                match r {
                    Ok(f) => {
                        parsed += 1;
                        facts.push(f);
                    }
                    Err(problem) => {
                        out.internal_errors += 1;
                        out.problems.push(problem);
                    }
                }
            }
            run.trace.mark(|| {
                let names: Vec<String> = fresh.iter().map(|c| c.join("+")).collect();
                format!(
                    "{name} round {round}: parsed {parsed} files (names: {})",
                    names.join(" ")
                )
            });
            // No new file: the last round's project stands.
            if parsed == 0 && round > 1 {
                break;
            }
            // A round whose facts are all as in an earlier run gives the
            // names it gave then: its project need not be built.
            inputs = cache.map(|_| self.facts_inputs());
            let memo = cache.zip(inputs).and_then(|(c, h)| c.round_names(h));
            let names = if let Some(names) = memo {
                run.trace.mark(|| {
                    format!(
                        "{name} round {round}: names of {} files cached",
                        facts.len()
                    )
                });
                names
            } else {
                // The last round's project goes before the new one is built:
                // both at once were the run's peak memory.
                drop(std::mem::take(&mut self.project));
                self.project = self.build(lang, files, run, cache, &mut facts);
                built = inputs;
                let names = lang.relevant_names(&self.project);
                if let (Some(c), Some(h)) = (cache, inputs) {
                    c.put_round_names(h, &names);
                }
                run.trace
                    .mark(|| format!("{name} round {round}: project of {} files", facts.len()));
                names
            };
            fresh = names
                .into_iter()
                .filter(|n| known.insert(n.clone()))
                .collect();
            fresh.sort();
            if fresh.is_empty() {
                break;
            }
        }
        if let Some(c) = cache {
            c.put_prefilter(looked_for);
        }
        // The last round's project, unless it is the one built: the one an
        // earlier run built from the same facts, else built now.
        if let (Some(c), Some(h)) = (cache, inputs) {
            if built != Some(h) {
                drop(std::mem::take(&mut self.project));
                if let Some(p) = super::memo::take::<L::Project>(salt, h) {
                    self.project = p;
                    // The cache keeps its copy if it is of these facts, else
                    // this one is written.
                    if !c.keep_project(h) {
                        built = Some(h);
                    }
                    run.trace.mark(|| format!("{name}: project kept in memory"));
                } else if let Some(p) = c.project(h).and_then(|b| lang.load_project(&b)) {
                    self.project = p;
                    run.trace.mark(|| format!("{name}: project loaded"));
                } else {
                    self.project = self.build(lang, files, run, cache, &mut facts);
                    built = Some(h);
                    run.trace.mark(|| format!("{name}: project built"));
                }
            }
            if built == Some(h) {
                if let Some(bytes) = lang.save_project(&self.project) {
                    c.put_project(h, bytes);
                }
            }
        }
        // For the parse-floor benchmark (benches/parse_floor.rs): which
        // files pass 1 took, tab-separated.
        run.trace.mark(|| {
            let files: Vec<String> = self
                .units
                .iter()
                .zip(self.files.iter())
                .filter(|(u, _)| u.analysable)
                .map(|(_, f)| f.path.display().to_string())
                .collect();
            format!("{name} pass 1 files:\t{}", files.join("\t"))
        });
        inputs
    }

    /// The project of `facts`, reading from the cache the facts that are
    /// only there. Facts the cache no longer has (a file removed by hand, a
    /// torn write) come from parsing the file again.
    fn build(
        &mut self,
        lang: &L,
        files: &[(Candidate, bool)],
        run: &Run<'_>,
        cache: Option<&Cache<L::Facts>>,
        facts: &mut [(usize, Option<L::Facts>)],
    ) -> L::Project {
        let units = &self.units;
        let missing = facts.iter().filter(|(_, f)| f.is_none()).count();
        facts.par_iter_mut().for_each(|(i, slot)| {
            if slot.is_none() {
                *slot = cache.and_then(|c| c.load_facts(units[*i].facts_key));
            }
        });
        if missing > 0 {
            run.trace
                .mark(|| format!("{}: {missing} facts read from the cache", L::LANG.name()));
        }
        // Rare: the cache's index names facts its files do not hold.
        for (i, slot) in facts.iter_mut().filter(|(_, f)| f.is_none()) {
            let (u, f, (c, target)) = (&mut self.units[*i], &self.files[*i], &files[*i]);
            if u.load(lang, c, *target, run).is_none() {
                continue;
            }
            let (Some(meta), Some(source)) = (u.meta.as_ref(), u.source.as_ref()) else {
                continue;
            };
            *slot = guard("pass 1", f.path, || lang.pass1(f, meta, &source.text))
                .ok()
                .flatten()
                .map(|(_, facts)| facts);
        }
        let all: Vec<&L::Facts> = facts.iter().filter_map(|(_, f)| f.as_ref()).collect();
        lang.project(&all)
    }

    /// A hash of the facts gathered so far, file by file: what a project
    /// built now is built from.
    fn facts_inputs(&self) -> u64 {
        let mut bytes = Vec::new();
        for (u, f) in self.units.iter().zip(&self.files) {
            if u.analysable {
                let p = f.path.as_os_str().as_encoded_bytes();
                bytes.extend_from_slice(&(p.len() as u64).to_le_bytes());
                bytes.extend_from_slice(p);
                bytes.extend_from_slice(&u.facts_hash.to_le_bytes());
            }
        }
        hash::key(&[&bytes])
    }

    /// Stage 3: every parsed file against the project, then the project closed.
    fn link(&mut self, lang: &L, out: &mut Outcome) {
        let project = &self.project;
        let linked: Vec<Result<L::Linked, Problem>> = self
            .units
            .par_iter_mut()
            .zip(self.files.par_iter())
            .filter_map(|(u, f)| {
                if u.failed {
                    return None;
                }
                let (Some(meta), Some(parsed), Some(source)) =
                    (u.meta.as_ref(), u.parse.as_mut(), u.source.as_ref())
                else {
                    return None;
                };
                let r = guard("project", f.path, || {
                    lang.link(project, f, meta, parsed, &source.text)
                });
                if r.is_err() {
                    u.failed = true;
                    u.parse = None;
                }
                Some(r)
            })
            .collect();
        let mut ok = Vec::with_capacity(linked.len());
        for r in linked {
            match r {
                Ok(l) => ok.push(l),
                Err(problem) => {
                    out.internal_errors += 1;
                    out.problems.push(problem);
                }
            }
        }
        lang.close(&mut self.project, ok);
    }

    /// Pass 2: the rules on every target, in parallel.
    fn pass2(
        &mut self,
        lang: &L,
        files: &[(Candidate, bool)],
        run: &Run<'_>,
        cache: Option<&Cache<L::Facts>>,
        out: &mut Outcome,
    ) {
        let project = &self.project;
        // The file's findings from an earlier run, if the file is as it was
        // and the project answers its check's reads as it did; a file to
        // check, or with findings to show, is read if it was not.
        let cached: Vec<Option<Vec<crate::diagnostic::Diagnostic>>> = self
            .units
            .par_iter_mut()
            .zip(self.files.par_iter())
            .zip(files.par_iter())
            .map(|((u, f), (c, target))| {
                if !(f.target && u.analysable) || u.failed {
                    return None;
                }
                let hit = cache
                    .and_then(|c| c.results(u.facts_key, |reads| lang.reads_hash(project, reads)));
                if hit.as_ref().is_none_or(|d| !d.is_empty()) {
                    u.load(lang, c, *target, run);
                }
                hit
            })
            .collect();
        for (u, f) in self.units.iter_mut().zip(&self.files) {
            if let Some(p) = u.problem.take() {
                if f.target {
                    out.unreadable += 1;
                    out.problems.push(p);
                }
            }
            if f.target && u.readable() && !u.tried && !u.failed {
                // Mentions nothing connlint knows: checked, nothing to find.
                out.checked += 1;
            }
        }
        let units = std::mem::take(&mut self.units);
        let results: Vec<Result<Option<FileReport>, Problem>> = units
            .into_par_iter()
            .zip(cached.into_par_iter())
            .zip(self.files.par_iter())
            .zip(files.par_iter())
            .filter_map(|(((u, cached), f), (c, _))| {
                if !(f.target && u.analysable) || u.failed {
                    return None;
                }
                if cached.as_ref().is_some_and(Vec::is_empty) {
                    return Some(Ok(None));
                }
                let source = Arc::new(u.source?);
                let meta = u.meta?;
                let parse = u.parse;
                Progress::add(run.progress.map(|p| &p.analysed), 1);
                let s = &run.settings[c.settings];
                let selected = s.rules_for(f.path);
                let rules: Vec<&L::Rule> = selected.iter().filter_map(L::of).collect();
                // CL901, when selected: what a code in a suppression comment is.
                let code_rule = |code: &str| {
                    crate::rules::RULES
                        .iter()
                        .position(|r| {
                            let m = r.meta();
                            m.code.eq_ignore_ascii_case(code) || m.name == code
                        })
                        .map(|i| selected.contains(i))
                };
                let unused_meta = crate::rules::hygiene::unused_suppression::meta();
                let unused = (selected.contains_code(unused_meta.code)
                    && unused_meta.langs.contains(&L::LANG))
                .then(|| crate::lang::UnusedCheck {
                    meta: unused_meta,
                    rule: &code_rule,
                    all_rules: (0..crate::rules::RULES.len()).all(|i| {
                        crate::rules::RULES[i].meta().status != crate::rule_meta::Status::Stable
                            || selected.contains(i)
                    }),
                });
                let outcome = guard("pass 2", f.path, || {
                    if let Some(diagnostics) = cached {
                        return diagnostics;
                    }
                    // Facts from the cache or a parse not kept: parse it now.
                    let Some(parsed) = parse.or_else(|| lang.parse(&source.text)) else {
                        return Vec::new();
                    };
                    let check = || lang.check(f, &meta, &parsed, &source, project, &rules);
                    let (mut found, reads) = if cache.is_some() {
                        lang.recording(check)
                    } else {
                        (check(), None)
                    };
                    crate::rules::common::one_help_per_call(&mut found);
                    let diagnostics =
                        finish::<L>(&source, L::tree(&parsed), found, unused.as_ref());
                    if let (Some(c), Some(reads)) = (cache, reads) {
                        let answers = lang.reads_hash(project, &reads);
                        c.put_results(u.facts_key, reads, answers, &diagnostics);
                    }
                    diagnostics
                });
                Some(outcome.map(|diagnostics| {
                    Some(FileReport {
                        project_path: f
                            .path
                            .strip_prefix(f.root)
                            .map_or_else(|_| f.path.to_path_buf(), Path::to_path_buf),
                        source,
                        diagnostics,
                        fingerprints: None,
                    })
                }))
            })
            .collect();
        for r in results {
            match r {
                Ok(file) => {
                    out.checked += 1;
                    if let Some(file) = file.filter(|f| !f.diagnostics.is_empty()) {
                        out.files.push(file);
                    }
                }
                Err(problem) => {
                    out.internal_errors += 1;
                    out.problems.push(problem);
                }
            }
        }
    }
}

/// The one panic policy of every per-file stage: a panic is an internal
/// error naming the file and the stage, and the run goes on without it.
fn guard<T>(stage: &str, path: &Path, f: impl FnOnce() -> T) -> Result<T, Problem> {
    std::panic::catch_unwind(AssertUnwindSafe(|| {
        inject_panic(stage, path);
        f()
    }))
    .map_err(|panic| {
        let what = panic
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown panic".to_owned());
        Problem {
            path: path.to_path_buf(),
            message: format!(
                "internal error in {stage} while checking this file ({what}); please report it"
            ),
            error: true,
        }
    })
}

/// `CONNLINT_INJECT_PANIC=STAGE:NAME` panics in that stage (`pass 1`,
/// `project`, `pass 2`) of the files whose path ends with NAME: the tests of
/// the panic policy use it. Not an interface.
fn inject_panic(stage: &str, path: &Path) {
    static SPEC: std::sync::OnceLock<Option<(String, String)>> = std::sync::OnceLock::new();
    let spec = SPEC.get_or_init(|| {
        let v = std::env::var("CONNLINT_INJECT_PANIC").ok()?;
        let (s, n) = v.split_once(':')?;
        Some((s.to_owned(), n.to_owned()))
    });
    if let Some((s, n)) = spec {
        assert!(
            !(s == stage && path.to_string_lossy().ends_with(n.as_str())),
            "injected panic"
        );
    }
}

/// What every cache key of a run includes: this build of connlint, the
/// command-line overrides and the configuration files in use.
fn cache_salt(settings: &[Settings], overrides: &Overrides, language: &str) -> String {
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
        language.to_owned(),
    ];
    for s in settings {
        parts.push(s.root.display().to_string());
        if let Some(c) = &s.config_path {
            parts.push(c.display().to_string());
            parts.push(std::fs::read_to_string(c).unwrap_or_default());
        }
    }
    let refs: Vec<&[u8]> = parts.iter().map(String::as_bytes).collect();
    format!("{:016x}", hash::key(&refs))
}
