//! Settings: defaults, then `connlint.toml` or `[tool.connlint]` in
//! `pyproject.toml` (the nearest one walking up from each path), then flags.
//! Only `Settings` enters the pipeline; the CLI's raw flags never do.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;

use crate::catalog::{AcquireDef, CallList, CatalogFile, FactoryDef, PoolDef, ResourceDef};
use crate::rules::{self, RuleSet};

/// Directories never walked into unless named on the command line.
pub const DEFAULT_EXCLUDES: &[&str] = &[
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    ".eggs",
    "node_modules",
    "__pycache__",
    "__pypackages__",
    "site-packages",
    "target",
    "build",
    "dist",
    ".mypy_cache",
    ".ruff_cache",
    ".connlint_cache",
];

/// Files larger than this are skipped with a message (`--max-file-size`).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Invalid { path: PathBuf, message: String },
}

/// The options of a configuration file, as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    /// Rules to enable (codes, prefixes, names or `ALL`); replaces the default set.
    pub select: Option<Vec<String>>,
    /// Rules to enable in addition to `select`.
    pub extend_select: Option<Vec<String>>,
    /// Rules to disable.
    pub ignore: Option<Vec<String>>,
    /// Glob patterns of paths to skip; replaces the default excludes.
    pub exclude: Option<Vec<String>>,
    /// Glob patterns of paths to skip, in addition to `exclude`.
    pub extend_exclude: Option<Vec<String>>,
    /// Glob pattern → rules to ignore in matching files.
    pub per_file_ignores: Option<BTreeMap<String, Vec<String>>>,
    /// Files larger than this many bytes are skipped.
    pub max_file_size: Option<u64>,
    /// Project additions to the API catalog.
    pub catalog: Option<CatalogOptions>,
    /// Options of individual rules (`[rules.leaked-guard]`).
    pub rules: Option<RuleOptions>,
}

/// `[rules.<name>]`: options of individual rules.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RuleOptions {
    pub leaked_guard: Option<LeakedGuardOptions>,
    pub leak_on_exception: Option<LeakOnExceptionOptions>,
    pub manual_connection: Option<ManualConnectionOptions>,
}

/// `[rules.manual-connection]` (CL101).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct ManualConnectionOptions {
    /// Do not report a connection released by hand in a `finally` (correct,
    /// only not in the guarded form): for teams that want bugs only.
    #[serde(default)]
    pub allow_finally: bool,
}

/// `[rules.leak-on-exception]` (CL102).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LeakOnExceptionOptions {
    /// Also report in test code (a failed `assert` usually ends the test run).
    #[serde(default)]
    pub in_tests: bool,
}

/// `[rules.leaked-guard]` (CL303).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LeakedGuardOptions {
    /// Also flag sqlx `detach()` and deadpool `Object::take` (deliberate, usually).
    #[serde(default)]
    pub detach: bool,
}

/// `[catalog]`: project functions connlint cannot infer, and full catalog entries.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct CatalogOptions {
    /// Qualified functions that return a fresh connection (`app.db.get_conn`).
    #[serde(default)]
    pub acquirers: Vec<String>,
    /// Qualified functions that release the connection passed as their first argument.
    #[serde(default)]
    pub releasers: Vec<String>,
    /// Qualified context managers that hand out a connection and release it.
    #[serde(default)]
    pub guarded_context_managers: Vec<String>,
    /// Modules that own the project's pool (direct connects elsewhere are CL201).
    #[serde(default)]
    pub pool_modules: Vec<String>,
    #[serde(default)]
    pub backends: std::collections::HashMap<String, Vec<String>>,
    #[serde(default)]
    pub resource: Vec<ResourceDef>,
    #[serde(default)]
    pub acquire: Vec<AcquireDef>,
    #[serde(default)]
    pub pool: Vec<PoolDef>,
    #[serde(default)]
    pub factory: Vec<FactoryDef>,
    #[serde(default)]
    pub closer: Vec<CallList>,
    #[serde(default)]
    pub owner: Vec<CallList>,
    #[serde(default)]
    pub context_manager: Vec<CallList>,
    /// Extra slow calls for CL302 (`myapp.llm.complete`, `mysdk.*`).
    #[serde(default)]
    pub slow: Vec<CallList>,
    /// `[catalog.rust]`: the Rust half (hand-written pool types).
    #[serde(default)]
    pub rust: RustCatalogOptions,
}

