//! CLI tests: Rust files. Analysis, suppression comments, selection, syntax
//! and encoding errors, rule options, mixed Python and Rust runs, and
//! pathological nesting.

mod support;

use support::{MANUAL, Project};

const RUST_HANDLER: &str = r#"use axum::extract::State;
use sqlx::PgPool;

pub async fn checkout(State(pool): State<PgPool>, http: reqwest::Client) -> Result<(), Error> {
    let mut conn = pool.acquire().await?;
    sqlx::query("select 1").execute(&mut *conn).await?;
    http.post("https://payments.example.com").send().await?;
    Ok(())
}
"#;

#[test]
fn rust_files_are_analysed() {
    let p = Project::new();
    p.file("Cargo.toml", "[package]\nname = \"shop\"\n")
        .file("src/routes.rs", RUST_HANDLER);
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["src/routes.rs:7:5 CL302"]);
    assert!(
        r.stdout.contains("`conn` holds a pooled connection"),
        "{r:?}"
    );
}

#[test]
fn rust_suppression_comments() {
    let p = Project::new();
    let noqa = RUST_HANDLER.replace("send().await?;", "send().await?; // noqa: CL302");
    let ignore = RUST_HANDLER.replace(
        "    http.post(",
        "    // connlint: ignore[held-across-slow-call]\n    http.post(",
    );
    let other = RUST_HANDLER.replace("send().await?;", "send().await?; // noqa: CL305");
    p.file("src/a.rs", noqa)
        .file("src/b.rs", ignore)
        .file("src/c.rs", other);
    let r = p.run(&["check", "--output-format", "concise"]);
    // `// connlint: ignore` on its own line above the statement is not on the statement.
    assert_eq!(
        r.findings(),
        ["src/b.rs:8:5 CL302", "src/c.rs:7:5 CL302"],
        "{r:?}"
    );
}

#[test]
fn rust_select_and_ignore() {
    let p = Project::new();
    p.file("src/routes.rs", RUST_HANDLER);
    p.run(&["check", "--ignore", "CL302"]).expect_code(0);
    let r = p.run(&["check", "--select", "CL3", "--output-format", "concise"]);
    assert_eq!(r.findings(), ["src/routes.rs:7:5 CL302"]);
}

#[test]
fn rust_syntax_errors_are_not_findings_and_the_rest_is_analysed() {
    let p = Project::new();
    let broken = format!("{RUST_HANDLER}\nfn broken( {{ let x = ; }}\n");
    p.file("src/routes.rs", broken);
    let r = p.run(&["check", "--output-format", "concise"]);
    assert_eq!(r.findings(), ["src/routes.rs:7:5 CL302"], "{r:?}");
}

#[test]
fn rust_binary_and_invalid_utf8_files_are_reported_and_skipped() {
    let p = Project::new();
    p.file("src/routes.rs", RUST_HANDLER)
        .file("src/blob.rs", b"fn a() {}\x00\x01")
        .file("src/latin1.rs", b"// caf\xe9\nfn a() {}\n");
    let r = p.run(&["check", "--output-format", "concise"]);
    r.expect_code(1);
    assert_eq!(r.findings(), ["src/routes.rs:7:5 CL302"], "{r:?}");
    assert!(r.stderr.contains("src/blob.rs"), "{r:?}");
    assert!(r.stderr.contains("src/latin1.rs"), "{r:?}");
}

#[test]
fn rust_detach_option_enables_detach_findings() {
    let p = Project::new();
    let src = "use sqlx::PgPool;\n\npub async fn lock(pool: &PgPool) -> Result<PgConnection, Error> {\n    let conn = pool.acquire().await?;\n    Ok(conn.detach())\n}\n";
    p.file("src/lock.rs", src);
    p.run(&["check"]).expect_code(0);
    p.file("connlint.toml", "[rules.leaked-guard]\ndetach = true\n");
    let r = p.run(&["check", "--output-format", "concise"]);
    assert_eq!(r.findings(), ["src/lock.rs:5:8 CL303"], "{r:?}");
    p.file("connlint.toml", "[rules.leaked-guard]\ndetach = \"yes\"\n");
    let r = p.run(&["check"]);
    r.expect_code(2);
    assert!(r.stderr.contains("connlint.toml"), "{r:?}");
}

