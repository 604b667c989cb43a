//! Fixture runner: every file under `fixtures/python/<rule-name>/` (and every
//! multi-file project under `fixtures/python/<rule-name>/project/<name>/`) is
//! checked with all rules on plus the folder's `connlint.toml`, in isolation
//! (copied to a temporary directory, so fixtures never see each other).
//! Inline annotations say exactly which findings each line must produce:
//!
//! ```text
//! conn = pool.getconn()   # expect: CL101
//! conn = connect()        # expect: CL101@12 "never released" CL201
//! # expect: CL201          (alone on a line: applies to the next line)
//! x = f()                 # expect-missing: CL103 -- not modelled yet
//! y = g()                 # expect-spurious: CL101 -- known false positive
//! ```
//!
//! A `"substring"` is matched against the message, the labels, the help and the notes.
//!
//! Run one folder with `cargo test --test fixtures -- leak-on-exception`.

#![allow(clippy::unwrap_used)] // test helpers: a failed unwrap is a failed test

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use libtest_mimic::{Arguments, Failed, Trial};

#[derive(Debug, Clone, PartialEq, Eq)]
struct Item {
    code: String,
    column: Option<u32>,
    substring: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Expect,
    Missing,
    Spurious,
}

#[derive(Debug, Clone)]
struct Expectation {
    line: u32,
    kind: Kind,
    items: Vec<Item>,
}

/// Parses the annotations of a fixture; errors name the line.
fn parse_annotations(text: &str, mark: &str) -> Result<Vec<Expectation>, String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut pending: Vec<(Kind, Vec<Item>)> = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let lineno = i as u32 + 1;
        let mut found = None;
        for (kind, tag) in [
            (Kind::Missing, "expect-missing:"),
            (Kind::Spurious, "expect-spurious:"),
            (Kind::Expect, "expect:"),
        ] {
            let needle = format!("{mark} {tag}");
            if let Some(pos) = line.find(&needle) {
                found = Some((kind, pos, &line[pos + needle.len()..]));
                break;
            }
        }
        match found {
            Some((kind, pos, rest)) => {
                let (spec, reason) = match rest.split_once(" -- ") {
                    Some((s, r)) => (s, Some(r.trim())),
                    None => (rest, None),
                };
                if kind != Kind::Expect && reason.is_none_or(str::is_empty) {
                    return Err(format!(
                        "line {lineno}: expect-missing/expect-spurious need a `-- reason`"
                    ));
                }
                let items = parse_items(spec).map_err(|e| format!("line {lineno}: {e}"))?;
                if items.is_empty() {
                    return Err(format!("line {lineno}: annotation without codes"));
                }
                let own_line = line[..pos].trim().is_empty();
                if own_line {
                    pending.push((kind, items));
                } else {
                    out.push(Expectation {
                        line: lineno,
                        kind,
                        items,
                    });
                }
            }
            None => {
                if !pending.is_empty() && !line.trim().is_empty() {
                    for (kind, items) in pending.drain(..) {
                        out.push(Expectation {
                            line: lineno,
                            kind,
                            items,
                        });
                    }
                }
            }
        }
    }
    if !pending.is_empty() {
        return Err("an own-line annotation at the end of the file applies to nothing".to_owned());
    }
    Ok(out)
}

fn parse_items(spec: &str) -> Result<Vec<Item>, String> {
    let mut items = Vec::new();
    let mut rest = spec.trim();
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('"') {
            let end = after.find('"').ok_or("unterminated message substring")?;
            let last: &mut Item = items
                .last_mut()
                .ok_or("a message substring must follow a code")?;
            last.substring = Some(after[..end].to_owned());
            rest = after[end + 1..].trim_start();
            continue;
        }
        let token_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let token = &rest[..token_end];
        rest = rest[token_end..].trim_start();
        let (code, column) = match token.split_once('@') {
            Some((c, col)) => (
                c,
                Some(
                    col.parse::<u32>()
                        .map_err(|_| format!("bad column in `{token}`"))?,
                ),
            ),
            None => (token, None),
        };
        let valid = code == "syntax-error"
            || (code.len() == 5
                && code.starts_with("CL")
                && code[2..].chars().all(|c| c.is_ascii_digit()));
        if !valid {
            return Err(format!("`{code}` is not a rule code"));
        }
        items.push(Item {
            code: code.to_owned(),
            column,
            substring: None,
        });
    }
    Ok(items)
}

#[derive(Debug, Clone)]
struct Actual {
    path: String,
    line: u32,
    column: u32,
    code: String,
    message: String,
    /// The message, labels, help and notes: what a `"substring"` is matched against.
    text: String,
}

