//! The bodies of the fuzz targets (`fuzz/fuzz_targets/`), shared with the
//! test that replays their saved corpora (`tests/fuzz_replay.rs`), so that
//! what CI replays is exactly what the fuzzer ran.
//!
//! Each body runs the whole pipeline on one input, as `connlint check -` would
//! (settings, pass 1, summaries, pass 2, every rule, suppressions), writes the
//! report in every format, computes the fixes and checks what must hold:
//! no panic and no internal error, and a fix applied to a file without syntax
//! errors leaves a file that still parses. A violation panics, which libFuzzer
//! reports as a crash and the replay test as a failure.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use crate::engine::{Report, RunOptions};
use crate::report::{self, Format};
use crate::source::Lang;

/// Arbitrary bytes as a Python file (`fuzz_targets/python.rs`).
pub fn python(data: &[u8]) {
    source_file(data, "fuzz_input.py");
}

/// Arbitrary bytes as a Rust file (`fuzz_targets/rust.rs`).
pub fn rust(data: &[u8]) {
    source_file(data, "fuzz_input.rs");
}

/// Arbitrary bytes as `connlint.toml` (first byte even) or `pyproject.toml`
/// (odd), then a run over a small project under that configuration
/// (`fuzz_targets/config.rs`).
pub fn config(data: &[u8]) {
    let Some((&first, rest)) = data.split_first() else {
        return;
    };
    let scratch = scratch_dir("config");
    let dir = scratch.path();
    let name = if first % 2 == 0 {
        "connlint.toml"
    } else {
        "pyproject.toml"
    };
    if std::fs::write(dir.join(name), rest).is_err()
        || std::fs::write(dir.join("app.py"), CONFIG_PROJECT_FILE).is_err()
    {
        return;
    }
    let opts = RunOptions {
        paths: vec![dir.to_path_buf()],
        jobs: 1,
        cwd: dir.to_path_buf(),
        ..RunOptions::default()
    };
    // A configuration error is a correct answer to a bad file; it must be an
    // error that names the file, never a panic.
    match crate::engine::check(&opts) {
        Ok(report) => exercise(&report),
        Err(e) => {
            let message = e.to_string();
            assert!(!message.is_empty(), "empty configuration error");
        }
    }
}

/// Structure-aware: a fixture file (chosen by the first two bytes) edited
/// line by line by the rest of the input, four bytes per edit: delete,
/// duplicate, swap, indent or dedent a line, cut it short, or insert or
/// substitute a line of connection-handling code (`fuzz_targets/fixtures.rs`).
/// The mutants stay close to real code, so they reach the analyses that
/// random bytes rarely get past the parser to.
pub fn fixtures(data: &[u8]) {
    let files = fixture_files();
    if files.is_empty() || data.len() < 2 {
        return;
    }
    let index = usize::from(u16::from_le_bytes([data[0], data[1]])) % files.len();
    let (path, text) = &files[index];
    let lang = if path.extension().is_some_and(|e| e == "rs") {
        Lang::Rust
    } else {
        Lang::Python
    };
    let mutated = mutate(text, &data[2..], lang);
    let name = if lang == Lang::Rust {
        "fuzz_input.rs"
    } else {
        "fuzz_input.py"
    };
    run_text(mutated, name);
}

/// What a fixture mutant is made of: the lines of the file and these.
const PYTHON_LINES: &[&str] = &[
    "try:",
    "finally:",
    "except Exception:",
    "except:",
    "else:",
    "pass",
    "return",
    "return conn",
    "raise",
    "conn = pool.getconn()",
    "pool.putconn(conn)",
    "conn.close()",
    "cur = conn.cursor()",
    "cur.execute(\"SELECT 1\")",
    "conn.commit()",
    "with pool.connection() as conn:",
    "with get_db_cursor() as (cur, conn):",
    "async with engine.connect() as conn:",
    "def handler(request):",
    "async def handler(request):",
    "@contextmanager",
    "@app.get(\"/items\")",
    "await asyncio.sleep(1)",
    "time.sleep(5)",
    "requests.get(url)",
    "if conn:",
    "if conn is not None:",
    "for row in rows:",
    "while True:",
    "break",
    "continue",
    "yield conn",
    "yield cur, conn",
    "del conn",
    "global conn",
    "conn = None",
    "conn = psycopg2.connect(dsn)",
    "conn = sqlite3.connect(\"app.db\")",
    "pool = ThreadedConnectionPool(1, 10, dsn)",
    "engine = create_engine(url)",
    "session = Session()",
    "session.close()",
    "return pool.getconn()",
    "lambda: pool.getconn()",
    "class Repo:",
    "self.conn = pool.getconn()",
    "import psycopg2",
    "from psycopg2.pool import SimpleConnectionPool",
    "# connlint: ignore[CL101]",
    "x = (",
    ")",
    "\"\"\"",
];

