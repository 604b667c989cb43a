//! Baselines, for adopting connlint on a legacy codebase: `--write-baseline`
//! records today's findings; `--baseline` reports only the findings not in
//! it.
//!
//! A finding is matched on its rule, its path (relative to the project root),
//! and its fingerprint (`report::fingerprints`). The fingerprint hashes the
//! rule, the path, the enclosing function and the flagged code with its
//! whitespace removed, plus an occurrence index among identical keys in the
//! file. Line numbers are not part of it. So a baseline survives lines
//! inserted above a finding, edits in other functions and reformatting; it
//! does not survive a rename of the function or an edit of the flagged call.
//!
//! The file is JSON, one finding per entry, sorted by path, rule and
//! fingerprint: diffs of it read like the change they record. Each entry
//! keeps the function and the message for the reader; they are not matched
//! on. There are no line numbers in it (a message's `(line 12)` is kept as
//! `(line N)`, and the code it quotes without whitespace or call arguments),
//! so rewriting it after unrelated edits or a reformat changes nothing.

use std::collections::BTreeSet;
use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::engine::Report;
use crate::report::{fingerprints, path_str};

/// The version of the file format.
const FORMAT: u32 = 1;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    pub path: String,
    pub code: String,
    pub fingerprint: String,
    /// The enclosing function, for the reader.
    #[serde(default)]
    pub scope: String,
    #[serde(default)]
    pub message: String,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(rename = "connlint-baseline")]
    format: u32,
    findings: Vec<Entry>,
}

/// A loaded baseline.
#[derive(Debug, Default)]
pub struct Baseline {
    entries: Vec<Entry>,
}

/// What applying a baseline did.
#[derive(Debug, Default)]
pub struct Stats {
    /// Findings the baseline silenced.
    pub matched: usize,
    /// Findings reported (not in the baseline).
    pub new: usize,
    /// Entries no finding matched: fixed since, or changed beyond recognition.
    pub stale: Vec<Entry>,
}

#[derive(Debug, thiserror::Error)]
pub enum BaselineError {
    #[error("{path}: cannot read the baseline: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: not a connlint baseline: {message}")]
    Parse { path: String, message: String },
}

/// Today's findings as baseline entries, sorted.
#[must_use]
pub fn entries(report: &Report) -> Vec<Entry> {
    let mut out = Vec::new();
    for f in &report.files {
        let fps = fingerprints(f);
        let path = path_str(&f.project_path);
        for (d, fp) in f.diagnostics.iter().zip(fps) {
            out.push(Entry {
                path: path.clone(),
                code: d.rule.code.to_owned(),
                fingerprint: fp,
                scope: d.scope.clone().unwrap_or_default(),
                message: stable_message(&d.message),
            });
        }
    }
    out.sort();
    out
}

/// A message as the baseline keeps it, for the reader: nothing in it moves
/// when unrelated lines do. Line numbers become `N` (`(line 12)` → `(line
/// N)`), and code quoted in backticks loses its whitespace and its call
/// arguments (`conn.cursor(...)`: a call's text is abbreviated when a
/// reformat wraps it), so reformatting the file rewrites nothing.
#[must_use]
pub fn stable_message(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut in_code = false;
    // Inside quoted code, the depth of parentheses: arguments are shown as
    // `(...)` (a call's text is abbreviated when it spans lines).
    let mut depth = 0u32;
    let mut rest = message;
    while let Some(c) = rest.chars().next() {
        if in_code && c != '`' {
            match c {
                '(' => {
                    if depth == 0 {
                        out.push_str("(...");
                    }
                    depth += 1;
                }
                ')' if depth > 0 => {
                    depth -= 1;
                    if depth == 0 {
                        out.push(')');
                    }
                }
                _ if depth > 0 || c.is_whitespace() => {}
                _ => out.push(c),
            }
            rest = &rest[c.len_utf8()..];
            continue;
        }
        if c == '`' {
            in_code = !in_code;
            depth = 0;
        } else if !in_code && rest.starts_with("line ") {
            let digits = rest["line ".len()..]
                .bytes()
                .take_while(u8::is_ascii_digit)
                .count();
            if digits > 0 {
                out.push_str("line N");
                rest = &rest["line ".len() + digits..];
                continue;
            }
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The baseline file for `report`: pretty JSON with a final newline.
#[must_use]
pub fn render(report: &Report) -> String {
    let file = File {
        format: FORMAT,
        findings: entries(report),
    };
    let mut s = serde_json::to_string_pretty(&file).unwrap_or_default();
    s.push('\n');
    s
}

impl Baseline {
    /// Reads a baseline file.
    ///
    /// # Errors
    /// The file cannot be read, is not JSON, or not of this format.
    pub fn load(path: &Path) -> Result<Baseline, BaselineError> {
        let shown = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| BaselineError::Read {
            path: shown.clone(),
            source,
        })?;
        let file: File = serde_json::from_str(&text).map_err(|e| BaselineError::Parse {
            path: shown.clone(),
            message: e.to_string(),
        })?;
        if file.format != FORMAT {
            return Err(BaselineError::Parse {
                path: shown,
                message: format!(
                    "format {} (this connlint reads format {FORMAT})",
                    file.format
                ),
            });
        }
        Ok(Baseline {
            entries: file.findings,
        })
    }

    /// Takes the findings in the baseline out of `report`; the findings left
    /// keep the fingerprints they had before.
    pub fn apply(&self, report: &mut Report) -> Stats {
        let keys: BTreeSet<(&str, &str, &str)> = self
            .entries
            .iter()
            .map(|e| (e.path.as_str(), e.code.as_str(), e.fingerprint.as_str()))
            .collect();
        let mut used: BTreeSet<(String, String, String)> = BTreeSet::new();
        let mut stats = Stats::default();
        for f in &mut report.files {
            let fps = fingerprints(f);
            let path = path_str(&f.project_path);
            let mut kept = Vec::new();
            let mut kept_fps = Vec::new();
            for (d, fp) in std::mem::take(&mut f.diagnostics).into_iter().zip(fps) {
                if keys.contains(&(path.as_str(), d.rule.code, fp.as_str())) {
                    stats.matched += 1;
                    used.insert((path.clone(), d.rule.code.to_owned(), fp));
                } else {
                    stats.new += 1;
                    kept.push(d);
                    kept_fps.push(fp);
                }
            }
            f.diagnostics = kept;
            f.fingerprints = Some(kept_fps);
        }
        report.files.retain(|f| !f.diagnostics.is_empty());
        stats.stale = self
            .entries
            .iter()
            .filter(|e| !used.contains(&(e.path.clone(), e.code.clone(), e.fingerprint.clone())))
            .cloned()
            .collect();
        stats
    }
}

#[cfg(test)]
mod tests {
    use super::stable_message;

    #[test]
    fn stable_messages_drop_line_numbers_and_code_whitespace() {
        assert_eq!(
            stable_message("`conn` is not returned if `conn.cursor( x = f(1) )` raises (line 12)"),
            "`conn` is not returned if `conn.cursor(...)` raises (line N)"
        );
        assert_eq!(stable_message("`a.b()` and `c`"), "`a.b(...)` and `c`");
        assert_eq!(
            stable_message("`db` is still open at the `return` on line 7"),
            "`db` is still open at the `return` on line N"
        );
        // Not a number: kept.
        assert_eq!(stable_message("deadline passed"), "deadline passed");
        assert_eq!(stable_message("a line of text"), "a line of text");
    }
}