/// Runs connlint on a copy of `files` (relative to `base`) with the folder's config.
fn run(base: &Path, files: &[PathBuf], config: Option<&Path>) -> Result<Vec<Actual>, String> {
    let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
    for f in files {
        let target = dir.path().join(f);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::copy(base.join(f), &target).map_err(|e| e.to_string())?;
    }
    // Distribution markers delimit the services of a monorepo project.
    for f in files_named(base, &["pyproject.toml", "setup.cfg", "Cargo.toml"]) {
        let target = dir.path().join(&f);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::copy(base.join(&f), &target).map_err(|e| e.to_string())?;
    }
    if let Some(c) = config {
        std::fs::copy(c, dir.path().join("connlint.toml")).map_err(|e| e.to_string())?;
    }
    let opts = connlint::RunOptions {
        paths: vec![dir.path().to_owned()],
        overrides: connlint::settings::Overrides {
            extend_select: vec!["ALL".to_owned()],
            ..Default::default()
        },
        jobs: 1,
        cwd: dir.path().to_owned(),
        ..Default::default()
    };
    let report = connlint::check(&opts).map_err(|e| format!("{e:#}"))?;
    if let Some(p) = report.problems.iter().find(|p| p.error) {
        return Err(format!("{}: {}", p.path.display(), p.message));
    }
    let mut out = Vec::new();
    for (f, d) in report.diagnostics() {
        let lc = f.source.lines.line_col(&f.source.text, d.range.start);
        out.push(Actual {
            path: f.source.path.to_string_lossy().into_owned(),
            line: lc.line,
            column: lc.column,
            code: d.rule.code.to_owned(),
            message: d.message.clone(),
            text: std::iter::once(d.message.as_str())
                .chain(d.labels.iter().map(|l| l.message.as_str()))
                .chain(d.help.as_deref())
                .chain(d.notes.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join("\n"),
        });
    }
    Ok(out)
}

/// Compares the findings of one file with its annotations; every mismatch is listed.
fn compare(
    display: &str,
    expectations: &[Expectation],
    actual: &[Actual],
    counts: &mut (u32, u32),
) -> Vec<String> {
    let mut errors = Vec::new();
    let mut by_line: BTreeMap<u32, Vec<&Actual>> = BTreeMap::new();
    for a in actual {
        by_line.entry(a.line).or_default().push(a);
    }
    let matches = |item: &Item, a: &Actual| {
        a.code == item.code
            && item.column.is_none_or(|c| c == a.column)
            && item
                .substring
                .as_ref()
                .is_none_or(|s| a.text.contains(s.as_str()))
    };
    for e in expectations {
        let pool = by_line.entry(e.line).or_default();
        for item in &e.items {
            let pos = pool.iter().position(|a| matches(item, a));
            match (e.kind, pos) {
                (Kind::Expect, Some(p)) => {
                    pool.remove(p);
                }
                (Kind::Expect, None) => {
                    let near: Vec<String> = pool
                        .iter()
                        .map(|a| format!("{}@{} \"{}\"", a.code, a.column, a.message))
                        .collect();
                    errors.push(format!(
                        "{display}:{}: missing {}{}{}{}",
                        e.line,
                        item.code,
                        item.column.map(|c| format!("@{c}")).unwrap_or_default(),
                        item.substring
                            .as_ref()
                            .map(|s| format!(" \"{s}\""))
                            .unwrap_or_default(),
                        if near.is_empty() {
                            String::new()
                        } else {
                            format!(" (this line has: {})", near.join(", "))
                        }
                    ));
                }
                (Kind::Missing, None) => counts.0 += 1,
                (Kind::Missing, Some(p)) => {
                    pool.remove(p);
                    errors.push(format!("{display}:{}: fixed missing: {} now fires; change `expect-missing` to `expect`", e.line, item.code));
                }
                (Kind::Spurious, Some(p)) => {
                    pool.remove(p);
                    counts.1 += 1;
                }
                (Kind::Spurious, None) => errors.push(format!(
                    "{display}:{}: fixed spurious: {} no longer fires; delete the annotation",
                    e.line, item.code
                )),
            }
        }
    }
    for (line, rest) in by_line {
        for a in rest {
            errors.push(format!(
                "{display}:{line}: unexpected {} at {}:{} \"{}\"",
                a.code, a.line, a.column, a.message
            ));
        }
    }
    errors
}

fn files_named(dir: &Path, names: &[&str]) -> Vec<PathBuf> {
    walk_files(dir, &|p: &Path| {
        p.file_name().is_some_and(|n| names.iter().any(|m| n == *m))
    })
}

fn walk_files(dir: &Path, keep: &dyn Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if keep(&p) {
                out.push(p.strip_prefix(dir).unwrap().to_owned());
            }
        }
    }
    out.sort();
    out
}

