//! The subcommands of the binary. The library decides findings; these
//! modules only turn arguments into options and outcomes into output.

mod add_noqa;
mod check;
mod problems;
mod progress;
mod rules;
mod server;
mod show_settings;
mod watch;

use std::io::Write;

use anyhow::Context;

use connlint::cli::{Cli, Command};

/// Runs one command; the exit code it asks for.
pub fn run(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Check(args) => check::run(&args),
        Command::Explain { paths } => check::explain(&paths),
        Command::ShowSettings { path } => show_settings::run(path.as_deref()),
        Command::Clean { path } => {
            let cwd = std::env::current_dir().context("reading the working directory")?;
            let start = path.map_or_else(|| cwd.clone(), |p| cwd.join(p));
            let root = connlint::project_root(&start, &cwd);
            let dir = root.join(connlint::cache::DIR);
            let removed = connlint::cache::clean(&root)
                .with_context(|| format!("removing {}", dir.display()))?;
            let mut err = std::io::stderr().lock();
            if removed {
                writeln!(err, "Removed {}.", dir.display())?;
            } else {
                writeln!(err, "No cache at {}.", dir.display())?;
            }
            Ok(0)
        }
        Command::Rule { rule } => rules::explain(&rule),
        Command::Rules { output_format } => rules::list(output_format),
        Command::Server => server::run(),
    }
}
