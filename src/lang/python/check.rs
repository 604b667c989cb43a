//! The Python language of the engine: the catalog and project
//! configuration of a run, pass 1 of a file (its facts for the summaries),
//! the summaries, and pass 2 (the rules on one file's context).

use std::cell::OnceCell;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tree_sitter::{Node, Tree};

use crate::catalog::Catalog;
use crate::diagnostic::Diagnostic;
use crate::lang::python::context::{PyContext, PythonRule};
use crate::lang::python::model::PyFile;
use crate::lang::python::resources::Finder;
use crate::lang::python::summaries::{ModuleFacts, Project, ProjectConfig};
use crate::lang::python::test_code::{TestPath, test_path};
use crate::lang::{self, FileRef, Language};
use crate::rule_meta::{
    ANALYSIS_LIMIT, ANALYSIS_LIMIT_NOTE, PATH_SENSITIVE_RULES, RuleOptions, SYNTAX_ERROR,
};
use crate::source::{Lang, SourceFile, TextRange};

/// Python, as the engine runs it: the catalog with every configuration's
/// additions, the configured project functions, and the run's packages.
#[derive(Debug)]
pub struct Python {
    catalog: Catalog,
    config: ProjectConfig,
    /// The last parts of every catalogued pool class.
    pool_names: HashSet<String>,
    /// Directories holding an `__init__.py`, from the files of the run.
    package_dirs: HashSet<PathBuf>,
    /// The module of every Python file of the run, parsed or not.
    modules: HashSet<Arc<str>>,
}

/// What is known of a Python file before it is parsed.
#[derive(Debug, Clone)]
pub struct PyMeta {
    /// The dotted module name.
    pub module: Arc<str>,
    /// An `__init__.py`.
    pub is_package: bool,
    /// What its path says about test code (its content may confirm a
    /// test-like name: see `test_code`).
    pub test: TestPath,
}

/// The Python project: the summaries, and the last names of the callees
/// worth evaluating in pass 2.
#[derive(Debug, Default)]
pub struct PyProject {
    pub summaries: Project,
    pub interesting: HashSet<String>,
    /// A hash of what every check reads whole (see `summaries::reads`).
    pub global: u64,
}

impl Python {
    /// Python over this catalog and configuration.
    #[must_use]
    pub fn with(catalog: Catalog, config: ProjectConfig) -> Python {
        let pool_names = pool_names(&catalog);
        Python {
            catalog,
            config,
            pool_names,
            package_dirs: HashSet::new(),
            modules: HashSet::new(),
        }
    }

    #[must_use]
    pub fn catalog(&self) -> &Catalog {
        &self.catalog
    }
}

/// The last parts of every catalogued pool class.
#[must_use]
pub fn pool_names(catalog: &Catalog) -> HashSet<String> {
    catalog
        .pools
        .iter()
        .flat_map(|p| p.class.iter())
        .map(|c| c.rsplit('.').next().unwrap_or(c).to_owned())
        .collect()
}

