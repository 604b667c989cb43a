//! `connlint check`: options from the arguments, then a check, a fix run,
//! `--diff` or a baseline, and the report in the chosen format.

use std::io::{IsTerminal, Read, Write};

use anyhow::Context;

use connlint::cli::{CheckArgs, ColorChoice, OutputFormat};
use connlint::report::{self, Format};
use connlint::settings::Overrides;
use connlint::{RunOptions, check};

use super::problems;
use super::progress::Spinner;

pub fn run(args: &CheckArgs) -> anyhow::Result<u8> {
    let cwd = std::env::current_dir().context("reading the working directory")?;
    let stdin = match &args.stdin_filename {
        Some(name) => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .context("reading stdin")?;
            let text = connlint::decode(bytes)
                .map_err(|m| anyhow::anyhow!("stdin ({}): {m}", name.display()))?;
            Some((name.clone(), text))
        }
        None => None,
    };
    if stdin.is_some() && !args.paths.is_empty() {
        anyhow::bail!("`--stdin-filename` reads one file from stdin; do not pass paths with it");
    }
    let opts = RunOptions {
        paths: args.paths.clone(),
        config: args.config.clone(),
        overrides: Overrides {
            select: args.select.clone(),
            extend_select: args.extend_select.clone(),
            ignore: args.ignore.clone(),
            exclude: args.exclude.clone(),
            extend_exclude: args.extend_exclude.clone(),
            max_file_size: args.max_file_size,
        },
        jobs: args.jobs.unwrap_or(0),
        stdin,
        cwd: cwd.clone(),
        overlay: std::collections::HashMap::new(),
        force_exclude: args.force_exclude,
        progress: Some(std::sync::Arc::default()),
        cache: !args.no_cache,
        cache_overlay: false,
        explain: false,
    };
    // A progress line on a terminal's stderr, for runs longer than a second;
    // never with a machine format, `--quiet`, or when stderr is not a terminal.
    let human = matches!(
        args.output_format,
        OutputFormat::Human | OutputFormat::Concise
    );
    let mut spinner = (human && !args.quiet && std::io::stderr().is_terminal())
        .then(|| opts.progress.clone())
        .flatten()
        .map(Spinner::start);
    // A bad baseline is a usage error, before any work.
    let baseline = match &args.baseline {
        Some(path) => Some(connlint::baseline::Baseline::load(path)?),
        None => None,
    };
    if (args.fix || args.fix_only || args.diff) && opts.stdin.is_some() {
        anyhow::bail!(
            "`--fix`, `--fix-only` and `--diff` rewrite files; they do not work with `--stdin-filename`"
        );
    }
    if args.watch {
        if !matches!(
            args.output_format,
            OutputFormat::Human | OutputFormat::Concise
        ) {
            anyhow::bail!(
                "`--watch` prints for a person: use `--output-format human` or `concise`"
            );
        }
        drop(spinner.take());
        let (format, options) = format_and_options(args, std::io::stdout().is_terminal());
        return super::watch::run(&opts, baseline.as_ref(), format, options, args.color);
    }
    if args.diff {
        let outcome = connlint::fix::run(&opts, args.unsafe_fixes, false)?;
        drop(spinner.take());
        let mut out = std::io::stdout().lock();
        for (path, old, new) in &outcome.diffs {
            out.write_all(connlint::fix::unified_diff(path, old, new).as_bytes())?;
        }
        out.flush()?;
        report_fix_problems(&outcome)?;
        if !args.quiet {
            let n = outcome.total();
            writeln!(
                std::io::stderr(),
                "{n} fix{} would be applied{}",
                if n == 1 { "" } else { "es" },
                per_rule(&outcome)
            )?;
        }
        return Ok(u8::from(!outcome.diffs.is_empty()));
    }
    let fixed = if args.fix || args.fix_only {
        Some(connlint::fix::run(&opts, args.unsafe_fixes, true)?)
    } else {
        None
    };
    if args.fix_only {
        drop(spinner.take());
        if let Some(o) = &fixed {
            report_fix_problems(o)?;
            print_fixed(o, args.show_fixes, args.quiet)?;
            return Ok(u8::from(args.exit_non_zero_on_fix && o.total() > 0));
        }
        return Ok(0);
    }
    let mut report = check(&opts)?;
    // The progress line goes before anything is printed.
    drop(spinner.take());
    // Directories (or the current one) with nothing to check: say so, and
    // fail, rather than "All checks passed! (0 files checked)". Named files
    // that are all excluded (a pre-commit run on excluded files) are fine.
    let named_file = args.paths.iter().any(|p| cwd.join(p).is_file());
    if report.checked == 0
        && report.missing == 0
        && report.unreadable == 0
        && opts.stdin.is_none()
        && !named_file
    {
        let under: Vec<String> = if args.paths.is_empty() {
            vec![".".to_owned()]
        } else {
            args.paths.iter().map(|p| p.display().to_string()).collect()
        };
        writeln!(
            std::io::stderr(),
            "connlint: error: no Python (`.py`) or Rust (`.rs`) files to check under {} (after `exclude` and `.gitignore`)",
            under.join(", ")
        )?;
        return Ok(2);
    }
    if let Some(o) = &fixed {
        report_fix_problems(o)?;
    }
    if args.add_noqa {
        let n = super::add_noqa::run(&report)?;
        if !args.quiet {
            writeln!(
                std::io::stderr(),
                "Added {n} noqa directive{}.",
                if n == 1 { "" } else { "s" }
            )?;
        }
        return Ok(0);
    }
    if let Some(path) = &args.write_baseline {
        write_baseline(path, &report, args.quiet)?;
        return Ok(0);
    }
    if let Some(b) = &baseline {
        let stats = b.apply(&mut report);
        if args.baseline_stats {
            print_baseline_stats(&stats)?;
        }
    }

    let to_terminal = args.output_file.is_none() && std::io::stdout().is_terminal();
    let (format, opts) = format_and_options(args, to_terminal);

    // Problems with paths and files go to stderr in every format.
    problems::print(&report.problems, &cwd, args.color)?;

    if let Some(path) = &args.output_file {
        let mut buf = Vec::new();
        report::write(format, &report, opts, &mut buf)?;
        connlint::fs::write_atomically(path, &buf)
            .with_context(|| format!("writing {}", path.display()))?;
    } else {
        let mut out = std::io::stdout().lock();
        report::write(format, &report, opts, &mut out)?;
        out.flush()?;
    }

    if let Some(o) = &fixed {
        print_fixed(o, args.show_fixes, args.quiet)?;
    }

    let nothing_readable = report.checked == 0 && report.unreadable > 0;
    if report.missing > 0 || report.internal_errors > 0 || nothing_readable {
        return Ok(2);
    }
    if report.count() > 0 && !args.exit_zero {
        return Ok(1);
    }
    // `--exit-non-zero-on-fix`: a commit hook must stop when it changed files.
    if args.exit_non_zero_on_fix && fixed.as_ref().is_some_and(|o| o.total() > 0) {
        return Ok(1);
    }
    Ok(0)
}