/// `[catalog.rust]`: Rust types connlint cannot infer.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RustCatalogOptions {
    /// `[[catalog.rust.pool]]`: a hand-written pool, with the same keys as
    /// the built-in catalog's `[[pool]]` (`name`, `types`, `acquire`,
    /// `begin`, `guards`, `transactions`, `sync`, ...).
    #[serde(default)]
    pub pool: Vec<crate::catalog::rust::PoolEntry>,
}

impl CatalogOptions {
    /// A name declared as something that hands out a fresh connection and
    /// as an owner that takes one in: connlint would pick one role
    /// silently, so it is an error naming both keys.
    fn check_roles(&self) -> Result<(), String> {
        let lists = |l: &[CallList]| -> Vec<String> {
            l.iter().flat_map(|c| c.call.iter().cloned()).collect()
        };
        let gives: Vec<(&str, Vec<String>)> = vec![
            ("catalog.acquirers", self.acquirers.clone()),
            (
                "[[catalog.acquire]] call",
                self.acquire
                    .iter()
                    .flat_map(|a| a.call.iter().cloned())
                    .collect(),
            ),
        ];
        // (Not releasers or closers: `reconnect(old)` closes one and returns another.)
        let takes: Vec<(&str, Vec<String>)> = vec![("[[catalog.owner]] call", lists(&self.owner))];
        for (gk, gnames) in &gives {
            for (tk, tnames) in &takes {
                if let Some(name) = gnames.iter().find(|n| tnames.contains(n)) {
                    return Err(format!(
                        "`{name}` is declared both in `{gk}` (it returns a fresh connection) and in `{tk}` (it takes ownership of one): keep the one that says what it does"
                    ));
                }
            }
        }
        Ok(())
    }

    #[must_use]
    pub fn catalog_file(&self) -> CatalogFile {
        CatalogFile {
            backends: self.backends.clone(),
            resource: self.resource.clone(),
            acquire: self.acquire.clone(),
            pool: self.pool.clone(),
            factory: self.factory.clone(),
            closer: self.closer.clone(),
            owner: self.owner.clone(),
            context_manager: self.context_manager.clone(),
            signature: Vec::new(),
            slow: self.slow.clone(),
            scoped_session: Vec::new(),
        }
    }
}

#[derive(Deserialize)]
struct PyProject {
    tool: Option<PyProjectTool>,
}

#[derive(Deserialize)]
struct PyProjectTool {
    connlint: Option<Options>,
}

/// Flags that override the configuration file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub select: Option<Vec<String>>,
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    pub exclude: Option<Vec<String>>,
    pub extend_exclude: Vec<String>,
    pub max_file_size: Option<u64>,
}

/// Resolved settings for the files under one configuration.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The configuration file, if any.
    pub config_path: Option<PathBuf>,
    /// The project root: the configuration's directory, else the repository root or working directory.
    pub root: PathBuf,
    pub rules: RuleSet,
    pub exclude: GlobSet,
    pub per_file_ignores: Vec<(GlobSet, RuleSet)>,
    pub max_file_size: u64,
    pub catalog: CatalogOptions,
    /// CL303 also flags `detach()` / `Object::take`.
    pub flag_detach: bool,
    /// CL102 also reports in test code.
    pub leak_on_exception_in_tests: bool,
    /// CL101 does not report a release by hand in `finally`.
    pub manual_connection_allow_finally: bool,
}

