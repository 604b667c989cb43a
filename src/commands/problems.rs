//! Problems with paths and files (unreadable, not UTF-8, internal errors),
//! on stderr in every output format, coloured through codespan's termcolor.

use std::io::Write;
use std::path::{Path, PathBuf};

use codespan_reporting::term::termcolor::{
    Color, ColorChoice as TermColor, ColorSpec, StandardStream, WriteColor,
};

use connlint::cli::ColorChoice;
use connlint::discover::Problem;
use connlint::display_path;

/// Prints each problem as `error: PATH: message` (or `warning:`).
pub fn print(problems: &[Problem], cwd: &Path, color: ColorChoice) -> std::io::Result<()> {
    let choice = match color {
        ColorChoice::Always => TermColor::Always,
        ColorChoice::Never => TermColor::Never,
        ColorChoice::Auto => {
            if std::io::IsTerminal::is_terminal(&std::io::stderr())
                && std::env::var_os("NO_COLOR").is_none()
            {
                TermColor::Auto
            } else {
                TermColor::Never
            }
        }
    };
    let stream = StandardStream::stderr(choice);
    let mut err = stream.lock();
    for p in problems {
        let (tag, paint) = if p.error {
            ("error", Color::Red)
        } else {
            ("warning", Color::Yellow)
        };
        let path: PathBuf = display_path(cwd, &p.path);
        err.set_color(ColorSpec::new().set_fg(Some(paint)).set_bold(true))?;
        write!(err, "{tag}")?;
        err.reset()?;
        writeln!(err, ": {}: {}", path.display(), p.message)?;
    }
    Ok(())
}
