//! Command-line interface (clap). The parsed flags become `RunOptions` and
//! `Settings`; nothing else of the CLI reaches the pipeline.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const EXAMPLES: &str = "\
Examples:
  connlint check                          check the current directory
  connlint check app/ scripts/etl.py      check some paths
  connlint check --select CL1 --statistics
  connlint check --output-format sarif --output-file connlint.sarif
  cat app/db.py | connlint check --stdin-filename app/db.py
  connlint rule CL101                     explain a rule
  connlint rules                          list all rules";

#[derive(Debug, Parser)]
#[command(
    name = "connlint",
    version,
    about = "Finds database-connection misuse in Python and Rust code: leaks, pool bypasses, blocking calls in async code",
    after_help = EXAMPLES,
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant)] // parsed once
pub enum Command {
    /// Check files and directories for connection misuse
    #[command(after_help = EXAMPLES)]
    Check(CheckArgs),
    /// Explain a rule (by code or name)
    Rule {
        /// A rule code (`CL101`) or name (`manual-connection`)
        rule: String,
    },
    /// List every rule with its severity and default state
    Rules {
        /// Output format
        #[arg(long, value_enum, default_value = "text")]
        output_format: RulesFormat,
    },
    /// Show the project model connlint infers for PATHS: pools and their
    /// owners, acquirers, guarded context managers, releasers, what it could
    /// not resolve, and how many processes serve the app
    Explain {
        /// Files or directories (default: .)
        paths: Vec<PathBuf>,
    },
    /// Show the settings that apply to PATH: the configuration file, the
    /// project root, the rules, the excludes and the catalog additions
    ShowSettings {
        /// A file or directory (default: .)
        path: Option<PathBuf>,
    },
    /// Run the language server (LSP over stdio) for editors
    Server,
    /// Remove the cache (`.connlint_cache/`) of the project at PATH
    Clean {
        /// A directory of the project (default: .)
        path: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum OutputFormat {
    /// rustc-style snippets with labels and help (default)
    Human,
    /// `path:line:col: CODE message`, one a line
    Concise,
    /// a JSON array of findings (schema in the README)
    Json,
    /// SARIF 2.1.0 for code-scanning dashboards
    Sarif,
    /// GitHub Actions workflow annotations
    Github,
    /// GitLab Code Quality report (JSON)
    Gitlab,
    /// JUnit XML: a test case per file, a failure per finding
    Junit,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Files or directories to check [default: .]
    pub paths: Vec<PathBuf>,

    /// Rules to enable, replacing the default set: codes, prefixes (`CL1`), names, or `ALL`
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub select: Option<Vec<String>>,
    /// Rules to enable in addition to the selected ones
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub extend_select: Vec<String>,
    /// Rules to disable
    #[arg(long, value_delimiter = ',', value_name = "RULES")]
    pub ignore: Vec<String>,
    /// Glob patterns of paths to skip, replacing the default excludes
    #[arg(long, value_delimiter = ',', value_name = "GLOBS")]
    pub exclude: Option<Vec<String>>,
    /// Glob patterns of paths to skip, in addition to the excludes
    #[arg(long, value_delimiter = ',', value_name = "GLOBS")]
    pub extend_exclude: Vec<String>,

    /// Use this configuration file instead of looking for connlint.toml/pyproject.toml
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value = "human")]
    pub output_format: OutputFormat,
    /// Write the findings to this file instead of stdout
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output_file: Option<PathBuf>,
    /// Print findings only: no summary line
    #[arg(long, short = 'q')]
    pub quiet: bool,
    /// Print a count of findings per rule
    #[arg(long)]
    pub statistics: bool,
    /// When to use colours in human output
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorChoice,

    /// Worker threads [default: one per core]
    #[arg(long, short = 'j', value_name = "N")]
    pub jobs: Option<usize>,
    /// Read the source from stdin and report it under this file name
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<PathBuf>,
    /// Skip files larger than this many bytes [default: 10485760]
    #[arg(long, value_name = "BYTES")]
    pub max_file_size: Option<u64>,
    /// Exit with 0 even when there are findings
    #[arg(long)]
    pub exit_zero: bool,

    /// Apply the safe fixes, then report what remains
    #[arg(long)]
    pub fix: bool,
    /// Also apply unsafe fixes (with --fix, --fix-only or --diff)
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print a unified diff of what --fix would change and change nothing (exit 1 if anything would)
    #[arg(long, conflicts_with_all = ["fix", "fix_only"])]
    pub diff: bool,
    /// Apply the fixes and report nothing else (exit 0)
    #[arg(long)]
    pub fix_only: bool,
    /// With --fix or --fix-only, list the fixes applied in each file
    #[arg(long)]
    pub show_fixes: bool,
    /// With --fix: exit 1 when a fix was applied, even if nothing remains
    #[arg(long)]
    pub exit_non_zero_on_fix: bool,
    /// Apply the exclude globs to files named on the command line too (for pre-commit)
    #[arg(long)]
    pub force_exclude: bool,
    /// Add a `# noqa: CODE` for every current finding (on the last line of its statement) and exit 0
    #[arg(long, conflicts_with_all = ["fix", "fix_only", "diff", "write_baseline"])]
    pub add_noqa: bool,
    /// Record the current findings in FILE (a baseline) and exit 0
    #[arg(long, value_name = "FILE", conflicts_with_all = ["baseline", "diff", "fix_only"])]
    pub write_baseline: Option<PathBuf>,
    /// Report only the findings that are not in the baseline FILE
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Do not read or write the result cache (`.connlint_cache/` at the project root)
    #[arg(long)]
    pub no_cache: bool,
    /// With --baseline: print on stderr how many findings it silenced, how many are new, and its stale entries
    #[arg(long, requires = "baseline")]
    pub baseline_stats: bool,
    /// Check again whenever a Python or Rust file or the configuration changes, printing what changed
    #[arg(
        long,
        conflicts_with_all = ["fix", "fix_only", "diff", "add_noqa", "write_baseline", "stdin_filename", "output_file"]
    )]
    pub watch: bool,
}