impl Settings {
    /// Builds settings from optional file options and flags. `origin` names the file in errors.
    pub fn resolve(
        options: Options,
        overrides: &Overrides,
        config_path: Option<PathBuf>,
        root: PathBuf,
    ) -> Result<Settings, ConfigError> {
        let origin = config_path
            .clone()
            .unwrap_or_else(|| PathBuf::from("command line"));
        let invalid = |message: String| ConfigError::Invalid {
            path: origin.clone(),
            message,
        };
        if let Some(c) = &options.catalog {
            c.check_roles().map_err(invalid)?;
        }
        let select_list = overrides.select.clone().or(options.select);
        let mut rules = match &select_list {
            Some(list) => {
                let mut s = RuleSet::empty();
                for sel in list {
                    let set =
                        rules::select(sel).map_err(|e| invalid(format!("in `select`: {e}")))?;
                    for r in 0..rules::RULES.len() {
                        if set.contains(r) {
                            s.insert(r);
                        }
                    }
                }
                s
            }
            None => RuleSet::defaults(),
        };
        for sel in options
            .extend_select
            .iter()
            .flatten()
            .chain(overrides.extend_select.iter())
        {
            let set =
                rules::select(sel).map_err(|e| invalid(format!("in `extend-select`: {e}")))?;
            for r in 0..rules::RULES.len() {
                if set.contains(r) {
                    rules.insert(r);
                }
            }
        }
        for sel in options
            .ignore
            .iter()
            .flatten()
            .chain(overrides.ignore.iter())
        {
            let set = rules::select(sel).map_err(|e| invalid(format!("in `ignore`: {e}")))?;
            for r in 0..rules::RULES.len() {
                if set.contains(r) {
                    rules.remove(r);
                }
            }
        }
        let base: Vec<String> = overrides
            .exclude
            .clone()
            .or(options.exclude)
            .unwrap_or_else(|| DEFAULT_EXCLUDES.iter().map(|s| (*s).to_owned()).collect());
        // Each list is checked on its own first, so an error names the
        // option it is in; then all of them form one set.
        let extend: Vec<String> = options
            .extend_exclude
            .into_iter()
            .flatten()
            .chain(overrides.extend_exclude.iter().cloned())
            .collect();
        check_globs(&base).map_err(|e| invalid(format!("in `exclude`: {e}")))?;
        check_globs(&extend).map_err(|e| invalid(format!("in `extend-exclude`: {e}")))?;
        let patterns: Vec<String> = base.into_iter().chain(extend).collect();
        let exclude = build_globs(&patterns, false)
            .map_err(|e| invalid(format!("in `exclude` and `extend-exclude` together: {e}")))?;
        let mut per_file_ignores = Vec::new();
        let per_file = options.per_file_ignores.unwrap_or_default();
        if per_file.len() > MAX_GLOBS {
            return Err(invalid(format!(
                "in `per-file-ignores`: {} patterns; connlint accepts at most {MAX_GLOBS}",
                per_file.len()
            )));
        }
        for (pattern, selectors) in per_file {
            let one = std::slice::from_ref(&pattern);
            let globs = check_globs(one)
                .and_then(|()| build_globs(one, true))
                .map_err(|e| invalid(format!("in `per-file-ignores`: {e}")))?;
            let mut set = RuleSet::empty();
            for sel in &selectors {
                let s = rules::select(sel)
                    .map_err(|e| invalid(format!("in `per-file-ignores` for `{pattern}`: {e}")))?;
                for r in 0..rules::RULES.len() {
                    if s.contains(r) {
                        set.insert(r);
                    }
                }
            }
            per_file_ignores.push((globs, set));
        }
        Ok(Settings {
            config_path,
            root,
            rules,
            exclude,
            per_file_ignores,
            max_file_size: overrides
                .max_file_size
                .or(options.max_file_size)
                .unwrap_or(DEFAULT_MAX_FILE_SIZE),
            catalog: options.catalog.unwrap_or_default(),
            flag_detach: options
                .rules
                .as_ref()
                .and_then(|r| r.leaked_guard.as_ref())
                .is_some_and(|l| l.detach),
            leak_on_exception_in_tests: options
                .rules
                .as_ref()
                .and_then(|r| r.leak_on_exception.as_ref())
                .is_some_and(|l| l.in_tests),
            manual_connection_allow_finally: options
                .rules
                .as_ref()
                .and_then(|r| r.manual_connection.as_ref())
                .is_some_and(|m| m.allow_finally),
        })
    }

