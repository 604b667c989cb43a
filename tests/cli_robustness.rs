//! CLI tests: pathological and hostile inputs. Deep nesting, huge functions,
//! files and lines, device files, permission denied, files changing under the
//! run, hostile configurations; and connlint never runs, imports or connects
//! to what it reads.

// Test helpers: a failed unwrap is a failed test
// (`allow-unwrap-in-tests` covers only `#[test]` functions).
#![allow(clippy::unwrap_used)]

mod support;

use std::fmt::Write as _;
use std::process::{Command, Stdio};

use support::{MANUAL, Project, assert_one_message, pool_project};

// --------------------------------------------------------- pathological inputs

#[test]
fn deeply_nested_functions_and_long_conditions_do_not_crash() {
    // 200 nested `if`s: past the leak analysis's depth limit, so that function
    // is skipped by CL102/CL103 with an `analysis-limit` finding that says so
    // (CL101 still reports it); a 2,000-term `and`
    // chain and 5,000 `not`s are refined only to a bounded depth. The function
    // after them is still analysed.
    let mut src =
        String::from("import psycopg2\n\n\ndef deep(q):\n    conn = psycopg2.connect(q)\n");
    let mut indent = String::from("    ");
    for _ in 0..200 {
        src.push_str(&indent);
        src.push_str("if q:\n");
        indent.push(' ');
    }
    src.push_str(&indent);
    src.push_str("q = 1\n    conn.close()\n\n\n");
    src.push_str("def chain(q):\n    conn = psycopg2.connect(q)\n    if ");
    src.push_str(&vec!["conn"; 2000].join(" and "));
    src.push_str(":\n        conn.close()\n    return None\n\n\n");
    src.push_str("def nots(q):\n    conn = psycopg2.connect(q)\n    if ");
    src.push_str(&"not ".repeat(5000));
    src.push_str("conn:\n        return None\n    conn.close()\n\n\n");
    src.push_str("def after(q):\n    conn = psycopg2.connect(q)\n    conn.cursor().execute(q)\n    conn.close()\n");
    let p = Project::new();
    p.file("deep.py", &src);
    let r = p.run(&[
        "check",
        "--select",
        "CL102,CL103",
        "--output-format",
        "concise",
    ]);
    r.expect_code(1);
    let findings = r.findings();
    let line_of = |needle: &str| src.lines().position(|l| l.starts_with(needle)).unwrap() + 2;
    // `nots`: an even number of `not`s is `if conn: return` with it open.
    assert!(
        findings.contains(&format!("deep.py:{}:12 CL103", line_of("def nots"))),
        "{r:?}"
    );
    // `after` is analysed as usual.
    assert!(
        findings.contains(&format!("deep.py:{}:12 CL102", line_of("def after"))),
        "{r:?}"
    );
    // `deep` is past the depth limit: said at its name, and no path finding for it.
    assert!(
        findings.contains(&format!(
            "deep.py:{}:5 analysis-limit",
            line_of("def deep") - 1
        )),
        "{r:?}"
    );
    assert!(
        !findings
            .iter()
            .any(|f| f.starts_with(&format!("deep.py:{}:", line_of("def deep")))),
        "{r:?}"
    );
}

#[test]
fn a_function_with_5000_acquisitions_is_analysed_in_bounded_time() {
    // Each acquisition's path analysis visits the whole function: past a work
    // budget the rest are not followed by CL102/CL103 (CL101 reports every
    // one), so the run stays far inside the harness's 60 s hang limit (it was
    // quadratic: 1,000 such blocks took 40 s in a release build).
    let mut src = String::from(
        "import psycopg2\n\n\ndef many(dsn):\n    c0 = psycopg2.connect(dsn)\n    c0.cursor().execute('select 0')\n",
    );
    for i in 1..5000 {
        writeln!(
            src,
            "    c{i} = psycopg2.connect(dsn)\n    try:\n        c{i}.cursor().execute('select 1')\n    finally:\n        c{i}.close()"
        )
        .unwrap();
    }
    src.push_str("\n\ndef after(dsn):\n    conn = psycopg2.connect(dsn)\n    conn.cursor().execute('select 1')\n    conn.close()\n");
    let p = Project::new();
    p.file("generated.py", &src);
    let r = p.run(&["check", "--output-format", "concise", "--no-cache"]);
    r.expect_code(1);
    let findings = r.findings();
    let count = |code: &str| findings.iter().filter(|f| f.ends_with(code)).count();
    assert_eq!(count("CL101"), 5001, "{r:?}");
    // The first one leaks, and is within the budget.
    assert!(
        findings.contains(&"generated.py:5:10 CL103".to_owned()),
        "{findings:?}"
    );
    // Past the budget: said once, at the function's name.
    assert_eq!(count("analysis-limit"), 1, "{r:?}");
    assert!(r.stdout.contains(
        "generated.py:4:5: analysis-limit `many` is too large to analyse: following all its connections would take too long"
    ), "{r:?}");
    // The function after it is analysed as usual.
    let after = src
        .lines()
        .position(|l| l.starts_with("def after"))
        .unwrap()
        + 2;
    assert!(
        findings.contains(&format!("generated.py:{after}:12 CL102")),
        "{findings:?}"
    );
}

