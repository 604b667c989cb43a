//! CLI tests: the report. Human, JSON, SARIF and GitHub formats,
//! `--output-file`, `--quiet`, `--statistics`, `--color`, the fix shown in
//! human output, and byte-identical output whatever `--jobs` is.

mod support;

use std::path::Path;

use support::{BYPASS, CLEAN, MANUAL, Project, pool_project};

#[test]
fn human_output_shows_code_location_and_summary() {
    let p = pool_project();
    let r = p.run(&["check", "--output-format", "human"]);
    r.expect_code(1);
    assert!(r.stdout.contains("warning[CL101]"), "{r:?}");
    assert!(r.stdout.contains("warning[CL201]"), "{r:?}");
    assert!(r.stdout.contains("app/report.py:7:12"), "{r:?}");
    assert!(r.stdout.contains("psycopg2.connect(DSN)"), "{r:?}");
    // The summary, then (when fixes exist) how many `--fix` would apply.
    let tail: Vec<&str> = r.stdout.lines().rev().take(2).collect();
    assert!(
        tail.iter().any(|l| l.starts_with("Found 2 problems")),
        "{r:?}"
    );
    assert!(
        r.stdout.lines().last().is_some_and(
            |l| l.starts_with("Found 2 problems") || l.contains("fixable with `--fix`")
        ),
        "{r:?}"
    );
}

#[test]
fn human_output_shows_the_fix_as_removed_and_added_lines() {
    let p = Project::new();
    p.file(
        "report.py",
        "import psycopg2\n\n\ndef total():\n    conn = psycopg2.connect(\"dbname=x\")\n    try:\n        return conn.execute(\"SELECT 1\")\n    finally:\n        conn.close()\n",
    );
    let r = p.run(&["check", "--color", "never"]);
    r.expect_code(1);
    for want in [
        "= fix: use `with closing(psycopg2.connect(\"dbname=x\")) as conn:` (`--fix`)",
        "+ from contextlib import closing",
        "-     conn = psycopg2.connect(\"dbname=x\")",
        "-     try:",
        "+     with closing(psycopg2.connect(\"dbname=x\")) as conn:",
        "-     finally:",
        "-         conn.close()",
        "1 fixable with `--fix`.",
    ] {
        assert!(r.stdout.contains(want), "missing {want:?}: {r:?}");
    }
    // The unchanged body is not repeated.
    assert!(!r.stdout.contains("+         return"), "{r:?}");
}

#[test]
fn json_output_is_an_array_of_findings() {
    let p = pool_project();
    let r = p.run(&["check", "--output-format", "json"]);
    r.expect_code(1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let items = v.as_array().unwrap();
    let got: Vec<(&str, &str, u64, u64)> = items
        .iter()
        .map(|i| {
            (
                i["code"].as_str().unwrap(),
                i["path"].as_str().unwrap(),
                i["start"]["line"].as_u64().unwrap(),
                i["start"]["column"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("CL101", "app/report.py", 7, 12),
            ("CL201", "app/report.py", 7, 12)
        ]
    );
    assert_eq!(items[0]["name"], "manual-connection");
}

#[test]
fn json_output_for_no_findings_is_an_empty_array() {
    let p = Project::new();
    p.file("app.py", CLEAN);
    let r = p.run(&["check", "--output-format", "json"]);
    r.expect_code(0);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v, serde_json::json!([]));
}

#[test]
fn sarif_output_is_sarif_2_1_0_with_results() {
    let p = pool_project();
    let r = p.run(&["check", "--output-format", "sarif"]);
    r.expect_code(1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["tool"]["driver"]["name"], "connlint");
    let results = run["results"].as_array().unwrap();
    let ids: Vec<&str> = results
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["CL101", "CL201"]);
    let loc = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "app/report.py");
    assert_eq!(loc["region"]["startLine"], 7);
}