    /// Whether a path (relative to the root, or a file name) is itself
    /// excluded. Descendants of an excluded directory are not matched: the
    /// walk prunes the directory, so they are never reached unless a path
    /// inside it is named on the command line, and then it is walked.
    #[must_use]
    pub fn is_excluded(&self, path: &Path) -> bool {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        self.exclude.is_match(rel)
    }

    /// Whether a path or one of its directories below the root is excluded:
    /// for files named on the command line with `--force-exclude`.
    #[must_use]
    pub fn is_excluded_or_under(&self, path: &Path) -> bool {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        rel.ancestors()
            .filter(|a| !a.as_os_str().is_empty())
            .any(|a| self.exclude.is_match(a))
    }

    /// The rules that apply to a file: the selection minus its per-file ignores.
    #[must_use]
    pub fn rules_for(&self, path: &Path) -> RuleSet {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        let mut set = self.rules.clone();
        for (globs, ignored) in &self.per_file_ignores {
            if globs.is_match(rel) {
                for r in 0..rules::RULES.len() {
                    if ignored.contains(r) {
                        set.remove(r);
                    }
                }
            }
        }
        set
    }
}

/// Patterns per list, and characters per pattern, that a configuration may
/// give: far above what a project writes, low enough that a hostile or
/// generated configuration cannot make building the matcher take minutes
/// (20,000 patterns take about 5 s).
const MAX_GLOBS: usize = 10_000;
const MAX_GLOB_LEN: usize = 1024;

/// The start of a long pattern, for messages.
fn shorten(p: &str) -> String {
    if p.chars().count() <= 60 {
        return p.to_owned();
    }
    let head: String = p.chars().take(60).collect();
    format!("{head}...")
}

/// The limits and the syntax of a list of patterns, without building them.
fn check_globs(patterns: &[String]) -> Result<(), String> {
    if patterns.len() > MAX_GLOBS {
        return Err(format!(
            "{} patterns; connlint accepts at most {MAX_GLOBS}",
            patterns.len()
        ));
    }
    for p in patterns {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        if p.len() > MAX_GLOB_LEN {
            return Err(format!(
                "the pattern `{}` is {} bytes long; connlint accepts at most {MAX_GLOB_LEN}",
                shorten(p),
                p.len()
            ));
        }
        let anchored = p.trim_start_matches("./").trim_end_matches('/');
        Glob::new(anchored).map_err(|e| format!("invalid glob `{}`: {}", shorten(p), e.kind()))?;
    }
    Ok(())
}

/// Compiles exclude-style patterns: a pattern without `/` matches a path
/// component at any depth (`venv` matches `a/venv`); one with `/` matches from
/// the root. With `descendants`, paths below a matched directory match too
/// (`venv` matches `a/venv/b.py`), as per-file ignores need.
/// The patterns must have passed [`check_globs`] (alone or list by list);
/// only their number together is checked again.
fn build_globs(patterns: &[String], descendants: bool) -> Result<GlobSet, String> {
    if patterns.len() > MAX_GLOBS {
        return Err(format!(
            "{} patterns; connlint accepts at most {MAX_GLOBS}",
            patterns.len()
        ));
    }
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        let p = p.trim();
        if p.is_empty() {
            continue;
        }
        let anchored = p.trim_start_matches("./").trim_end_matches('/');
        let mut forms: Vec<String> = if anchored.contains('/') {
            vec![anchored.to_owned()]
        } else {
            vec![anchored.to_owned(), format!("**/{anchored}")]
        };
        if descendants {
            forms.extend(forms.clone().into_iter().map(|f| format!("{f}/**")));
        }
        for f in forms {
            let g = Glob::new(&f)
                .map_err(|e| format!("invalid glob `{}`: {}", shorten(p), e.kind()))?;
            b.add(g);
        }
    }
    b.build().map_err(|e| e.to_string())
}

