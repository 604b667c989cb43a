//! connlint: finds database-connection misuse in Python and Rust code.
//!
//! The pipeline, one way: settings → `discover` → `engine` (read, pass 1 of
//! each file through its language under `lang/`, the project model, pass 2:
//! the `rules`) → `suppress` → sort → `report` or `fix`.

pub mod baseline;
pub mod cache;
pub mod catalog;
pub mod cli;
pub mod deploy;
pub mod diagnostic;
pub mod discover;
pub mod engine;
pub mod fix;
pub mod fs;
#[doc(hidden)]
pub mod fuzzing;
pub mod hash;
pub mod lang;
pub mod report;
pub mod rule_meta;
pub mod rules;
pub mod settings;
pub mod source;
pub mod suppress;

pub use engine::{
    FileReport, Progress, Report, RunError, RunOptions, check, decode, display_path, project_root,
};