#[test]
fn github_output_is_workflow_annotations() {
    let p = Project::new();
    p.file("script.py", MANUAL);
    let r = p.run(&["check", "--output-format", "github"]);
    r.expect_code(1);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), 1, "{r:?}");
    assert!(
        lines[0]
            .starts_with("::warning title=CL101 manual-connection,file=script.py,line=3,col=8,"),
        "{}",
        lines[0]
    );
}

#[test]
fn output_file_receives_the_report_and_stdout_stays_empty() {
    let p = pool_project();
    let r = p.run(&[
        "check",
        "--output-format",
        "json",
        "--output-file",
        "out/report.json",
    ]);
    // The directory does not exist: an error naming the file, exit 2.
    r.expect_code(2);
    assert!(r.stderr.contains("out/report.json"), "{r:?}");

    p.dir("out");
    let r = p.run(&[
        "check",
        "--output-format",
        "json",
        "--output-file",
        "out/report.json",
    ]);
    r.expect_code(1);
    assert_eq!(r.stdout, "");
    let written = std::fs::read_to_string(p.path("out/report.json")).unwrap();
    let v: serde_json::Value = serde_json::from_str(&written).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2, "{v:#}");
    let leftovers: Vec<_> = std::fs::read_dir(p.path("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["report.json"], "no temporary file left behind");
}

#[test]
fn output_file_in_human_format_has_the_findings_and_summary() {
    let p = pool_project();
    let r = p.run(&["check", "-o", "report.txt"]);
    r.expect_code(1);
    assert_eq!(r.stdout, "");
    let written = std::fs::read_to_string(p.path("report.txt")).unwrap();
    assert!(written.contains("warning[CL101]"), "{written}");
    assert!(written.contains("Found 2 problems"), "{written}");
    assert!(
        !written.contains('\x1b'),
        "no colour in a file: {written:?}"
    );
}

#[test]
fn quiet_drops_the_summary_line() {
    let p = Project::new();
    p.file("script.py", MANUAL);
    let loud = p.run(&["check"]);
    assert!(loud.stdout.contains("Found 1 problem"), "{loud:?}");
    let r = p.run(&["check", "--quiet"]);
    r.expect_code(1);
    assert!(r.stdout.contains("warning[CL101]"), "{r:?}");
    assert!(!r.stdout.contains("Found"), "{r:?}");

    p.file("script.py", CLEAN);
    let r = p.run(&["check", "-q"]);
    r.expect_code(0);
    assert_eq!(r.stdout, "");
}

#[test]
fn statistics_prints_a_count_per_rule() {
    let p = pool_project();
    // report.py: CL101 + CL201; job.py: CL101 + CL201 (the pool's literal
    // DSN); guarded.py: CL201 only (the pool's `DSN`, in a `with`).
    p.file("scripts/job.py", MANUAL).file(
        "app/guarded.py",
        CLEAN
            .replace(
                "import psycopg2\n",
                "import psycopg2\n\nfrom app.db import DSN\n",
            )
            .replace("def count_users(dsn):", "def count_users():")
            .replace("psycopg2.connect(dsn)", "psycopg2.connect(DSN)"),
    );
    let r = p.run(&["check", "--statistics", "--quiet"]);
    r.expect_code(1);
    // With --quiet the table is the last thing printed, most frequent first.
    let lines: Vec<&str> = r.stdout.lines().collect();
    let rows: Vec<Vec<&str>> = lines[lines.len() - 2..]
        .iter()
        .map(|l| l.split_whitespace().collect::<Vec<_>>())
        .collect();
    assert_eq!(
        rows,
        [
            vec!["3", "CL201", "pool-bypass"],
            vec!["2", "CL101", "manual-connection"]
        ],
        "{r:?}"
    );
    let plain = p.run(&["check", "--quiet"]);
    assert!(!plain.stdout.contains("  CL201 "), "{plain:?}");
}

#[test]
fn statistics_works_with_concise_output() {
    let p = Project::new();
    p.file("a.py", MANUAL).file("b.py", MANUAL);
    let r = p.run(&["check", "--statistics", "--output-format", "concise"]);
    let last = r.stdout.lines().last().unwrap();
    assert_eq!(
        last.split_whitespace().collect::<Vec<_>>(),
        ["2", "CL101", "manual-connection"]
    );
}

#[test]
fn color_always_emits_ansi_escapes_on_stdout_and_stderr() {
    let p = Project::new();
    p.file("script.py", MANUAL).file("blob.py", b"\x00");
    let r = p.run(&["check", "--color", "always"]);
    r.expect_code(1);
    assert!(r.stdout.contains("\x1b["), "{r:?}");
    assert!(r.stderr.contains("\x1b["), "{r:?}");
}

#[test]
fn color_never_and_piped_auto_emit_no_escapes() {
    let p = Project::new();
    p.file("script.py", MANUAL).file("blob.py", b"\x00");
    for args in [
        &["check", "--color", "never"][..],
        &["check", "--color", "auto"][..],
        &["check"][..],
    ] {
        let r = p.run(args);
        r.expect_code(1);
        assert!(r.stdout.contains("warning[CL101]"), "{args:?}: {r:?}");
        assert!(!r.stdout.contains('\x1b'), "{args:?}: {r:?}");
        assert!(r.stderr.contains("blob.py"), "{args:?}: {r:?}");
        assert!(!r.stderr.contains('\x1b'), "{args:?}: {r:?}");
    }
}

#[test]
fn jobs_1_and_jobs_2_give_byte_identical_output() {
    let p = pool_project();
    for i in 0..24 {
        p.file(&format!("app/m{i:02}.py"), BYPASS);
        p.file(&format!("scripts/s{i:02}.py"), MANUAL);
    }
    p.file("scripts/broken.py", "def f(:\n")
        .file("scripts/blob.py", b"\x00\x01")
        .file("scripts/latin.py", b"# \xe9\n");
    for format in ["human", "json", "sarif"] {
        let one = p.run(&[
            "check",
            "--jobs",
            "1",
            "--statistics",
            "--output-format",
            format,
        ]);
        let two = p.run(&[
            "check",
            "-j",
            "2",
            "--statistics",
            "--output-format",
            format,
        ]);
        one.expect_code(1);
        // `--statistics` in human: the table and the summary, not the findings.
        if format == "human" {
            assert!(!one.stdout.contains("scripts/s23.py"), "{format}");
            assert!(one.stdout.contains("manual-connection"), "{format}");
        } else {
            assert!(one.stdout.contains("scripts/s23.py"), "{format}");
        }
        assert!(
            one.stdout_bytes == two.stdout_bytes,
            "{format} stdout differs"
        );
        assert!(
            one.stderr_bytes == two.stderr_bytes,
            "{format} stderr differs"
        );
    }
}

/// The whole fixture tree (Python and Rust, many projects, syntax errors,
/// fixes) gives the same bytes with 1, 2 and 8 threads, run after run.
/// `scripts/determinism.sh` does the same 50 times over, on real code too.
#[test]
fn the_fixture_tree_gives_the_same_bytes_with_1_2_and_8_threads() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut first: Option<support::Run> = None;
    for round in 0..2 {
        for jobs in ["1", "2", "8"] {
            let run = support::run_in(
                &fixtures,
                &[
                    "check",
                    "--no-cache",
                    "--jobs",
                    jobs,
                    "--statistics",
                    "--output-format",
                    "sarif",
                ],
                None,
            );
            assert_eq!(run.code, 1, "{run:?}");
            match &first {
                None => first = Some(run),
                Some(f) => {
                    assert!(
                        f.stdout_bytes == run.stdout_bytes && f.stderr_bytes == run.stderr_bytes,
                        "round {round}, --jobs {jobs}: output differs from the first run"
                    );
                }
            }
        }
    }
}