const RUST_LINES: &[&str] = &[
    "let conn = pool.get().await?;",
    "let mut conn = pool.acquire().await?;",
    "let conn = pool.get().unwrap();",
    "drop(conn);",
    "tokio::time::sleep(d).await;",
    "std::thread::sleep(d);",
    "let mut tx = pool.begin().await?;",
    "tx.commit().await?;",
    "tx.rollback().await?;",
    "return Ok(());",
    "return Err(e);",
    "{",
    "}",
    "};",
    "async fn handler(State(pool): State<PgPool>) -> Result<(), Error> {",
    "fn handler(pool: &Pool) {",
    "let pool = PgPool::connect(url).await?;",
    "let pool = Pool::builder().build(manager)?;",
    "conn.execute(q).await?;",
    "sqlx::query(\"SELECT 1\").execute(&pool).await?;",
    "loop {",
    "if x {",
    "} else {",
    "match x {",
    "_ => {}",
    "std::mem::forget(conn);",
    "let c = Object::take(conn);",
    "let client = reqwest::get(url).await?;",
    "use sqlx::PgPool;",
    "#[tokio::main]",
    "// connlint: ignore[CL101]",
    "/*",
    "*/",
];

/// Applies the edits in `ops` (four bytes each) to the lines of `text`.
fn mutate(text: &str, ops: &[u8], lang: Lang) -> String {
    let extra = if lang == Lang::Rust {
        RUST_LINES
    } else {
        PYTHON_LINES
    };
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for op in ops.chunks_exact(4) {
        if lines.is_empty() {
            lines.push(String::new());
        }
        let n = lines.len();
        let a = usize::from(op[1]) % n;
        let b = usize::from(op[2]) % n;
        let indent_of = |l: &str| l.len() - l.trim_start().len();
        match op[0] % 9 {
            0 => {
                lines.remove(a);
            }
            1 => {
                let l = lines[a].clone();
                lines.insert(b, l);
            }
            2 => lines.swap(a, b),
            3 | 4 => {
                let indent = " ".repeat(indent_of(&lines[b]));
                let l = format!("{indent}{}", extra[usize::from(op[3]) % extra.len()]);
                if op[0] % 9 == 3 {
                    lines.insert(a, l);
                } else {
                    lines[a] = l;
                }
            }
            5 => lines[a].insert_str(0, "    "),
            6 => {
                let strip = indent_of(&lines[a]).min(4);
                lines[a].drain(..strip);
            }
            7 => {
                let mut cut = usize::from(op[3]).min(lines[a].len());
                while !lines[a].is_char_boundary(cut) {
                    cut -= 1;
                }
                lines[a].truncate(cut);
            }
            _ => {
                // Join with the next line, as an editor's stray delete would.
                if a + 1 < n {
                    let next = lines.remove(a + 1);
                    lines[a].push_str(next.trim_start());
                }
            }
        }
    }
    let mut out = lines.join("\n");
    out.push('\n');
    out
}

fn source_file(data: &[u8], name: &str) {
    // Bytes that are not text get the same answer as on disk: one message.
    if let Ok(text) = crate::engine::decode(data.to_vec()) {
        run_text(text, name);
    }
}

/// Runs `connlint check --stdin-filename NAME -` on `text` and exercises everything after it.
fn run_text(text: String, name: &str) {
    let scratch = scratch_dir("source");
    let opts = RunOptions {
        stdin: Some((PathBuf::from(name), text)),
        jobs: 1,
        cwd: scratch.path().to_path_buf(),
        ..RunOptions::default()
    };
    let report = match crate::engine::check(&opts) {
        Ok(report) => report,
        Err(e) => panic!("a run without a configuration failed: {e}"),
    };
    exercise(&report);
}

/// Every reporter and the fixes, on a finished report.
fn exercise(report: &Report) {
    assert_eq!(
        report.internal_errors, 0,
        "internal error (a panic while checking a file): {:?}",
        report.problems
    );
    // The SARIF document carries every rule's metadata: constant work when
    // there is nothing to report, so only written when there is.
    let anything = !report.files.is_empty() || !report.problems.is_empty();
    for format in [
        Format::Human,
        Format::Concise,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Gitlab,
        Format::Junit,
    ] {
        if format == Format::Sarif && !anything {
            continue;
        }
        let colors: &[bool] = if matches!(format, Format::Human | Format::Concise) {
            &[false, true]
        } else {
            &[false]
        };
        for &color in colors {
            let opts = report::Options {
                color,
                quiet: false,
                statistics: true,
            };
            let mut out = Vec::new();
            if let Err(e) = report::write(format, report, opts, &mut out) {
                panic!("{format:?} reporter failed: {e}");
            }
        }
    }
    for file in &report.files {
        for d in &file.diagnostics {
            let _ = report::span(&file.source, d);
            if let Some(fix) = &d.fix {
                let _ = crate::report::preview::preview(&file.source.text, fix, 20);
            }
        }
        let clean = !file
            .diagnostics
            .iter()
            .any(|d| d.rule.code == crate::rules::SYNTAX_ERROR.code);
        for unsafe_ok in [false, true] {
            let Some((fixed, _)) =
                crate::fix::fixed_text(&file.source, &file.diagnostics, unsafe_ok)
            else {
                continue;
            };
            let _ = crate::fix::unified_diff(&file.source.path, &file.source.text, &fixed);
            if clean {
                assert!(
                    crate::fix::parses(file.source.lang, &fixed),
                    "a fix (unsafe: {unsafe_ok}) leaves code that does not parse:\n--- before\n{}\n--- after\n{fixed}",
                    file.source.text
                );
            }
        }
    }
}

