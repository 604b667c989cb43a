//! The `connlint` binary: parse arguments, hand over to `commands`, map the
//! outcome to an exit code (0 no findings, 1 findings, 2 usage/config/internal error).

mod commands;

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;

use connlint::cli::Cli;

/// mimalloc: the analysis allocates many small, short-lived objects from two
/// threads; glibc's malloc spent an eighth of the run in `_int_malloc` and
/// `malloc_consolidate`, and its per-thread arenas held freed trees.
///
/// `--cfg connlint_system_alloc` keeps the system allocator, for
/// ThreadSanitizer: it cannot see mimalloc's own synchronisation (C, not
/// instrumented), so a block freed by one thread and reused by another looks
/// like a race (README, Development).
#[cfg(not(connlint_system_alloc))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return ExitCode::from(code);
        }
    };
    match commands::run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            // A closed pipe (`connlint check | head`) is not an error.
            if err.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            let _ = writeln!(std::io::stderr(), "connlint: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