#[test]
fn ten_thousand_nested_parentheses_a_ten_megabyte_line_and_mixed_line_ends() {
    const LEAK: &str = "def f(d):\n    conn = psycopg2.connect(d)\n    conn.cursor()\n";
    let parens = format!(
        "import psycopg2\nx = {}1{}\n\n{LEAK}",
        "(".repeat(10_000),
        ")".repeat(10_000)
    );
    let long_line = format!("import psycopg2\nx = '{}'\n{LEAK}", "a".repeat(10_000_000));
    let p = Project::new();
    p.file("parens.py", &parens)
        .file("long_line.py", &long_line)
        // `\r\n`, a lone `\r` and `\n` in one file: a lone `\r` ends a line too.
        .file(
            "eols.py",
            "import psycopg2\r\ndef f(d):\r    conn = psycopg2.connect(d)\n    conn.cursor()\r\n",
        )
        .file("nul.py", b"import psycopg2\n# \x00\x00\n")
        .file("ok.py", format!("import psycopg2\n{LEAK}"));
    let r = p.run(&[
        "check",
        "--select",
        "CL103",
        "--output-format",
        "concise",
        "--no-cache",
    ]);
    r.expect_code(1);
    let mut findings = r.findings();
    findings.sort();
    assert_eq!(
        findings,
        [
            "eols.py:3:12 CL103",
            "long_line.py:4:12 CL103",
            "ok.py:3:12 CL103",
            "parens.py:5:12 CL103",
        ],
        "{r:?}"
    );
    // NUL bytes: one message naming the file, and the rest is analysed.
    assert!(r.stderr.contains("nul.py: binary file (NUL byte"), "{r:?}");
}

/// A function whose body nests `depth` blocks of `kind` (one space more per
/// level) around a use of a connection taken by hand.
fn nested_blocks(kind: &str, depth: usize) -> String {
    let mut src =
        String::from("import psycopg2\n\n\ndef deep(dsn):\n    conn = psycopg2.connect(dsn)\n");
    for i in 0..depth {
        let indent = " ".repeat(4 + i);
        match kind {
            "try" => writeln!(src, "{indent}try:").unwrap(),
            "with" => writeln!(src, "{indent}with lock{i}:").unwrap(),
            "for" => writeln!(src, "{indent}for row{i} in rows:").unwrap(),
            _ => writeln!(src, "{indent}if q{i}:").unwrap(),
        }
    }
    writeln!(
        src,
        "{}conn.cursor().execute('select 1')",
        " ".repeat(4 + depth)
    )
    .unwrap();
    if kind == "try" {
        for i in (0..depth).rev() {
            let indent = " ".repeat(4 + i);
            writeln!(src, "{indent}finally:\n{indent} pass").unwrap();
        }
    }
    src.push_str("    conn.close()\n");
    src
}