/// An empty directory of this process and thread, for runs to use as their
/// working directory (no configuration above it is in the way: the run's own
/// lookup stops at the first `connlint.toml` or `pyproject.toml`). Removed
/// when dropped, so neither a campaign nor the replay test leaves anything in
/// the temporary directory (unless an input crashes the process).
struct Scratch(PathBuf);

impl Scratch {
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn scratch_dir(kind: &str) -> Scratch {
    let dir = std::env::temp_dir().join(format!(
        "connlint-fuzz-{}-{:?}-{kind}",
        std::process::id(),
        std::thread::current().id()
    ));
    let _ = std::fs::create_dir_all(&dir);
    Scratch(dir)
}

/// The project file the configuration target runs on: a leak, a guarded use,
/// a close-instead-of-release and a sync call in async code, so that rule
/// selection, per-file ignores and catalog additions all change the result.
const CONFIG_PROJECT_FILE: &str = r#"import time

import psycopg2
from psycopg2.pool import ThreadedConnectionPool

pool = ThreadedConnectionPool(1, 10, "dbname=app")


def leak(user_id):
    conn = pool.getconn()
    cur = conn.cursor()
    cur.execute("SELECT 1 WHERE id = %s", (user_id,))
    pool.putconn(conn)


def closes():
    conn = pool.getconn()
    try:
        conn.cursor().execute("SELECT 1")
    finally:
        conn.close()


async def handler():
    conn = psycopg2.connect("dbname=app")
    time.sleep(1)
    conn.close()
"#;

/// The fixture files (Python and Rust) under `fixtures/`, sorted by path,
/// read once: the `fixtures` target's material, and the seeds the replay
/// test runs through the `python` and `rust` targets.
pub fn fixture_files() -> &'static [(PathBuf, String)] {
    static FILES: OnceLock<Vec<(PathBuf, String)>> = OnceLock::new();
    FILES.get_or_init(|| {
        fn walk(dir: &Path, out: &mut Vec<(PathBuf, String)>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for entry in entries.filter_map(Result::ok) {
                let path = entry.path();
                match entry.file_type() {
                    Ok(t) if t.is_dir() => walk(&path, out),
                    Ok(t)
                        if t.is_file()
                            && path.extension().is_some_and(|x| x == "py" || x == "rs") =>
                    {
                        if let Ok(text) = std::fs::read_to_string(&path) {
                            out.push((path, text));
                        }
                    }
                    _ => {}
                }
            }
        }
        let mut out = Vec::new();
        walk(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures"),
            &mut out,
        );
        out.sort();
        out
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutations_edit_lines_and_keep_text() {
        let text = "def f():\n    conn = pool.getconn()\n    return 1\n";
        // delete line 1
        assert_eq!(
            mutate(text, &[0, 1, 0, 0], Lang::Python),
            "def f():\n    return 1\n"
        );
        // swap lines 0 and 2
        assert_eq!(
            mutate(text, &[2, 0, 2, 0], Lang::Python),
            "    return 1\n    conn = pool.getconn()\ndef f():\n"
        );
        // insert the first extra line at 2 with line 1's indentation
        assert_eq!(
            mutate(text, &[3, 2, 1, 0], Lang::Python),
            "def f():\n    conn = pool.getconn()\n    try:\n    return 1\n"
        );
        // cut a line inside a multi-byte character: stays on a boundary
        assert_eq!(mutate("é\n", &[7, 0, 0, 1], Lang::Python), "\n");
        // an incomplete edit (fewer than four bytes) is ignored
        assert_eq!(mutate(text, &[0, 1], Lang::Python), text);
    }

    #[test]
    fn fixture_files_are_found() {
        let files = fixture_files();
        assert!(files.len() > 100, "{} fixture files", files.len());
        assert!(
            files
                .iter()
                .any(|(p, _)| p.extension().is_some_and(|e| e == "rs"))
        );
    }
}