/// Past the tree budget, pass 2 parses a file again instead of keeping its
/// pass-1 tree: the findings must not depend on which it did.
#[test]
fn reparsed_files_get_the_same_findings_as_kept_trees() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let args = [
        "check",
        "--no-cache",
        "--output-format",
        "json",
        "python",
        "rust",
    ];
    let kept = support::run_with_env(&fixtures, &args, None, &[]);
    let reparsed = support::run_with_env(&fixtures, &args, None, &[("CONNLINT_TREE_BUDGET", "0")]);
    kept.expect_code(1);
    assert!(kept.stdout.contains("\"CL102\""), "{kept:?}");
    assert!(
        kept.stdout == reparsed.stdout,
        "findings differ when trees are reparsed"
    );
    assert_eq!(kept.stderr, reparsed.stderr);
}

#[test]
fn leak_on_exception_names_the_explicit_raise_and_never_a_re_raise() {
    let src = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/python/leak-on-exception/raise_http_error_before_release.py"),
    )
    .unwrap();
    let p = Project::new();
    p.dir(".git").file("api.py", &src);
    let r = p.run(&["check", "--output-format", "concise", "--select", "CL102"]);
    let lines: Vec<&str> = r.stdout.lines().filter(|l| l.contains("CL102")).collect();
    assert_eq!(lines.len(), 2, "{r:?}");
    // The failed login's `raise`: every failed login keeps a slot.
    assert!(
        lines[0].contains("when `raise HTTPException(")
            && lines[0].contains("leaves the function (line 23)"),
        "{r:?}"
    );
    // `raise e` in the handler re-raises what the body raised: name that.
    assert!(
        lines[1].contains("if `conn.cursor()` raises (line 32)"),
        "{r:?}"
    );
    assert!(!r.stdout.contains("`raise e`"), "{r:?}");
}

