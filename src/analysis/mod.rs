//! Language-neutral analysis: symbolic values, their evaluation against the
//! catalog, and the project summaries.

pub mod leaks;
pub mod rust_project;
pub mod summaries;
pub mod sym;
pub mod values;
