//! `check --watch`: check, then check again whenever a Python or Rust file
//! or a configuration file of the project changes, like `ruff check
//! --watch`. The first run prints every finding; each later run prints only
//! the findings that are new since the run before and the ones that went,
//! then the total. The cache makes a re-run cost about the files that changed.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use anyhow::Context;
use notify::{EventKind, RecursiveMode, Watcher};

use connlint::baseline::Baseline;
use connlint::report::{self, Format};
use connlint::{Report, RunOptions};

use super::problems;

/// How long to wait after a change for the rest of a save (editors write
/// a file in several steps, formatters several files at once).
const SETTLE: Duration = Duration::from_millis(150);

/// Runs until interrupted. `format` is human or concise.
pub fn run(
    opts: &RunOptions,
    baseline: Option<&Baseline>,
    format: Format,
    options: report::Options,
    color: connlint::cli::ColorChoice,
) -> anyhow::Result<u8> {
    let (tx, events) = channel();
    let mut watcher = notify::recommended_watcher(tx).context("starting the file watcher")?;
    // The project roots, not only the paths named: a change in `db.py` or
    // in `pyproject.toml` changes the findings of the files checked.
    let mut roots: Vec<PathBuf> = if opts.paths.is_empty() {
        vec![connlint::project_root(&opts.cwd, &opts.cwd)]
    } else {
        opts.paths
            .iter()
            .map(|p| connlint::project_root(p, &opts.cwd))
            .collect()
    };
    roots.sort();
    roots.dedup();
    for root in &roots {
        watcher
            .watch(root, RecursiveMode::Recursive)
            .with_context(|| format!("watching {}", root.display()))?;
    }

    let mut before: Option<BTreeMap<String, String>> = None;
    loop {
        match connlint::check(opts) {
            Ok(mut report) => {
                if let Some(b) = baseline {
                    b.apply(&mut report);
                }
                problems::print(&report.problems, &opts.cwd, color)?;
                before = Some(print(&report, before.as_ref(), format, options)?);
            }
            // A configuration being edited may be invalid for a moment: say
            // so and keep watching.
            Err(e) => writeln!(std::io::stderr(), "connlint: error: {e:#}")?,
        }
        writeln!(
            std::io::stdout(),
            "[{}] Watching for file changes.",
            clock()
        )?;
        std::io::stdout().flush()?;
        wait_for_change(&events)?;
    }
}

/// Prints the report, or what changed since `before`; the findings now, by
/// key, with the line that shows each.
fn print(
    report: &Report,
    before: Option<&BTreeMap<String, String>>,
    format: Format,
    options: report::Options,
) -> anyhow::Result<BTreeMap<String, String>> {
    let mut now = BTreeMap::new();
    let mut fresh = Report {
        cwd: report.cwd.clone(),
        checked: report.checked,
        ..Report::default()
    };
    for f in &report.files {
        let keys = report::fingerprints(f);
        let path = report::path_str(&f.source.path);
        let mut keep = Vec::new();
        for (d, key) in f.diagnostics.iter().zip(keys) {
            let at = report::span(&f.source, d).0;
            let key = format!("{path}\u{1f}{key}");
            let shown = format!(
                "{path}:{}:{}: {} {}",
                at.line, at.column, d.rule.code, d.message
            );
            if before.is_none_or(|b| !b.contains_key(&key)) {
                keep.push(d.clone());
            }
            now.insert(key, shown);
        }
        if !keep.is_empty() {
            fresh.files.push(connlint::engine::FileReport {
                source: std::sync::Arc::clone(&f.source),
                project_path: f.project_path.clone(),
                diagnostics: keep,
                fingerprints: None,
            });
        }
    }
    let mut out = std::io::stdout().lock();
    let Some(before) = before else {
        report::write(format, report, options, &mut out)?;
        return Ok(now);
    };
    let new = fresh.count();
    let quiet = report::Options {
        quiet: true,
        statistics: false,
        ..options
    };
    if new > 0 {
        report::write(format, &fresh, quiet, &mut out)?;
    }
    let mut gone = 0;
    for (key, shown) in before {
        if !now.contains_key(key) {
            writeln!(out, "fixed: {shown}")?;
            gone += 1;
        }
    }
    let total = report.count();
    writeln!(
        out,
        "Found {total} problem{} ({new} new, {gone} fixed) in {} file{} checked.",
        if total == 1 { "" } else { "s" },
        report.checked,
        if report.checked == 1 { "" } else { "s" },
    )?;
    Ok(now)
}

/// Waits for a change that can matter, then for the rest of it to settle.
fn wait_for_change(events: &Receiver<notify::Result<notify::Event>>) -> anyhow::Result<()> {
    loop {
        let event = events.recv().context("the file watcher stopped")?;
        if matters(&event) {
            break;
        }
    }
    while events.recv_timeout(SETTLE).is_ok() {}
    Ok(())
}

/// A change to a Python or Rust file or a configuration file, outside the
/// cache and version-control directories; reads are not changes.
fn matters(event: &notify::Result<notify::Event>) -> bool {
    let Ok(event) = event else {
        // The watcher lost track (an overflowing queue): check again.
        return true;
    };
    if matches!(event.kind, EventKind::Access(_)) {
        return false;
    }
    event.paths.iter().any(|p| relevant(p))
}

fn relevant(path: &Path) -> bool {
    let hidden = path.components().any(|c| {
        let c = c.as_os_str();
        c == connlint::cache::DIR || c == ".git" || c == "target" || c == "__pycache__"
    });
    if hidden {
        return false;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    name == "connlint.toml"
        || name == "pyproject.toml"
        || Path::new(name)
            .extension()
            .is_some_and(|e| e == "py" || e == "rs")
}

/// The time of day, UTC, as `HH:MM:SS`.
fn clock() -> String {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let day = secs % 86_400;
    format!("{:02}:{:02}:{:02}", day / 3600, day % 3600 / 60, day % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_and_configuration_matter() {
        assert!(relevant(Path::new("/p/app/db.py")));
        assert!(relevant(Path::new("/p/src/main.rs")));
        assert!(relevant(Path::new("/p/pyproject.toml")));
        assert!(relevant(Path::new("/p/connlint.toml")));
        assert!(!relevant(Path::new("/p/.connlint_cache/python.json")));
        assert!(!relevant(Path::new("/p/.git/index")));
        assert!(!relevant(Path::new(
            "/p/app/__pycache__/db.cpython-311.pyc"
        )));
        assert!(!relevant(Path::new("/p/README.md")));
        assert!(!relevant(Path::new("/p/target/debug/build/x.rs")));
    }
}