/// The report format and its options, from the arguments; `to_terminal`:
/// colours by default.
fn format_and_options(args: &CheckArgs, to_terminal: bool) -> (Format, report::Options) {
    let format = match args.output_format {
        OutputFormat::Human => Format::Human,
        OutputFormat::Concise => Format::Concise,
        OutputFormat::Json => Format::Json,
        OutputFormat::Sarif => Format::Sarif,
        OutputFormat::Github => Format::Github,
        OutputFormat::Gitlab => Format::Gitlab,
        OutputFormat::Junit => Format::Junit,
    };
    let color = match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => to_terminal && std::env::var_os("NO_COLOR").is_none(),
    };
    let opts = report::Options {
        color,
        quiet: args.quiet,
        statistics: args.statistics,
    };
    (format, opts)
}

/// ` (CL105: 2, CL203: 1)`: fixes per rule, for the summary lines.
fn per_rule(o: &connlint::fix::FixOutcome) -> String {
    if o.applied.is_empty() {
        return String::new();
    }
    let parts: Vec<String> = o.applied.iter().map(|(c, n)| format!("{c}: {n}")).collect();
    format!(" ({})", parts.join(", "))
}

/// `Fixed 3 problems (CL105: 3).` on stderr, and with `--show-fixes` the fixes per file.
fn print_fixed(o: &connlint::fix::FixOutcome, show: bool, quiet: bool) -> std::io::Result<()> {
    let mut err = std::io::stderr().lock();
    if show {
        for (path, codes) in &o.by_file {
            let parts: Vec<String> = codes.iter().map(|(c, n)| format!("{c} x{n}")).collect();
            writeln!(err, "fixed {}: {}", path.display(), parts.join(", "))?;
        }
    }
    if !quiet && o.total() > 0 {
        let n = o.total();
        writeln!(
            err,
            "Fixed {n} problem{}{}.",
            if n == 1 { "" } else { "s" },
            per_rule(o)
        )?;
    }
    Ok(())
}