#[test]
fn nested_blocks_at_every_depth_give_findings_or_one_message() {
    // 101 levels: past the path analysis's depth limit (said at the function);
    // 250: still parsed; 300: more indentation than tree-sitter-python can
    // hold (at about 384 levels its scanner overflows tree-sitter's state
    // buffer and an assertion aborts the process): skipped with a message;
    // 10,000 (50 MB of indentation): over the file-size limit, and when that
    // is raised, too deeply nested.
    let p = Project::new();
    p.file("app.py", MANUAL)
        .file("if101.py", nested_blocks("if", 101))
        .file("try250.py", nested_blocks("try", 250))
        .file("with300.py", nested_blocks("with", 300))
        .file("for10000.py", nested_blocks("for", 10_000))
        .file("if10000.py", nested_blocks("if", 10_000))
        .file("try10000.py", nested_blocks("try", 10_000));
    let r = p.run(&["check", "--output-format", "concise", "--no-cache"]);
    r.expect_code(1);
    assert_eq!(
        r.findings(),
        [
            "app.py:3:8 CL101",
            "if101.py:4:5 analysis-limit",
            "if101.py:5:12 CL101",
            "try250.py:4:5 analysis-limit",
            "try250.py:5:12 CL101",
        ],
        "{r:?}"
    );
    assert_one_message(
        &r.stderr,
        "with300.py",
        "too deeply nested: 301 levels of indentation",
    );
    for big in ["for10000.py", "if10000.py", "try10000.py"] {
        assert_one_message(&r.stderr, big, "larger than the limit");
    }
    let r = p.run(&[
        "check",
        "for10000.py",
        "app.py",
        "--max-file-size",
        "100000000",
        "--output-format",
        "concise",
        "--no-cache",
    ]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app.py:3:8 CL101"], "{r:?}");
    assert_one_message(&r.stderr, "for10000.py", "too deeply nested: 10001 levels");
}

#[test]
fn a_hundred_thousand_functions_in_one_file() {
    // Each function has its own `conn`, and the module holds one too: telling
    // them apart must not cost a scan of every scope per mention (it did,
    // briefly: 20,000 such functions took 2.5 minutes of CPU).
    let mut src = String::from("import psycopg2\n\nconn = psycopg2.connect('dbname=app')\n\n");
    for i in 0..100_000 {
        writeln!(src, "def f{i}(conn):\n    return conn.cursor({i})\n").unwrap();
    }
    src.push_str("def leak(dsn):\n    conn = psycopg2.connect(dsn)\n    conn.close()\n\n");
    let line = src.lines().count() - 2;
    src.push_str("conn.close()\n");
    let p = Project::new();
    p.file("generated.py", &src).file("app.py", MANUAL);
    let r = p.run(&["check", "--output-format", "concise", "--no-cache"]);
    r.expect_code(1);
    assert_eq!(
        r.findings(),
        [
            "app.py:3:8 CL101".to_owned(),
            "generated.py:3:8 CL101".to_owned(),
            format!("generated.py:{line}:12 CL101")
        ],
        "{r:?}"
    );
}

#[test]
fn a_fifty_megabyte_file_is_skipped_with_a_message_by_default() {
    let p = Project::new();
    let big = format!("{MANUAL}{}", "x = 1\n".repeat(50 * 1024 * 1024 / 6));
    p.file("big.py", &big).file("app.py", MANUAL);
    let r = p.run(&["check", "--output-format", "concise", "--no-cache"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app.py:3:8 CL101"], "{r:?}");
    assert_one_message(
        &r.stderr,
        "big.py",
        "larger than the limit of 10485760 bytes (`--max-file-size`); skipped",
    );
}

#[cfg(unix)]
#[test]
fn device_files_named_like_python_files_are_reported_not_read() {
    // /dev/zero would never end and /dev/urandom is binary: neither is read.
    let p = Project::new();
    p.file("app.py", MANUAL);
    std::os::unix::fs::symlink("/dev/zero", p.path("zero.py")).unwrap();
    std::os::unix::fs::symlink("/dev/urandom", p.path("random.py")).unwrap();
    // A device node in a walked directory, where this user may make one.
    let made = std::process::Command::new("mknod")
        .arg(p.path("pkg/dev.py"))
        .args(["c", "1", "5"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        p.dir("pkg");
    }
    let r = p.run(&[
        "check",
        "zero.py",
        "random.py",
        "app.py",
        "pkg",
        "--output-format",
        "concise",
    ]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app.py:3:8 CL101"], "{r:?}");
    assert_one_message(&r.stderr, "zero.py", "not a regular file");
    assert_one_message(&r.stderr, "random.py", "not a regular file");
    if made {
        assert_one_message(&r.stderr, "pkg/dev.py", "not a regular file");
    }
}

#[cfg(unix)]
#[test]
fn permission_denied_as_an_unprivileged_user() {
    // Tests often run as root, for whom mode 000 blocks nothing: run connlint
    // as `nobody` (setpriv, util-linux) so that the denial is real.
    use std::os::unix::fs::PermissionsExt;
    let root = std::fs::read_to_string("/proc/self/status").is_ok_and(|s| {
        s.lines()
            .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(1) == Some("0"))
    });
    let setpriv = std::path::Path::new("/usr/bin/setpriv");
    if !root || !setpriv.exists() {
        // Not root: `unreadable_file_gets_one_message_and_the_run_goes_on` sees the denial itself.
        return;
    }
    let p = Project::new();
    p.file("app.py", MANUAL)
        .file("secret.py", MANUAL)
        .file("locked/inner.py", MANUAL);
    let mode = |rel: &str, m: u32| {
        std::fs::set_permissions(p.path(rel), std::fs::Permissions::from_mode(m)).unwrap();
    };
    mode("", 0o755);
    mode("app.py", 0o644);
    mode("secret.py", 0o000);
    mode("locked", 0o000);
    let out = Command::new(setpriv)
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(env!("CARGO_BIN_EXE_connlint"))
        .args(["check", "--output-format", "concise", "--no-cache"])
        .current_dir(p.root())
        .stdin(Stdio::null())
        .output()
        .unwrap();
    mode("locked", 0o755);
    mode("secret.py", 0o644);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The binary must be reachable by `nobody` for this to mean anything.
    if stderr.contains("Permission denied") && stdout.is_empty() && !stderr.contains("secret.py") {
        return;
    }
    assert_eq!(out.status.code(), Some(1), "{stdout}\n{stderr}");
    assert_eq!(stdout.lines().count(), 1, "{stdout}\n{stderr}");
    assert!(
        stdout.starts_with("app.py:3:8: CL101"),
        "{stdout}\n{stderr}"
    );
    assert_one_message(&stderr, "secret.py", "permission denied");
    assert_one_message(&stderr, "locked", "permission denied");
}

#[test]
fn files_deleted_or_truncated_while_the_run_reads_them() {
    // A checkout changing under the run (a branch switch, a formatter):
    // every file gets findings or one message, never a panic or a hang.
    let p = Project::new();
    for i in 0..1500 {
        p.file(&format!("m{i:04}.py"), MANUAL);
    }
    for round in 0..3 {
        let child = Command::new(env!("CARGO_BIN_EXE_connlint"))
            .args(["check", "--output-format", "concise", "--no-cache"])
            .current_dir(p.root())
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        for i in (0..1500).rev().filter(|i| i % 3 == round) {
            let path = p.path(&format!("m{i:04}.py"));
            if i % 2 == 0 {
                let _ = std::fs::remove_file(&path);
            } else {
                let _ = std::fs::write(&path, &MANUAL[..MANUAL.len() / 2]);
            }
        }
        let out = child.wait_with_output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(matches!(out.status.code(), Some(0..=2)), "{stderr}");
        assert!(
            !stderr.contains("internal error") && !stderr.contains("panicked"),
            "{stderr}"
        );
        for line in stdout.lines() {
            assert!(line.starts_with('m') && line.contains(".py:"), "{line}");
        }
        for line in stderr
            .lines()
            .filter(|l| l.starts_with("error: ") || l.starts_with("warning: "))
        {
            assert!(line.contains(".py: ") || !line.contains(": m"), "{line}");
        }
        // Put the files back for the next round.
        for i in 0..1500 {
            p.file(&format!("m{i:04}.py"), MANUAL);
        }
    }
}

// -------------------------------------------------------------------- security

#[test]
fn a_hostile_configuration_is_refused_quickly_with_its_file_named() {
    let nest = |depth: usize| (0..depth).fold("a".to_owned(), |g, _| format!("{{a,{g}}}"));
    let nested = nest(200);
    let many: Vec<String> = (0..20_000).map(|i| format!("\"d{i}/**/*.py\"")).collect();
    let cases = [
        (
            format!("exclude = [{}]\n", many.join(",")),
            "in `exclude`: 20000 patterns; connlint accepts at most 10000",
        ),
        (
            format!("exclude = [\"{}\"]\n", vec!["**"; 500].join("/")),
            "bytes long; connlint accepts at most 1024",
        ),
        (
            format!("extend-exclude = [\"{nested}\"]\n"),
            "in `extend-exclude`: invalid glob `{a,{a,",
        ),
        (
            format!(
                "exclude = [{}]\nextend-exclude = [{}]\n",
                many[..6_000].join(","),
                many[6_000..12_000].join(",")
            ),
            "in `exclude` and `extend-exclude` together: 12000 patterns",
        ),
        (
            format!(
                "[per-file-ignores]\n{}\n",
                (0..10_001)
                    .map(|i| format!("\"f{i}/**\" = [\"CL101\"]"))
                    .collect::<Vec<_>>()
                    .join("\n")
            ),
            "in `per-file-ignores`: 10001 patterns",
        ),
    ];
    for (toml, want) in cases {
        let p = Project::new();
        p.file("connlint.toml", &toml).file("app.py", MANUAL);
        let started = std::time::Instant::now();
        let r = p.run(&["check", "--output-format", "concise"]);
        r.expect_code(2);
        assert!(r.stderr.contains("connlint.toml: in `"), "{r:?}");
        assert!(r.stderr.contains(want), "{want}: {r:?}");
        // One short line, not the pattern echoed whole.
        assert!(r.stderr.len() < 300, "{r:?}");
        eprintln!("{want}: refused in {:?}", started.elapsed());
    }
    // What a project may write, however large, still runs: 9,900 patterns
    // (one with alternates nested 100 deep) and 20,000 configured acquirers.
    let p = Project::new();
    let acquirers: Vec<String> = (0..20_000).map(|i| format!("\"m{i}.get_conn\"")).collect();
    p.file(
        "connlint.toml",
        format!(
            "extend-exclude = [{}, \"{}\"]\n[catalog]\nacquirers = [{}]\n",
            many[..9_900].join(","),
            nest(100),
            acquirers.join(",")
        ),
    )
    .file("app.py", MANUAL);
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["app.py:3:8 CL101"], "{r:?}");
}

/// connlint reads files; it never runs, imports or connects to what it reads,
/// and needs no network: under strace no socket is opened and no program run
/// (where strace is installed), and in a network namespace without any
/// interface (`unshare -n`, where this user may make one) the output is the same.
#[cfg(target_os = "linux")]
#[test]
fn no_network_access_and_no_program_run() {
    let p = pool_project();
    p.file("scripts/report.py", MANUAL).file(
        "setup.py",
        "import subprocess, socket\nsubprocess.run(['touch', 'RAN'])\nsocket.create_connection(('127.0.0.1', 9))\n",
    );
    let args = ["check", "--output-format", "concise", "--no-cache"];
    let plain = p.run(&args);
    plain.expect_code(1);
    let bin = env!("CARGO_BIN_EXE_connlint");
    let strace = Command::new("strace")
        .args(["-f", "-qq", "-e", "trace=execve,socket,connect", "-o"])
        .arg(p.path("trace.log"))
        .arg(bin)
        .args(args)
        .current_dir(p.root())
        .stdin(Stdio::null())
        .output();
    if let Ok(out) = strace {
        if out.status.code() == Some(1) {
            let log = std::fs::read_to_string(p.path("trace.log")).unwrap();
            let execs: Vec<&str> = log.lines().filter(|l| l.contains("execve(")).collect();
            assert_eq!(execs.len(), 1, "one execve, connlint's own:\n{log}");
            assert!(execs[0].contains(bin), "{log}");
            assert!(
                !log.contains("socket(") && !log.contains("connect("),
                "{log}"
            );
            std::fs::remove_file(p.path("trace.log")).unwrap();
        }
    }
    let isolated = Command::new("unshare")
        .args(["-n", "--"])
        .arg(bin)
        .args(args)
        .current_dir(p.root())
        .stdin(Stdio::null())
        .output();
    if let Ok(out) = isolated {
        // Where namespaces are not allowed, unshare itself fails (exit 1 with
        // its own message): nothing to compare.
        if !String::from_utf8_lossy(&out.stderr).starts_with("unshare:") {
            assert_eq!(out.status.code(), Some(1));
            assert_eq!(out.stdout, plain.stdout_bytes);
        }
    }
    assert!(!p.path("RAN").exists());
}