#[test]
fn rust_and_python_in_one_run_share_the_output() {
    let p = Project::new();
    p.file("src/routes.rs", RUST_HANDLER)
        .file("script.py", MANUAL);
    let r = p.run(&["check", "--output-format", "concise"]);
    assert_eq!(
        r.findings(),
        ["script.py:3:8 CL101", "src/routes.rs:7:5 CL302"],
        "{r:?}"
    );
    let json = p.run(&["check", "--output-format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v.as_array().map(Vec::len), Some(2), "{json:?}");
}

#[test]
fn rust_pathological_nesting_is_analysed_without_crashing() {
    let p = Project::new();
    let head = "use sqlx::PgPool;\nasync fn f(pool: &PgPool) {\n    let conn = pool.acquire().await.unwrap();\n";
    let n = 10_000;
    p.file("Cargo.toml", "[package]\nname = \"patho\"\n")
        .file(
            "src/nested.rs",
            format!("{head}{}x().await;{}\n}}\n", "{".repeat(n), "}".repeat(n)),
        )
        .file(
            "src/chain.rs",
            format!("{head}    let x = y{}.await;\n}}\n", ".m()".repeat(2 * n)),
        )
        .file(
            "src/closures.rs",
            format!(
                "use sqlx::PgPool;\nfn f(pool: &PgPool) {{\n{}pool.get();\n}}\n",
                "let a = || ".repeat(n / 3)
            ),
        )
        .file(
            "src/uses.rs",
            format!(
                "use sqlx::{}PgPool{};\nfn main() {{}}\n",
                "{a::".repeat(n / 3),
                "}".repeat(n / 3)
            ),
        )
        .file(
            "src/ifs.rs",
            format!(
                "{head}{}b().await;{}\n}}\n",
                "if a { ".repeat(n / 2),
                "}".repeat(n / 2)
            ),
        )
        .file(
            "src/path.rs",
            format!(
                "fn f() {{\n    let p = {}PgPool::connect(\"\");\n}}\n",
                "a::".repeat(n / 2)
            ),
        )
        .file(
            "src/args.rs",
            format!(
                "{head}    {}h().await{};\n}}\n",
                "g(".repeat(n / 2),
                ")".repeat(n / 2)
            ),
        );
    let r = p.run(&["check", "--output-format", "concise"]);
    assert!(r.code == 0 || r.code == 1, "{r:?}");
    assert!(!r.stderr.contains("internal error"), "{r:?}");
    // Where the scan stopped short, it says so (once per function).
    for file in ["nested", "ifs"] {
        let said = r
            .findings()
            .iter()
            .filter(|f| f.starts_with(&format!("src/{file}.rs:")) && f.ends_with(" analysis-limit"))
            .count();
        assert_eq!(said, 1, "{file}: {r:?}");
    }
}

/// A workspace whose crates each define `type DbPool` differently: the app's
/// `use storage::DbPool` names the storage crate's (r2d2, blocking), not its
/// own legacy one nor a sibling tool's it does not depend on (issue 21). The
/// same file gives the same finding checked with the workspace, alone, and
/// from inside its crate.
#[test]
fn rust_crate_paths_resolve_by_crate_and_dependency() {
    let p = Project::new();
    p.file("Cargo.toml", "[workspace]\nmembers = [\"app\", \"storage\", \"tools\"]\n")
        .file(
            "storage/Cargo.toml",
            "[package]\nname = \"storage\"\nversion = \"0.1.0\"\n",
        )
        .file(
            "storage/src/lib.rs",
            "use diesel::r2d2::{ConnectionManager, Pool};\nuse diesel::PgConnection;\n\npub type DbPool = Pool<ConnectionManager<PgConnection>>;\n",
        )
        .file(
            "tools/Cargo.toml",
            "[package]\nname = \"tools\"\nversion = \"0.1.0\"\n",
        )
        .file("tools/src/lib.rs", "pub type DbPool = sqlx::PgPool;\n")
        .file(
            "app/Cargo.toml",
            "[package]\nname = \"orders-app\"\nversion = \"0.1.0\"\n\n[dependencies]\nstorage = { path = \"../storage\" }\n",
        )
        .file(
            "app/src/main.rs",
            "mod legacy;\nuse actix_web::{get, web, HttpResponse};\nuse storage::DbPool;\n\n#[get(\"/n\")]\nasync fn count(pool: web::Data<DbPool>) -> HttpResponse {\n    let conn = pool.get().expect(\"pool\");\n    HttpResponse::Ok().json(count_rows(&conn))\n}\n\nfn main() {}\n",
        )
        .file(
            "app/src/legacy.rs",
            "pub type DbPool = sqlx::PgPool;\n",
        );
    let whole = p.run(&["check", ".", "--output-format", "concise"]);
    assert_eq!(
        whole.findings(),
        ["app/src/main.rs:7:16 CL301"],
        "{whole:?}"
    );
    let alone = p.run(&["check", "app/src/main.rs", "--output-format", "concise"]);
    assert_eq!(
        alone.findings(),
        ["app/src/main.rs:7:16 CL301"],
        "{alone:?}"
    );
    let inside = support::run_in(
        &p.path("app"),
        &["check", "src/main.rs", "--output-format", "concise"],
        None,
    );
    assert_eq!(inside.findings(), ["src/main.rs:7:16 CL301"], "{inside:?}");
}
