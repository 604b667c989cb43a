//! Finding a project's deployment files and reading them.

use std::fmt::Write as _;
use std::path::Path;

use super::{Count, Fact, compose, dockerfile, gunicorn_conf, procfile};

/// Directories below the root searched for deployment files.
const DEPTH: usize = 4;

/// A deployment file's reader: (its path for messages, its text) → facts.
type Reader = fn(&str, &str) -> Result<Vec<Fact>, String>;

/// Which reader a file name calls for.
fn reader(name: &str) -> Option<Reader> {
    let lower = name.to_ascii_lowercase();
    if name == "Procfile" || name.starts_with("Procfile.") {
        return Some(|f, t| Ok(procfile(f, t)));
    }
    if lower == "dockerfile" || lower.starts_with("dockerfile.") || lower.ends_with(".dockerfile") {
        return Some(|f, t| Ok(dockerfile(f, t)));
    }
    let yaml = Path::new(&lower)
        .extension()
        .is_some_and(|e| e == "yml" || e == "yaml");
    if yaml && (lower.starts_with("docker-compose") || lower.starts_with("compose")) {
        return Some(compose);
    }
    if matches!(
        name,
        "gunicorn.conf.py" | "gunicorn_conf.py" | "gunicorn_config.py" | "gunicorn.config.py"
    ) {
        return Some(|f, t| Ok(gunicorn_conf(f, t)));
    }
    None
}

/// The deployment facts under `root` (honouring `.gitignore`, skipping
/// hidden directories), sorted by file and line, and the files that could
/// not be read, with why.
#[must_use]
pub fn scan(root: &Path) -> (Vec<Fact>, Vec<(String, String)>) {
    let mut facts = Vec::new();
    let mut problems = Vec::new();
    let walk = ignore::WalkBuilder::new(root)
        .max_depth(Some(DEPTH))
        .require_git(false)
        .build();
    for entry in walk.flatten() {
        let path = entry.path();
        let Some(read) = path.file_name().and_then(|n| n.to_str()).and_then(reader) else {
            continue;
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        let rel = path
            .strip_prefix(root)
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned();
        match std::fs::read_to_string(path)
            .map_err(|e| e.to_string())
            .and_then(|t| read(&rel, &t))
        {
            Ok(found) => facts.extend(found),
            Err(why) => problems.push((rel, why)),
        }
    }
    facts.sort_by(|a, b| a.file.cmp(&b.file).then(a.line.cmp(&b.line)));
    problems.sort();
    (facts, problems)
}

impl std::fmt::Display for Count {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Count::Known(n) => write!(f, "{n}"),
            Count::Env {
                var,
                default: Some(d),
            } => write!(f, "${var} (default {d})"),
            Count::Env { var, default: None } => {
                write!(f, "${var} (no default in the files read: unknown)")
            }
            Count::Cores(expr) => write!(f, "depends on the cores (`{expr}`)"),
            Count::Unknown(expr) => write!(f, "`{expr}` (not read: unknown)"),
        }
    }
}

/// A fact in words, for `connlint explain`.
#[must_use]
pub fn describe(fact: &Fact) -> String {
    let s = &fact.server;
    let mut out = format!(
        "{} ({}:{}): {}{}, processes: {}",
        fact.what,
        fact.file,
        fact.line,
        s.kind.name(),
        s.app
            .as_ref()
            .map_or_else(String::new, |a| format!(" serving `{a}`")),
        s.processes()
    );
    if let Some(t) = &s.threads {
        let _ = write!(out, ", threads each: {t}");
    }
    if let Some(r) = &fact.replicas {
        let _ = write!(out, ", replicas: {r}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_files_of_a_project_and_says_what_it_read() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("Procfile"), "web: gunicorn app.main:app -w 4\n").unwrap();
        std::fs::create_dir_all(root.join("deploy")).unwrap();
        std::fs::write(
            root.join("deploy/docker-compose.prod.yml"),
            "services:\n  web:\n    command: uvicorn app.main:app --workers $WORKERS\n    deploy:\n      replicas: 2\n",
        )
        .unwrap();
        std::fs::write(root.join("compose.yaml"), "services: [unclosed\n").unwrap();
        std::fs::write(
            root.join("gunicorn.conf.py"),
            "workers = multiprocessing.cpu_count()\n",
        )
        .unwrap();
        std::fs::write(root.join("README.md"), "web: gunicorn -w 99 x:app\n").unwrap();
        let (facts, problems) = scan(root);
        let lines: Vec<String> = facts.iter().map(describe).collect();
        assert_eq!(
            lines,
            [
                "Procfile `web` (Procfile:1): gunicorn serving `app.main:app`, processes: 4",
                "compose service `web` (deploy/docker-compose.prod.yml:3): uvicorn serving `app.main:app`, processes: $WORKERS (no default in the files read: unknown), replicas: 2",
                "`workers` in gunicorn.conf.py (gunicorn.conf.py:1): gunicorn, processes: depends on the cores (`multiprocessing.cpu_count()`)",
            ]
        );
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, "compose.yaml");
    }
}
