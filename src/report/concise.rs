//! `path:line:col: CODE message`, one finding a line.

use std::io::{self, Write};

use crate::engine::Report;
use crate::report::{Options, path_str, span};

pub fn write(report: &Report, opts: Options, out: &mut dyn Write) -> io::Result<()> {
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
    if opts.statistics {
        super::human::write_statistics(report, out)?;
    }
    Ok(())
}