/// Reads the options of a `connlint.toml` or a `pyproject.toml` (its `[tool.connlint]`).
/// Returns `None` for a `pyproject.toml` without that table.
pub fn load_file(path: &Path) -> Result<Option<Options>, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|source| ConfigError::Read {
        path: path.to_owned(),
        source,
    })?;
    let is_pyproject = path.file_name().is_some_and(|n| n == "pyproject.toml");
    let invalid = |e: toml::de::Error| {
        let mut message = e.to_string().trim_end().to_owned();
        // serde errors inside a value (e.g. the third element of a multi-line
        // array) do not say which key they belong to: name it.
        if let Some(key) = e.span().and_then(|span| key_at(&text, &span)) {
            if !message.contains(&format!("`{key}`")) {
                message = format!("{message} (in `{key}`)");
            }
        }
        ConfigError::Invalid {
            path: path.to_owned(),
            message,
        }
    };
    if is_pyproject {
        let p: PyProject = toml::from_str(&text).map_err(invalid)?;
        Ok(p.tool.and_then(|t| t.connlint))
    } else {
        toml::from_str(&text).map(Some).map_err(invalid)
    }
}

/// The dotted path of the innermost key whose value covers `span` in `text`.
fn key_at(text: &str, span: &std::ops::Range<usize>) -> Option<String> {
    use toml::de::{DeTable, DeValue};
    // Tables opened by a `[header]` do not span their contents, so every
    // table is searched, not only the ones whose span covers the error.
    fn find(table: &DeTable<'_>, span: &std::ops::Range<usize>, path: &mut Vec<String>) -> bool {
        for (k, v) in table {
            path.push(k.get_ref().to_string());
            if let DeValue::Table(inner) = v.get_ref() {
                if find(inner, span, path) {
                    return true;
                }
            }
            let covers = |r: std::ops::Range<usize>| r.start <= span.start && span.end <= r.end;
            if covers(v.span()) || covers(k.span()) {
                return true;
            }
            path.pop();
        }
        false
    }
    let root = DeTable::parse(text).ok()?;
    let mut path = Vec::new();
    if !find(root.get_ref(), span, &mut path) {
        return None;
    }
    // Inside a `[tool.connlint]` table, speak of the connlint key only.
    if path.len() > 2 && path[0] == "tool" && path[1] == "connlint" {
        path.drain(..2);
    }
    Some(path.join("."))
}

/// Walks up from `start` to the nearest `connlint.toml` or `pyproject.toml` with `[tool.connlint]`.
pub fn find_config(start: &Path) -> Result<Option<(PathBuf, Options)>, ConfigError> {
    let mut dir = if start.is_dir() {
        Some(start)
    } else {
        start.parent()
    };
    while let Some(d) = dir {
        let c = d.join("connlint.toml");
        if c.is_file() {
            if let Some(o) = load_file(&c)? {
                return Ok(Some((c, o)));
            }
        }
        let p = d.join("pyproject.toml");
        if p.is_file() {
            if let Some(o) = load_file(&p)? {
                return Ok(Some((p, o)));
            }
        }
        dir = d.parent();
    }
    Ok(None)
}

