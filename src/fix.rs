//! Applying fixes: choosing non-overlapping edits, checking that the result
//! still parses, writing it atomically, and iterating to a fixpoint; and the
//! unified diff of what `--fix` would change.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Applicability, Diagnostic, Edit};
use crate::engine::{RunError, RunOptions, check};
use crate::source::{Lang, SourceFile};

/// Passes of fix-then-relint before giving up on a fixpoint.
pub const MAX_PASSES: usize = 10;

/// What a fix run did.
#[derive(Debug, Default)]
pub struct FixOutcome {
    /// Fixes applied, by rule code.
    pub applied: BTreeMap<&'static str, usize>,
    /// Fixes applied, by file (display path) and rule code.
    pub by_file: BTreeMap<PathBuf, BTreeMap<&'static str, usize>>,
    /// Files that could not be fixed, and why.
    pub problems: Vec<(PathBuf, String)>,
    /// For `--diff`: (display path, old text, new text).
    pub diffs: Vec<(PathBuf, String, String)>,
}

impl FixOutcome {
    #[must_use]
    pub fn total(&self) -> usize {
        self.applied.values().sum()
    }
}

/// Applies sorted, non-overlapping edits; `None` if they overlap or fall outside the text.
#[must_use]
pub fn apply_edits(text: &str, edits: &[Edit]) -> Option<String> {
    let mut sorted: Vec<&Edit> = edits.iter().collect();
    sorted.sort_by_key(|e| (e.range.start, e.range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0usize;
    for e in sorted {
        let (start, end) = (e.range.start as usize, e.range.end as usize);
        if start < at || end < start || end > text.len() {
            return None;
        }
        out.push_str(text.get(at..start)?);
        out.push_str(&e.content);
        at = end;
    }
    out.push_str(text.get(at..)?);
    Some(out)
}

/// The fixed text of a file: the applicable fixes whose edits do not overlap an
/// earlier one (by position), with new lines in the file's own style. `None`
/// when nothing applies.
#[must_use]
pub fn fixed_text(
    source: &SourceFile,
    diagnostics: &[Diagnostic],
    unsafe_ok: bool,
) -> Option<(String, Vec<&'static str>)> {
    let crlf = source.text.contains("\r\n");
    let mut edits: Vec<Edit> = Vec::new();
    let mut codes = Vec::new();
    let mut taken: Vec<(u32, u32)> = Vec::new();
    for d in diagnostics {
        let Some(fix) = &d.fix else { continue };
        let ok = match fix.applicability {
            Applicability::Safe => true,
            Applicability::Unsafe => unsafe_ok,
            Applicability::DisplayOnly => false,
        };
        if !ok {
            continue;
        }
        // Two fixes may need the same edit (one import for two rewrites): it is made once.
        let normalise = |c: &str| {
            if crlf {
                c.replace("\r\n", "\n").replace('\n', "\r\n")
            } else {
                c.to_owned()
            }
        };
        let dup: Vec<bool> = fix
            .edits
            .iter()
            .map(|e| {
                let c = normalise(&e.content);
                edits.iter().any(|x| x.range == e.range && x.content == c)
            })
            .collect();
        let overlaps = fix
            .edits
            .iter()
            .zip(&dup)
            .filter(|(_, d)| !**d)
            .any(|(e, _)| {
                taken.iter().any(|&(s, t)| {
                    e.range.start < t && s < e.range.end || e.range.start == s && s == t
                })
            });
        if overlaps {
            continue;
        }
        for (e, d) in fix.edits.iter().zip(&dup) {
            if *d {
                continue;
            }
            taken.push((e.range.start, e.range.end));
            edits.push(Edit {
                range: e.range,
                content: normalise(&e.content),
            });
        }
        codes.push(d.rule.code);
    }
    if codes.is_empty() {
        return None;
    }
    let text = apply_edits(&source.text, &edits)?;
    (text != source.text).then_some((text, codes))
}

/// Whether `text` parses cleanly as `lang`.
#[must_use]
pub fn parses(lang: Lang, text: &str) -> bool {
    crate::lang::parse(lang, text).is_some_and(|t| !t.root_node().has_error())
}

/// Runs the checks and applies fixes until nothing changes (at most
/// [`MAX_PASSES`] passes). With `write == false` nothing is written: the same
/// passes run on the fixed texts in memory, for `--diff`.
pub fn run(opts: &RunOptions, unsafe_ok: bool, write: bool) -> Result<FixOutcome, RunError> {
    let mut outcome = FixOutcome::default();
    let mut refused: std::collections::HashSet<PathBuf> = std::collections::HashSet::new();
    // Every pass reads the fixed texts so far (an overlay), never the disk: a
    // file is written once, at the end, with all its fixes, so a run killed
    // at any point leaves each file either as it was or fully fixed.
    let mut opts = opts.clone();
    if write {
        remove_stale_temporaries(&opts);
    }
    // Per changed file: its display path, original text, BOM, and the codes fixed.
    let mut changed_files: BTreeMap<PathBuf, ChangedFile> = BTreeMap::new();
    for _ in 0..MAX_PASSES {
        let report = check(&opts)?;
        let mut changed = false;
        for f in &report.files {
            let display = f.source.path.clone();
            if refused.contains(&display)
                || f.diagnostics
                    .iter()
                    .any(|d| d.rule.code == crate::rules::SYNTAX_ERROR.code)
            {
                continue;
            }
            let Some((text, codes)) = fixed_text(&f.source, &f.diagnostics, unsafe_ok) else {
                continue;
            };
            if !parses(f.source.lang, &text) {
                outcome.problems.push((
                    display.clone(),
                    "a fix would leave code that does not parse; not applied (please report it)"
                        .to_owned(),
                ));
                refused.insert(display);
                continue;
            }
            let path = if display.is_absolute() {
                display.clone()
            } else {
                opts.cwd.join(&display)
            };
            if write && std::fs::metadata(&path).is_ok_and(|m| m.permissions().readonly()) {
                outcome
                    .problems
                    .push((display.clone(), "read-only file; not fixed".to_owned()));
                refused.insert(display);
                continue;
            }
            let entry = changed_files
                .entry(path.clone())
                .or_insert_with(|| ChangedFile {
                    display: display.clone(),
                    original: f.source.text.clone(),
                    bom: f.source.bom,
                    codes: Vec::new(),
                });
            entry.codes.extend(codes);
            opts.overlay.insert(path, text);
            changed = true;
        }
        if !changed {
            break;
        }
    }
    for (path, file) in changed_files {
        let Some(new) = opts.overlay.get(&path) else {
            continue;
        };
        // Imports the fixes left unused (`from app.db import get_conn` once
        // every `get_conn()` of the file is rewritten) go, after the last pass.
        let python = path.extension().is_some_and(|e| e == "py" || e == "pyi");
        let cleaned = python
            .then(|| crate::lang::python::rewrite::drop_unused_imports(&file.original, new))
            .flatten()
            .filter(|t| parses(Lang::Python, t));
        let new = cleaned.as_ref().unwrap_or(new);
        if write {
            let mut bytes = Vec::with_capacity(new.len() + 3);
            if file.bom {
                bytes.extend_from_slice("\u{feff}".as_bytes());
            }
            bytes.extend_from_slice(new.as_bytes());
            if let Err(e) = crate::fs::write_atomically(&path, &bytes) {
                outcome.problems.push((
                    file.display.clone(),
                    format!(
                        "cannot write the fixed file: {}",
                        crate::discover::describe_io(&e)
                    ),
                ));
                continue;
            }
        }
        for c in &file.codes {
            *outcome.applied.entry(c).or_default() += 1;
            *outcome
                .by_file
                .entry(file.display.clone())
                .or_default()
                .entry(c)
                .or_default() += 1;
        }
        if !write {
            outcome
                .diffs
                .push((file.display, file.original, new.clone()));
        }
    }
    outcome.problems.sort();
    outcome.problems.dedup();
    Ok(outcome)
}

/// Removes the temporary files of earlier `--fix` runs that were killed
/// between writing one and renaming it (`.app.py.connlint-PID-N.tmp`): those
/// whose process is gone (Linux: no `/proc/PID`) or, where that cannot be
/// told, that are more than an hour old.
fn remove_stale_temporaries(opts: &RunOptions) {
    let roots: Vec<PathBuf> = if opts.paths.is_empty() {
        vec![opts.cwd.clone()]
    } else {
        opts.paths
            .iter()
            .map(|p| {
                if p.is_absolute() {
                    p.clone()
                } else {
                    opts.cwd.join(p)
                }
            })
            .collect()
    };
    let proc_fs = Path::new("/proc/self").exists();
    for root in roots {
        let walk = ignore::WalkBuilder::new(&root)
            .hidden(false)
            .git_ignore(false)
            .git_exclude(false)
            .ignore(false)
            .parents(false)
            .follow_links(false)
            .build();
        for entry in walk.flatten() {
            let Some(name) = entry.file_name().to_str() else {
                continue;
            };
            let Some(pid) = temporary_pid(name) else {
                continue;
            };
            if pid == std::process::id() {
                continue;
            }
            let stale = if proc_fs {
                !Path::new(&format!("/proc/{pid}")).exists()
            } else {
                entry
                    .metadata()
                    .ok()
                    .and_then(|m| m.modified().ok())
                    .and_then(|t| t.elapsed().ok())
                    .is_some_and(|age| age.as_secs() > 3600)
            };
            if stale && entry.file_type().is_some_and(|t| t.is_file()) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// The process id in a temporary file name of `write_atomically`:
/// `.NAME.connlint-PID-N.tmp`.
fn temporary_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (_, tail) = rest.rsplit_once(".connlint-")?;
    let (pid, attempt) = tail.split_once('-')?;
    attempt.parse::<u32>().ok()?;
    pid.parse().ok()
}

/// A file the fixes change, while the passes run.
struct ChangedFile {
    display: PathBuf,
    original: String,
    bom: bool,
    codes: Vec<&'static str>,
}

/// A unified diff of one file, as `--diff` prints it (`patch -p0` applies it).
#[must_use]
pub fn unified_diff(path: &Path, old: &str, new: &str) -> String {
    let name = path.display().to_string();
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&name, &name)
        .to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn temporary_names_are_recognised_and_nothing_else() {
        assert_eq!(
            super::temporary_pid(".app.py.connlint-4242-0.tmp"),
            Some(4242)
        );
        assert_eq!(
            super::temporary_pid(".a.connlint-b.py.connlint-7-12.tmp"),
            Some(7)
        );
        assert_eq!(super::temporary_pid("app.py"), None);
        assert_eq!(super::temporary_pid(".app.py.connlint-x-0.tmp"), None);
        assert_eq!(super::temporary_pid("app.py.connlint-1-0.tmp"), None);
        assert_eq!(super::temporary_pid(".app.py.connlint-1-0.tmp.bak"), None);
    }

    use super::*;
    use crate::source::TextRange;

    #[test]
    fn applies_sorted_edits_and_refuses_overlaps() {
        let e = |s, t, c: &str| Edit {
            range: TextRange::new(s, t),
            content: c.to_owned(),
        };
        assert_eq!(
            apply_edits("abcdef", &[e(4, 5, "E"), e(0, 1, "A")]).as_deref(),
            Some("AbcdEf")
        );
        assert_eq!(apply_edits("abc", &[e(0, 2, "x"), e(1, 3, "y")]), None);
        assert_eq!(apply_edits("abc", &[e(2, 9, "x")]), None);
        assert_eq!(apply_edits("abc", &[e(3, 3, "!")]).as_deref(), Some("abc!"));
    }
}
