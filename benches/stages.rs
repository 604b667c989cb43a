//! Criterion benchmarks of connlint's in-process stages, on the committed
//! fixture trees (`fixtures/python/`, `fixtures/rust/`), read once at start.
//!
//! Run with `cargo bench --bench stages` (see BENCHMARKS.md). Each Python
//! stage is timed over every fixture file, with what it needs built outside
//! the timed loop:
//!
//! - `python/parse`: tree-sitter parse;
//! - `python/pass1_facts`: `PyFile::build` + `facts::extract` on parsed trees;
//! - `python/summaries`: `Project::build` from the facts;
//! - `python/dataflow`: `lang::python::leaks::analyse` (CFG + dataflow) per file;
//! - `python/rules`: pass 2 of a file end to end (`connlint::lang::python::check::check_python`);
//! - `report/*`: rendering a fixed report in each output format;
//! - `whole_run`: `connlint::check` on both fixture trees, 2 threads, no cache;
//! - `rust/parse`, `rust/analyse`: the Rust pipeline after reading.
//!
//! Unlike a real run, the Python stages see every fixture file as one project
//! (no prefilter, default settings, every default rule), and module names are
//! resolved before timing (that resolution looks for `pyproject.toml` on disk).

use std::collections::{HashMap, HashSet};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use connlint::catalog::Catalog;
use connlint::catalog::rust::RustCatalog;
use connlint::diagnostic::Diagnostic;
use connlint::lang::python::model::PyFile;
use connlint::lang::python::resources::{Acquisition, Finder};
use connlint::lang::python::summaries::{ModuleFacts, Project, ProjectConfig};
use connlint::lang::python::test_code::TestPath;
use connlint::lang::rust::language::Rust;
use connlint::lang::rust::project::{CrateId, FileId, RsProject};
use connlint::report::{self, Format};
use connlint::rule_meta::RuleOptions;
use connlint::rules::{RsContext, RuleSet};
use connlint::source::{Lang, SourceFile};
use connlint::{Report, RunOptions, lang};
use criterion::{BatchSize, Criterion, SamplingMode, Throughput, criterion_group, criterion_main};
use tree_sitter::Tree;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Files under `dir` ending in `.{ext}`, sorted, skipping hidden and cache directories.
fn files_with_ext(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).expect("fixture directory is readable");
        for entry in entries {
            let path = entry.expect("fixture entry is readable").path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if name.starts_with('.') || name == "__pycache__" {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == ext) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn read_source(path: &Path, lang: Lang) -> SourceFile {
    let text = std::fs::read_to_string(path).expect("fixture file is UTF-8");
    let display = path.strip_prefix(manifest_dir()).unwrap_or(path);
    SourceFile::new(display.to_path_buf(), text, lang)
}

// ---------------------------------------------------------------- Python

/// One Python fixture file, with what pass 1 derives from its path.
struct PyInput {
    path: PathBuf,
    source: SourceFile,
    module: Arc<str>,
    is_package: bool,
    test: TestPath,
}

/// The Python fixture tree as one project rooted at the crate directory.
struct PyFixture {
    files: Vec<PyInput>,
    catalog: Catalog,
    config: ProjectConfig,
    rules: RuleSet,
}

impl PyFixture {
    fn load() -> PyFixture {
        let root = manifest_dir();
        let paths = files_with_ext(&root.join("fixtures/python"), "py");
        let package_dirs: HashSet<PathBuf> = paths
            .iter()
            .filter(|p| p.file_name().is_some_and(|n| n == "__init__.py"))
            .filter_map(|p| p.parent().map(Path::to_path_buf))
            .collect();
        let is_package_dir = |d: &Path| package_dirs.contains(d);
        let files = paths
            .into_iter()
            .map(|path| {
                let (module, is_package) = lang::python::module_name(&path, root, &is_package_dir);
                PyInput {
                    source: read_source(&path, Lang::Python),
                    module: Arc::from(module.as_str()),
                    is_package,
                    test: lang::python::test_code::test_path(&path, root),
                    path,
                }
            })
            .collect();
        PyFixture {
            files,
            catalog: Catalog::python().expect("the built-in catalog loads"),
            config: ProjectConfig::default(),
            rules: RuleSet::defaults(),
        }
    }

    fn bytes(&self) -> u64 {
        self.files.iter().map(|f| f.source.text.len() as u64).sum()
    }

    fn trees(&self) -> Vec<Tree> {
        self.files
            .iter()
            .map(|f| lang::python::parse(&f.source.text).expect("tree-sitter returns a tree"))
            .collect()
    }

    fn pool_names(&self) -> HashSet<String> {
        connlint::lang::python::check::pool_names(&self.catalog)
    }

    /// Pass 1 of every file, as `check_in_pool` does it after parsing.
    fn facts(&self, trees: &[Tree], pool_names: &HashSet<String>) -> Vec<ModuleFacts> {
        self.files
            .iter()
            .zip(trees)
            .map(|(f, tree)| facts_of(f, tree, &self.catalog, pool_names))
            .collect()
    }
}

/// Pass 1 of one file after parsing: `connlint::lang::python::check::python_facts`.
fn facts_of(
    f: &PyInput,
    tree: &Tree,
    catalog: &Catalog,
    pool_names: &HashSet<String>,
) -> ModuleFacts {
    connlint::lang::python::check::python_facts(
        &f.source.text,
        tree,
        f.module.clone(),
        f.is_package,
        &f.path,
        manifest_dir(),
        catalog,
        pool_names,
    )
}

/// Pass 2 of one file: `connlint::lang::python::check::check_python`.
fn check_file(
    f: &PyInput,
    tree: &Tree,
    catalog: &Catalog,
    project: &Project,
    interesting: &HashSet<String>,
    rules: &RuleSet,
) -> Vec<Diagnostic> {
    let meta = connlint::lang::python::check::PyMeta {
        module: f.module.clone(),
        is_package: f.is_package,
        test: f.test,
    };
    let rules: Vec<_> = rules.iter().filter_map(|r| r.python()).collect();
    connlint::lang::python::check::check_python(
        &f.source,
        tree,
        &meta,
        catalog,
        project,
        interesting,
        &RuleOptions::default(),
        &rules,
    )
}

fn python_stages(c: &mut Criterion) {
    let py = PyFixture::load();
    let pool_names = py.pool_names();
    let trees = py.trees();
    let facts = py.facts(&trees, &pool_names);
    let facts: Vec<&_> = facts.iter().collect();
    let project = Project::build(&py.catalog, &facts, &py.config);
    let interesting = connlint::lang::python::check::interesting_names(&py.catalog, &project);

    let mut group = c.benchmark_group("python");
    group.throughput(Throughput::Bytes(py.bytes()));
    // Tens of milliseconds per iteration: flat sampling keeps the run short.
    group.sampling_mode(SamplingMode::Flat);

    group.bench_function("parse", |b| {
        b.iter(|| {
            for f in &py.files {
                black_box(lang::python::parse(black_box(&f.source.text)));
            }
        });
    });

    group.bench_function("pass1_facts", |b| {
        b.iter(|| {
            for (f, tree) in py.files.iter().zip(&trees) {
                black_box(facts_of(f, tree, &py.catalog, &pool_names));
            }
        });
    });

    group.bench_function("summaries", |b| {
        b.iter(|| black_box(Project::build(&py.catalog, black_box(&facts), &py.config)));
    });

    // The models, finders and acquisitions borrow the trees: all built here.
    let models: Vec<PyFile<'_>> = py
        .files
        .iter()
        .zip(&trees)
        .map(|(f, tree)| PyFile::build(&f.source.text, tree, f.module.clone(), f.is_package))
        .collect();
    let finders: Vec<Finder<'_, '_>> = models
        .iter()
        .map(|file| Finder {
            file,
            catalog: &py.catalog,
            project: &project,
            interesting: &interesting,
        })
        .collect();
    let acqs: Vec<Vec<Acquisition<'_>>> = finders
        .iter()
        .zip(&trees)
        .map(|(finder, _)| finder.acquisitions())
        .collect();
    group.bench_function("dataflow", |b| {
        b.iter(|| {
            for (finder, a) in finders.iter().zip(&acqs) {
                black_box(connlint::lang::python::leaks::analyse(finder, a));
            }
        });
    });

    group.bench_function("rules", |b| {
        b.iter(|| {
            for (f, tree) in py.files.iter().zip(&trees) {
                black_box(check_file(
                    f,
                    tree,
                    &py.catalog,
                    &project,
                    &interesting,
                    &py.rules,
                ));
            }
        });
    });
    group.finish();
}

// ---------------------------------------------------------------- Rust

/// One Rust fixture file and its place in the project.
struct RsInput {
    path: PathBuf,
    source: SourceFile,
    krate: CrateId,
    id: FileId,
    is_test: bool,
    is_startup: bool,
}

fn load_rust() -> Vec<RsInput> {
    let root = manifest_dir();
    let mut crates: HashMap<PathBuf, CrateId> = HashMap::new();
    files_with_ext(&root.join("fixtures/rust"), "rs")
        .into_iter()
        .enumerate()
        .map(|(i, path)| {
            // The crate: the nearest directory with a `Cargo.toml`, else the root.
            let krate_dir = path
                .ancestors()
                .skip(1)
                .take_while(|d| d.starts_with(root) && *d != root)
                .find(|d| d.join("Cargo.toml").is_file())
                .unwrap_or(root)
                .to_path_buf();
            let next = CrateId::try_from(crates.len()).expect("few crates");
            let krate = *crates.entry(krate_dir).or_insert(next);
            RsInput {
                source: read_source(&path, Lang::Rust),
                krate,
                id: FileId::try_from(i).expect("few files"),
                is_test: lang::rust::is_test_path(&path, root),
                is_startup: lang::rust::is_startup_path(&path, root),
                path,
            }
        })
        .collect()
}

/// The Rust pipeline after parsing (no prefilter): facts, project, scans,
/// summaries, then the rules on every file. Returns the number of findings.
fn rust_analyse(
    files: &[RsInput],
    trees: &[Tree],
    catalog: &RustCatalog,
    rules: &RuleSet,
) -> usize {
    let mut uses = Vec::with_capacity(files.len());
    let mut sigs = Vec::with_capacity(files.len());
    let mut facts = Vec::with_capacity(files.len());
    for (f, tree) in files.iter().zip(trees) {
        let u = lang::rust::names::Uses::collect(tree.root_node(), &f.source.text);
        let mut ff = lang::rust::facts::extract(tree.root_node(), &f.source.text, &u, catalog);
        ff.path.clone_from(&f.path);
        ff.krate = f.krate;
        ff.file = f.id;
        for s in &mut ff.functions {
            s.file = f.id;
        }
        let mut s = ff.functions.clone();
        s.sort_by_key(|s| s.start);
        uses.push(u);
        sigs.push(s);
        facts.push(ff);
    }
    let mut project = RsProject::build(&facts);
    drop(facts);
    let mut scans = Vec::with_capacity(files.len());
    let mut behaviour = Vec::new();
    for (((f, tree), u), s) in files.iter().zip(trees).zip(&uses).zip(&sigs) {
        let mut scan = lang::rust::scan::Scanner::new(
            &f.source.text,
            u,
            catalog,
            project.scoped_in(f.krate, f.id),
            f.is_test,
            s,
        )
        .scan(tree.root_node());
        behaviour.extend(scan.behaviour.drain(..).map(|(k, b)| (f.krate, f.id, k, b)));
        scans.push(scan);
    }
    project.summarise(behaviour);
    let mut found = 0;
    for ((f, tree), scan) in files.iter().zip(trees).zip(&scans) {
        let cx = RsContext {
            source: &f.source,
            scan,
            project: project.scoped_in(f.krate, f.id),
            catalog,
            is_test: f.is_test,
            is_startup: f.is_startup,
            flag_detach: false,
        };
        let mut out = Vec::new();
        for rule in rules.iter().filter_map(|r| r.rust()) {
            rule.check(&cx, &mut out);
        }
        let out = connlint::lang::finish::<Rust>(&f.source, tree, out, None);
        found += out.len();
    }
    found
}

fn rust_stages(c: &mut Criterion) {
    let files = load_rust();
    let catalog = RustCatalog::builtin().expect("the built-in Rust catalog loads");
    let rules = RuleSet::defaults();
    let bytes: u64 = files.iter().map(|f| f.source.text.len() as u64).sum();
    let parse =
        |f: &RsInput| lang::rust::parse(&f.source.text).expect("tree-sitter returns a tree");
    let trees: Vec<Tree> = files.iter().map(parse).collect();

    let mut group = c.benchmark_group("rust");
    group.throughput(Throughput::Bytes(bytes));
    group.sampling_mode(SamplingMode::Flat);
    group.bench_function("parse", |b| {
        b.iter(|| {
            for f in &files {
                black_box(lang::rust::parse(black_box(&f.source.text)));
            }
        });
    });
    group.bench_function("analyse", |b| {
        b.iter(|| black_box(rust_analyse(&files, &trees, &catalog, &rules)));
    });
    group.finish();
}

// ---------------------------------------------------------------- Reports and whole runs

/// `connlint check fixtures/python fixtures/rust` from the crate directory.
fn run_options(extend_select: Vec<String>) -> RunOptions {
    let root = manifest_dir();
    RunOptions {
        paths: vec![root.join("fixtures/python"), root.join("fixtures/rust")],
        cwd: root.to_path_buf(),
        jobs: 2,
        cache: false,
        overrides: connlint::settings::Overrides {
            extend_select,
            ..Default::default()
        },
        ..RunOptions::default()
    }
}

fn report_stages(c: &mut Criterion) {
    // Every rule, so that the report holds as many findings as the fixtures give.
    let report: Report =
        connlint::check(&run_options(vec!["ALL".to_owned()])).expect("the fixture run succeeds");
    let mut group = c.benchmark_group("report");
    group.throughput(Throughput::Elements(report.count() as u64));
    let opts = report::Options {
        color: false,
        quiet: false,
        statistics: false,
    };
    for (name, format) in [
        ("human", Format::Human),
        ("concise", Format::Concise),
        ("json", Format::Json),
        ("sarif", Format::Sarif),
        ("github", Format::Github),
    ] {
        group.bench_function(name, |b| {
            b.iter_batched_ref(
                || Vec::with_capacity(1 << 20),
                |out: &mut Vec<u8>| {
                    report::write(format, black_box(&report), opts, out)
                        .expect("writing to memory succeeds");
                },
                BatchSize::SmallInput,
            );
        });
    }
    group.finish();
}

fn whole_run(c: &mut Criterion) {
    let opts = run_options(Vec::new());
    let bytes: u64 = [("fixtures/python", "py"), ("fixtures/rust", "rs")]
        .iter()
        .flat_map(|(dir, ext)| files_with_ext(&manifest_dir().join(dir), ext))
        .map(|p| std::fs::metadata(p).map_or(0, |m| m.len()))
        .sum();
    let mut group = c.benchmark_group("whole_run");
    group.throughput(Throughput::Bytes(bytes));
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("check", |b| {
        b.iter(|| black_box(connlint::check(black_box(&opts)).expect("the fixture run succeeds")));
    });
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(4))
        .sample_size(20)
}

criterion_group! {
    name = stages;
    config = config();
    targets = python_stages, rust_stages, report_stages, whole_run
}
criterion_main!(stages);