impl Language for Python {
    const LANG: Lang = Lang::Python;
    const COMMENT_KINDS: &'static [&'static str] = &["comment"];
    const KEEP_ALL_PARSES: bool = false;
    const CACHE_FILE: Option<&'static str> = Some("python.bin");
    type Meta = PyMeta;
    type Parsed = Tree;
    type Facts = ModuleFacts;
    type Project = PyProject;
    type Linked = ();
    type Rule = dyn PythonRule;

    fn prepare(&mut self, files: &[FileRef<'_>]) {
        // Package directories, from the files found (no extra system calls),
        // and for files named outside any walked tree, from the file system.
        let mut dirs: HashSet<PathBuf> = files
            .iter()
            .filter(|f| f.path.file_name().is_some_and(|n| n == "__init__.py"))
            .filter_map(|f| f.path.parent().map(Path::to_path_buf))
            .collect();
        for f in files.iter().filter(|f| f.explicit) {
            let mut d = f.path.parent();
            while let Some(dir) = d {
                if dirs.contains(dir) || !dir.join("__init__.py").is_file() {
                    break;
                }
                dirs.insert(dir.to_owned());
                d = dir.parent();
            }
        }
        self.package_dirs = dirs;
        // Every file's module, parsed or not: what an import may resolve to.
        self.modules = files
            .iter()
            .map(|f| Arc::from(self.meta(f).module.as_ref()))
            .collect();
    }

    fn refuse(&self, text: &str) -> Option<String> {
        lang::python::too_deeply_indented(text).map(|levels| {
            format!(
                "too deeply nested: {levels} levels of indentation, more than the {} connlint parses (Python allows 100); skipped",
                lang::python::MAX_INDENT_LEVELS
            )
        })
    }

    fn seed_names(&self) -> Vec<Vec<String>> {
        // A catalog API (its module and its name) or a configured project function.
        let leaf = |s: &String| vec![s.rsplit('.').next().unwrap_or(s).to_owned()];
        let mut out: HashSet<Vec<String>> = self.catalog.prefilter_names().into_iter().collect();
        out.extend(self.config.acquirers.iter().map(leaf));
        out.extend(self.config.guarded_context_managers.iter().map(leaf));
        out.into_iter().collect()
    }

    fn meta(&self, file: &FileRef<'_>) -> PyMeta {
        let (module, is_package) = lang::python::module_name(file.path, file.root, &|d: &Path| {
            self.package_dirs.contains(d)
        });
        PyMeta {
            module: Arc::from(module),
            is_package,
            test: test_path(file.path, file.root),
        }
    }

    fn cache_key(&self, meta: &PyMeta) -> Vec<Vec<u8>> {
        vec![
            meta.module.as_bytes().to_vec(),
            vec![u8::from(meta.is_package)],
        ]
    }

    fn cache_salt(&self) -> String {
        format!("{:?}", self.config)
    }

    fn parse(&self, text: &str) -> Option<Tree> {
        lang::python::parse(text)
    }

    fn pass1(&self, file: &FileRef<'_>, meta: &PyMeta, text: &str) -> Option<(Tree, ModuleFacts)> {
        let tree = lang::python::parse(text)?;
        let facts = python_facts(
            text,
            &tree,
            meta.module.clone(),
            meta.is_package,
            file.path,
            file.root,
            &self.catalog,
            &self.pool_names,
        );
        Some((tree, facts))
    }

    fn describe(&self, project: &PyProject) -> Vec<String> {
        project.summaries.describe()
    }

    fn project(&self, facts: &[&ModuleFacts]) -> PyProject {
        PyProject {
            summaries: Project::build(&self.catalog, facts, &self.config),
            interesting: HashSet::new(),
            global: 0,
        }
    }

    fn save_project(&self, project: &PyProject) -> Option<Vec<u8>> {
        postcard::to_stdvec(&project.summaries).ok()
    }

    fn load_project(&self, bytes: &[u8]) -> Option<PyProject> {
        Some(PyProject {
            summaries: postcard::from_bytes(bytes).ok()?,
            interesting: HashSet::new(),
            global: 0,
        })
    }

    fn relevant_names(&self, project: &PyProject) -> Vec<Vec<String>> {
        project.summaries.relevant_names()
    }

    fn link(&self, _: &PyProject, _: &FileRef<'_>, _: &PyMeta, _: &mut Tree, _: &str) {}

    fn close(&self, project: &mut PyProject, _: Vec<()>) {
        project.interesting = interesting_names(&self.catalog, &project.summaries);
        let mut interesting: Vec<&String> = project.interesting.iter().collect();
        interesting.sort();
        let names: Vec<u8> = interesting
            .iter()
            .flat_map(|n| [n.as_bytes(), b"\0"].concat())
            .collect();
        project.global =
            crate::hash::key(&[&project.summaries.global_hash().to_le_bytes(), &names]);
    }

    fn recording<T>(&self, f: impl FnOnce() -> T) -> (T, Option<Vec<(u8, String)>>) {
        let (out, reads) = crate::lang::python::summaries::recording(f);
        (out, Some(reads))
    }

    fn reads_hash(&self, project: &PyProject, reads: &[(u8, String)]) -> u64 {
        crate::hash::key(&[
            &project.global.to_le_bytes(),
            &project.summaries.answers_hash(reads).to_le_bytes(),
        ])
    }

    fn note_inputs(&self, f: &FileRef<'_>, text: &str) -> Vec<(u32, String)> {
        if test_path(f.path, f.root).confirm_text(text) {
            return Vec::new();
        }
        let meta = self.meta(f);
        lang::python::imports::database_imports(text, &meta.module, meta.is_package)
    }

    fn notes(
        &self,
        project: &PyProject,
        targets: &[(&FileRef<'_>, &[(u32, String)])],
    ) -> Vec<(PathBuf, String)> {
        let imports = targets
            .iter()
            .flat_map(|(f, imports)| {
                imports
                    .iter()
                    .map(|(line, name)| (f.path.to_path_buf(), *line, name.clone()))
            })
            .collect();
        project
            .summaries
            .unresolved_imports(&self.catalog, &self.modules, imports)
            .into_iter()
            .map(|(path, line, name, module)| {
                (
                    path,
                    format!(
                        "line {line}: `{name}` looks like a database connection or pool, but the project has no module `{module}`; connections taken through it are not followed"
                    ),
                )
            })
            .collect()
    }

    fn check(
        &self,
        file: &FileRef<'_>,
        meta: &PyMeta,
        tree: &Tree,
        source: &SourceFile,
        project: &PyProject,
        rules: &[&dyn PythonRule],
    ) -> Vec<Diagnostic> {
        run_rules(
            source,
            tree,
            meta,
            &self.catalog,
            &project.summaries,
            &project.interesting,
            file.options,
            rules,
        )
    }

    fn tree(parsed: &Tree) -> &Tree {
        parsed
    }

    fn statement_lines(source: &SourceFile, root: Node<'_>, offset: usize) -> (usize, usize) {
        lang::python::statement_lines(source, root, offset)
    }
}

/// Last names of the callees worth evaluating in pass 2 (public for the
/// benches, like `python_facts` and `check_python`).
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
    tree: &Tree,
    module: Arc<str>,
    is_package: bool,
    path: &Path,
    root: &Path,
    catalog: &Catalog,
    pool_names: &HashSet<String>,
) -> ModuleFacts {
    let file = PyFile::build(text, tree, module, is_package);
    let mut f = lang::python::facts::extract(&file, catalog, pool_names);
    f.path = path.to_path_buf();
    f.is_test = test_path(path, root).confirm(tree, text);
    f.unit = lang::python::distribution_root(path, root);
    // Test modules are nobody's callees: their calls are not summarised.
    if f.is_test {
        for func in &mut f.functions {
            func.calls = Vec::new();
        }
    }
    f
}

/// Pass 2 of one Python file as a whole run does it: every rule, then the
/// suppressions, sorted (for the benches).
#[doc(hidden)]
#[allow(clippy::too_many_arguments)]
#[must_use]
pub fn check_python(
    source: &SourceFile,
    tree: &Tree,
    meta: &PyMeta,
    catalog: &Catalog,
    project: &Project,
    interesting: &HashSet<String>,
    options: &RuleOptions,
    rules: &[&dyn PythonRule],
) -> Vec<Diagnostic> {
    let out = run_rules(
        source,
        tree,
        meta,
        catalog,
        project,
        interesting,
        options,
        rules,
    );
    crate::lang::finish::<Python>(source, tree, out, None)
}

/// Every rule on one file's context, then the pseudo-rules' findings:
/// syntax errors, and the functions too large for the path analysis.
#[allow(clippy::too_many_arguments)]
fn run_rules(
    source: &SourceFile,
    tree: &Tree,
    meta: &PyMeta,
    catalog: &Catalog,
    project: &Project,
    interesting: &HashSet<String>,
    options: &RuleOptions,
    rules: &[&dyn PythonRule],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let file = PyFile::build(&source.text, tree, meta.module.clone(), meta.is_package);
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
    let holds = finder.holds(&acquisitions);
    let pools = finder.pool_constructions();
    let leak_analysis = OnceCell::new();
    let cx = PyContext {
        source,
        file: &file,
        catalog,
        project,
        finder: &finder,
        acquisitions: &acquisitions,
        leak_analysis: &leak_analysis,
        holds: &holds,
        pools: &pools,
        is_test: meta.test.confirm(tree, &source.text),
        leak_on_exception_in_tests: options.leak_on_exception_in_tests,
        manual_connection_allow_finally: options.manual_connection_allow_finally,
        idents: &OnceCell::new(),
    };
    for rule in rules {
        rule.check(&cx, &mut out);
    }
    // The path analysis ran only if a rule asked for it; so do its limits.
    if let Some(leaks) = leak_analysis.get() {
        for &(scope, skip) in &leaks.skipped {
            out.push(analysis_limit(&file, scope, skip));
        }
    }
    out
}

/// Says that a function's connections were not followed, at its name.
fn analysis_limit(file: &PyFile<'_>, scope: u32, skip: lang::python::leaks::Skip) -> Diagnostic {
    use lang::python::leaks::Skip;
    let s = &file.scopes[scope as usize];
    let at = s.node.child_by_field_name("name").unwrap_or(s.node);
    let why = match skip {
        Skip::Nesting => format!(
            "too deeply nested to analyse: its blocks nest more than {} deep",
            super::cfg::MAX_DEPTH
        ),
        Skip::Size => format!(
            "too large to analyse: its control-flow graph has more than {} nodes",
            super::cfg::MAX_NODES
        ),
        Skip::Work => {
            "too large to analyse: following all its connections would take too long".to_owned()
        }
    };
    let message = format!(
        "`{}` is {why}; {PATH_SENSITIVE_RULES} were not checked {}",
        s.name,
        if skip == Skip::Work {
            "for its later connections"
        } else {
            "in it"
        }
    );
    Diagnostic::new(&ANALYSIS_LIMIT, TextRange::of(at), message).note(ANALYSIS_LIMIT_NOTE)
}

/// The function around a node, or the top-level statement for module code.
fn enclosing_unit<'t>(file: &PyFile<'t>, scope: u32, node: Node<'t>) -> Node<'t> {
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

fn syntax_error(source: &SourceFile, node: Node<'_>) -> Diagnostic {
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
    Diagnostic::new(&SYNTAX_ERROR, range, message)
        .note("code that does not parse is not analysed; the rest of the file is")
}