fn check_case(
    base: &Path,
    files: &[PathBuf],
    config: Option<&Path>,
    first_line_rule: bool,
) -> Result<(), Failed> {
    let actual = run(base, files, config).map_err(|e| Failed::from(format!("run failed: {e}")))?;
    let mut errors = Vec::new();
    let mut counts = (0, 0);
    for f in files {
        let text =
            std::fs::read_to_string(base.join(f)).map_err(|e| Failed::from(e.to_string()))?;
        let display = base.join(f).display().to_string();
        let marker = if f.extension().is_some_and(|e| e == "rs") {
            "//"
        } else {
            "#"
        };
        if first_line_rule && !text.trim_start().starts_with(marker) {
            errors.push(format!(
                "{display}:1: the first line must be a comment saying what the case shows"
            ));
        }
        let expectations = parse_annotations(&text, marker)
            .map_err(|e| Failed::from(format!("{display}: {e}")))?;
        let here: Vec<Actual> = actual
            .iter()
            .filter(|a| Path::new(&a.path) == f.as_path())
            .cloned()
            .collect();
        errors.extend(compare(&display, &expectations, &here, &mut counts));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Failed::from(errors.join("\n")))
    }
}

fn main() {
    let args = Arguments::from_args();
    let mut trials = Vec::new();
    for (lang, ext) in [("python", "py"), ("rust", "rs")] {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures")
            .join(lang);
        let mut rule_dirs: Vec<PathBuf> = std::fs::read_dir(&root)
            .map(|rd| {
                rd.filter_map(|e| e.ok().map(|e| e.path()))
                    .filter(|p| p.is_dir())
                    .collect()
            })
            .unwrap_or_default();
        rule_dirs.sort();
        for dir in rule_dirs {
            let rule = dir.file_name().unwrap().to_string_lossy().into_owned();
            let config = dir.join("connlint.toml");
            let config = config.is_file().then_some(config);
            let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .collect();
            entries.sort();
            for p in entries {
                if p.is_file() && p.extension().is_some_and(|e| e == ext) {
                    let name = format!(
                        "{lang}::{rule}::{}",
                        p.file_stem().unwrap().to_string_lossy()
                    );
                    let base = dir.clone();
                    let file = PathBuf::from(p.file_name().unwrap());
                    let config = config.clone();
                    trials.push(Trial::test(name, move || {
                        check_case(&base, &[file], config.as_deref(), true)
                    }));
                }
            }
            let projects = dir.join("project");
            if projects.is_dir() {
                let mut ps: Vec<PathBuf> = std::fs::read_dir(&projects)
                    .unwrap()
                    .map(|e| e.unwrap().path())
                    .filter(|p| p.is_dir())
                    .collect();
                ps.sort();
                for p in ps {
                    let name = format!(
                        "{lang}::{rule}::project::{}",
                        p.file_name().unwrap().to_string_lossy()
                    );
                    let files = walk_files(&p, &|f: &Path| f.extension().is_some_and(|e| e == ext));
                    let config = p.join("connlint.toml");
                    let config = if config.is_file() {
                        Some(config)
                    } else {
                        dir.join("connlint.toml")
                            .is_file()
                            .then(|| dir.join("connlint.toml"))
                    };
                    trials.push(Trial::test(name, move || {
                        check_case(&p, &files, config.as_deref(), false)
                    }));
                }
            }
        }
    }
    // Every single-file Rust fixture at once, as one crate: the same findings as
    // file by file. Names collide across files (`AppState`, `load_user`, `DbPool`),
    // so this checks that resolution prefers the file's own declarations.
    let rust_root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/rust");
    let singles: Vec<PathBuf> = walk_files(&rust_root, &|p: &Path| {
        p.extension().is_some_and(|e| e == "rs")
            && !p.components().any(|c| c.as_os_str() == "project")
    });
    trials.push(Trial::test("rust::whole-tree", move || {
        check_case(&rust_root, &singles, None, true)
    }));
    // The runner's own parser.
    trials.push(Trial::test("runner::annotations", || {
        let text =
            "a = 1  # expect: CL101@5 \"never\" CL201\n# expect-missing: CL103 -- not yet\nb = 2\n";
        let e = parse_annotations(text, "#").map_err(Failed::from)?;
        assert_eq!(e.len(), 2);
        assert_eq!(e[0].line, 1);
        assert_eq!(e[0].items[0].column, Some(5));
        assert_eq!(e[0].items[0].substring.as_deref(), Some("never"));
        assert_eq!(e[1].line, 3);
        assert_eq!(e[1].kind, Kind::Missing);
        assert!(parse_annotations("x  # expect-missing: CL103\n", "#").is_err());
        assert!(parse_annotations("x  # expect: CLX\n", "#").is_err());
        Ok(())
    }));
    libtest_mimic::run(&args, trials).exit();
}
