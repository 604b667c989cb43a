//! The pipeline, written once for every caller (the CLI, `--fix`, the
//! tests, the fuzz targets): read, prefilter, pass 1, project, pass 2,
//! suppress, sort. It decides no finding itself: the languages under
//! `lang/` turn files into facts and the rules under `rules/` into findings.

mod driver;
mod memo;
mod options;
mod paths;
mod prefilter;
mod read;
mod report;
mod trace;
mod units;

pub use driver::check;
pub use options::{Progress, RunError, RunOptions};
pub use paths::{display_path, project_root};
pub use read::decode;
pub use report::{FileReport, Report};