/// Files a fix run could not change, on stderr.
fn report_fix_problems(o: &connlint::fix::FixOutcome) -> std::io::Result<()> {
    let mut err = std::io::stderr().lock();
    for (path, message) in &o.problems {
        writeln!(err, "warning: {}: {message}", path.display())?;
    }
    Ok(())
}

/// `--write-baseline FILE`: today's findings, written atomically.
fn write_baseline(
    path: &std::path::Path,
    report: &connlint::Report,
    quiet: bool,
) -> anyhow::Result<()> {
    let text = connlint::baseline::render(report);
    connlint::fs::write_atomically(path, text.as_bytes())
        .with_context(|| format!("writing {}", path.display()))?;
    if !quiet {
        let n = report.count();
        writeln!(
            std::io::stderr(),
            "Wrote {n} finding{} to the baseline {}.",
            if n == 1 { "" } else { "s" },
            path.display()
        )?;
    }
    Ok(())
}

/// `--baseline-stats`: counts, then each stale entry, on stderr.
fn print_baseline_stats(stats: &connlint::baseline::Stats) -> std::io::Result<()> {
    let mut err = std::io::stderr().lock();
    writeln!(
        err,
        "baseline: {} silenced, {} new, {} stale",
        stats.matched,
        stats.new,
        stats.stale.len()
    )?;
    for e in &stats.stale {
        let scope = if e.scope.is_empty() {
            String::new()
        } else {
            format!(" in `{}`", e.scope)
        };
        writeln!(err, "stale: {} {}{scope}: {}", e.path, e.code, e.message)?;
    }
    Ok(())
}

/// `connlint explain [PATHS]`: the project model connlint inferred for
/// PATHS (pools and their owners, acquirers, guarded context managers,
/// releasers), then what it could not resolve (the run's warnings). This is
/// how a user finds out why a run reports nothing.
pub fn explain(paths: &[std::path::PathBuf]) -> anyhow::Result<u8> {
    let cwd = std::env::current_dir().context("reading the working directory")?;
    let opts = RunOptions {
        paths: paths.to_vec(),
        cwd: cwd.clone(),
        cache_overlay: false,
        explain: true,
        ..RunOptions::default()
    };
    let report = check(&opts)?;
    problems::print(&report.problems, &cwd, ColorChoice::Auto)?;
    let mut out = std::io::stdout().lock();
    if report.model.is_empty() {
        writeln!(
            out,
            "No pool, acquirer, guarded context manager or releaser found in the project ({} files read).",
            report.checked
        )?;
    } else {
        writeln!(
            out,
            "The project model connlint inferred ({} files checked):",
            report.checked
        )?;
        for line in &report.model {
            writeln!(out, "  {line}")?;
        }
    }
    // How many processes serve the app: each builds its own pools (issue 24).
    if report.deployment.is_empty() {
        writeln!(
            out,
            "No deployment file says how many processes serve the app (Procfile, Dockerfile, compose file, gunicorn configuration)."
        )?;
    } else {
        writeln!(out, "Deployment (each process builds its own pools):")?;
        for line in &report.deployment {
            writeln!(out, "  {line}")?;
        }
    }
    Ok(if report.missing > 0 { 2 } else { 0 })
}