#[test]
fn findings_stacked_on_one_connect_share_one_help_and_show_their_fix_once() {
    let p = Project::new();
    p.dir(".git")
        .file("app/__init__.py", "")
        .file(
            "app/db.py",
            "import os\nfrom psycopg2.pool import ThreadedConnectionPool\n\nDSN = os.environ[\"DATABASE_URL\"]\npool = ThreadedConnectionPool(2, 10, dsn=DSN)\n",
        )
        .file(
            "app/reports.py",
            "import psycopg2\n\nfrom app.db import DSN\n\n\ndef monthly_totals():\n    conn = psycopg2.connect(DSN)\n    cur = conn.cursor()\n    cur.execute(\"SELECT month, sum(total) FROM orders GROUP BY month\")\n    rows = cur.fetchall()\n    conn.close()\n    return rows\n",
        );
    let r = p.run(&["check", "--color", "never"]);
    for code in ["CL101", "CL102", "CL201"] {
        assert!(r.stdout.contains(&format!("[{code}]")), "{r:?}");
    }
    // One help, the same under each: the pool first, the guarded form second.
    let helps: Vec<&str> = r.stdout.lines().filter(|l| l.contains("help:")).collect();
    assert_eq!(helps.len(), 3, "{r:?}");
    assert!(helps.iter().all(|h| h.trim() == helps[0].trim()), "{r:?}");
    assert!(
        helps[0].contains("take a connection from the pool instead")
            && helps[0]
                .contains("if it must stay a direct connection, use `with contextlib.closing("),
        "{r:?}"
    );
    // CL101's and CL102's fix is one change: shown once, counted once.
    assert_eq!(
        r.stdout.matches("+ from contextlib import closing").count(),
        1,
        "{r:?}"
    );
    assert!(
        r.stdout.contains("fix: the same change as CL101's above"),
        "{r:?}"
    );
    assert!(
        r.stdout.contains("1 fixable with `--fix --unsafe-fixes`"),
        "{r:?}"
    );
}