/// The root of the project containing `start`: the nearest ancestor with `.git`, if any.
#[must_use]
pub fn find_repo_root(start: &Path) -> Option<PathBuf> {
    find_up(start, &[".git"])
}

/// The nearest directory at or above `start` that holds a Python
/// distribution's metadata (`pyproject.toml`, `setup.py`, `setup.cfg`):
/// the project root of a checkout that is not a git repository (an sdist).
#[must_use]
pub fn find_distribution_root(start: &Path) -> Option<PathBuf> {
    let found = find_up(
        start,
        &["pyproject.toml", "setup.py", "setup.cfg", "Cargo.toml"],
    )?;
    if !found.join("Cargo.toml").is_file() {
        return Some(found);
    }
    // A crate of a Cargo workspace: the workspace is the project (its crates share types).
    let mut dir = found.parent();
    while let Some(d) = dir {
        let manifest = d.join("Cargo.toml");
        if manifest.is_file()
            && std::fs::read_to_string(&manifest).is_ok_and(|t| t.contains("[workspace]"))
        {
            return Some(d.to_owned());
        }
        dir = d.parent();
    }
    Some(found)
}

fn find_up(start: &Path, markers: &[&str]) -> Option<PathBuf> {
    let mut dir = if start.is_dir() {
        Some(start)
    } else {
        start.parent()
    };
    while let Some(d) = dir {
        if markers.iter().any(|m| d.join(m).exists()) {
            return Some(d.to_owned());
        }
        dir = d.parent();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_names_key_and_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("connlint.toml");
        std::fs::write(&p, "selct = [\"CL101\"]\n").unwrap();
        let err = load_file(&p).unwrap_err().to_string();
        assert!(
            err.contains("connlint.toml") && err.contains("selct"),
            "{err}"
        );
    }

    #[test]
    fn wrong_type_names_key() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pyproject.toml");
        std::fs::write(
            &p,
            "[project]\nname = \"x\"\n[tool.connlint]\nselect = \"CL101\"\n",
        )
        .unwrap();
        let err = load_file(&p).unwrap_err().to_string();
        assert!(
            err.contains("pyproject.toml") && err.contains("select"),
            "{err}"
        );
    }

    #[test]
    fn pyproject_without_table_is_not_a_config() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("pyproject.toml");
        std::fs::write(
            &p,
            "[project]\nname = \"x\"\n[tool.black]\nline-length = 100\n",
        )
        .unwrap();
        assert!(load_file(&p).unwrap().is_none());
    }

    #[test]
    fn excludes_match_components_and_anchored_paths() {
        let s = Settings::resolve(
            Options {
                extend_exclude: Some(vec!["legacy/*.py".into()]),
                ..Options::default()
            },
            &Overrides::default(),
            None,
            PathBuf::from("/r"),
        )
        .unwrap();
        assert!(s.is_excluded(Path::new("/r/a/venv")));
        assert!(s.is_excluded(Path::new("/r/legacy/old.py")));
        assert!(s.is_excluded(Path::new("/r/venv")));
        // Descendants are pruned by the walk, not matched.
        assert!(!s.is_excluded(Path::new("/r/venv/lib/x.py")));
        assert!(!s.is_excluded(Path::new("/r/app/legacy_old.py")));
        assert!(!s.is_excluded(Path::new("/r/app/db.py")));
    }

    #[test]
    fn per_file_ignores_remove_rules() {
        let mut pfi = BTreeMap::new();
        pfi.insert("scripts/*".to_owned(), vec!["CL201".to_owned()]);
        let s = Settings::resolve(
            Options {
                per_file_ignores: Some(pfi),
                ..Options::default()
            },
            &Overrides::default(),
            None,
            PathBuf::from("/r"),
        )
        .unwrap();
        assert!(
            !s.rules_for(Path::new("/r/scripts/x.py"))
                .contains_code("CL201")
        );
        assert!(s.rules_for(Path::new("/r/app/x.py")).contains_code("CL201"));
    }
}
