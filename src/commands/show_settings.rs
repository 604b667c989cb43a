//! `connlint show-settings [PATH]`: the settings a run would use for PATH,
//! as ruff's `--show-settings` shows its own. This is where a user finds out
//! which configuration file applies, where the project root is (module
//! names start there), and which rules are on.

use std::io::Write;
use std::path::Path;

use anyhow::Context;

use connlint::rules::{RULES, RuleSet, Status};
use connlint::settings::{self, Overrides, Settings};

pub fn run(path: Option<&Path>) -> anyhow::Result<u8> {
    let cwd = std::env::current_dir().context("reading the working directory")?;
    let start = path.map_or_else(|| cwd.clone(), |p| cwd.join(p));
    if !start.exists() {
        anyhow::bail!("{}: no such file or directory", start.display());
    }
    let found = settings::find_config(&start)?;
    let (config_path, options) = match found {
        Some((p, o)) => (Some(p), o),
        None => (None, settings::Options::default()),
    };
    let root = connlint::project_root(&start, &cwd);
    let raw = options.clone();
    let s = Settings::resolve(options, &Overrides::default(), config_path, root)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "Settings for {}", start.display())?;
    match &s.config_path {
        Some(p) => writeln!(out, "  configuration file: {}", p.display())?,
        None => writeln!(out, "  configuration file: none (built-in defaults)")?,
    }
    writeln!(out, "  project root: {}", s.root.display())?;
    writeln!(out, "  rules on ({}):", count(&s.rules))?;
    for (i, r) in RULES.iter().enumerate() {
        let m = r.meta();
        if s.rules.contains(i) {
            let preview = if m.status == Status::Preview {
                " (preview)"
            } else {
                ""
            };
            writeln!(out, "    {} {}{preview}", m.code, m.name)?;
        }
    }
    let off: Vec<&str> = RULES
        .iter()
        .enumerate()
        .filter(|(i, _)| !s.rules.contains(*i))
        .map(|(_, r)| r.meta().code)
        .collect();
    writeln!(
        out,
        "  rules off: {}",
        if off.is_empty() {
            "none".to_owned()
        } else {
            off.join(", ")
        }
    )?;
    let excludes: Vec<String> = raw.exclude.clone().unwrap_or_else(|| {
        settings::DEFAULT_EXCLUDES
            .iter()
            .map(|e| (*e).to_owned())
            .collect()
    });
    writeln!(out, "  exclude: {}", excludes.join(", "))?;
    let extend = raw.extend_exclude.clone().unwrap_or_default();
    if !extend.is_empty() {
        writeln!(out, "  extend-exclude: {}", extend.join(", "))?;
    }
    for (glob, codes) in raw.per_file_ignores.clone().unwrap_or_default() {
        writeln!(out, "  per-file-ignores: {glob} = {}", codes.join(", "))?;
    }
    writeln!(out, "  max-file-size: {} bytes", s.max_file_size)?;
    writeln!(
        out,
        "  rule options: leaked-guard.detach = {}, leak-on-exception.in-tests = {}, manual-connection.allow-finally = {}",
        s.flag_detach, s.leak_on_exception_in_tests, s.manual_connection_allow_finally
    )?;
    let c = &s.catalog;
    let lists = [
        ("catalog.acquirers", c.acquirers.clone()),
        ("catalog.releasers", c.releasers.clone()),
        (
            "catalog.guarded-context-managers",
            c.guarded_context_managers.clone(),
        ),
        ("catalog.pool-modules", c.pool_modules.clone()),
        (
            "catalog.rust.pool",
            c.rust.pool.iter().map(|p| format!("{p:?}")).collect(),
        ),
    ];
    let mut any = false;
    for (key, items) in lists {
        if !items.is_empty() {
            any = true;
            writeln!(out, "  {key}: {}", items.join(", "))?;
        }
    }
    let entries = c.resource.len()
        + c.acquire.len()
        + c.pool.len()
        + c.factory.len()
        + c.closer.len()
        + c.owner.len()
        + c.context_manager.len()
        + c.slow.len();
    if entries > 0 {
        any = true;
        writeln!(out, "  catalog entries ([[catalog.*]] tables): {entries}")?;
    }
    if !any {
        writeln!(out, "  catalog additions: none")?;
    }
    Ok(0)
}

fn count(set: &RuleSet) -> usize {
    (0..RULES.len()).filter(|i| set.contains(*i)).count()
}
