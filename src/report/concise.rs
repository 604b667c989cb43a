//! `path:line:col: CODE message`, one finding a line.

use std::io::{self, Write};

use crate::engine::Report;
use crate::report::{Options, path_str, span};

pub fn write(report: &Report, opts: Options, out: &mut dyn Write) -> io::Result<()> {
    // `--statistics`: the table only, not every finding (as ruff).
    if opts.statistics {
        return super::human::write_statistics(report, out);
    }
    for (f, d) in report.diagnostics() {
        let (start, _) = span(&f.source, d);
        writeln!(
            out,
            "{}:{}:{}: {} {}",
            path_str(&f.source.path),
            start.line,
            start.column,
            d.rule.code,
            d.message
        )?;
    }
    Ok(())
}
