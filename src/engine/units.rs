//! A run's files as units: read once in parallel, or, when the cache has a
//! stamp showing a file unchanged since the last run, not read at all until
//! a stage needs its text (a prefilter the last run did not apply, a parse,
//! a finding to show).

use rayon::prelude::*;

use crate::cache::{Cache, Stamp};
use crate::discover::{Candidate, Problem};
use crate::lang::{FileRef, Language};
use crate::source::SourceFile;

use super::driver::Run;
use super::options::Progress;
use super::paths::display_path;
use super::read::{read_source, read_source_of};

/// A file of the project, read, with what the stages made of it.
pub(super) struct Unit<L: Language> {
    /// Its text, once read. A file the cache vouches for (`stamp`) is read
    /// only when a stage needs its text ([`Unit::load`]).
    pub source: Option<SourceFile>,
    /// The last run's stamp, when the file has not changed since.
    pub stamp: Option<Stamp>,
    /// Its size and times on disk when read (`None`: not from the disk).
    pub times: Option<(u64, i128, i128)>,
    /// `hash::content` of its text.
    pub content: u64,
    /// The round of pass 1 that took it (0: none).
    pub round: u32,
    /// Why it could not be read.
    pub problem: Option<Problem>,
    pub meta: Option<L::Meta>,
    /// Pass 1's parse, while kept.
    pub parse: Option<L::Parsed>,
    /// The prefilter let it through: pass 1 ran (or its facts came from the cache).
    pub tried: bool,
    /// Pass 1 gave facts.
    pub analysable: bool,
    /// A stage panicked on it: no later stage sees it.
    pub failed: bool,
    /// The cache key of the file (path, language key, content) and the hash of its facts.
    pub facts_key: u64,
    pub facts_hash: u64,
}

impl<L: Language> Unit<L> {
    /// A unit; `hash`: compute `content` (a run with a cache).
    fn new(
        source: Option<SourceFile>,
        problem: Option<Problem>,
        stamp: Option<Stamp>,
        times: Option<(u64, i128, i128)>,
        hash: bool,
    ) -> Unit<L> {
        let content = match (&source, &stamp) {
            (Some(s), _) if hash => crate::hash::content(s.text.as_bytes()),
            (None, Some(s)) => s.content,
            _ => 0,
        };
        Unit {
            source,
            stamp,
            times,
            content,
            round: 0,
            problem,
            meta: None,
            parse: None,
            tried: false,
            analysable: false,
            failed: false,
            facts_key: 0,
            facts_hash: 0,
        }
    }

    /// Whether the file could be read (or is known from the cache).
    pub fn readable(&self) -> bool {
        self.source.is_some() || self.stamp.is_some()
    }

    /// Its text, read now if only its stamp was known. A file that cannot
    /// be read any more (removed since the run began) is a problem of the
    /// file, and fails.
    pub fn load(
        &mut self,
        lang: &L,
        c: &Candidate,
        target: bool,
        run: &Run<'_>,
    ) -> Option<&SourceFile> {
        if self.source.is_none() && self.stamp.is_some() && !self.failed {
            match read_text(lang, c, run, None) {
                Ok(s) if crate::hash::content(s.text.as_bytes()) == self.content => {
                    self.source = Some(s);
                }
                Ok(_) => {
                    self.problem = Some(Problem {
                        path: c.path.clone(),
                        message: "file changed while connlint was checking it; skipped".to_owned(),
                        error: target,
                    });
                    self.failed = true;
                }
                Err(message) => {
                    self.problem = Some(Problem {
                        path: c.path.clone(),
                        message,
                        error: target,
                    });
                    self.failed = true;
                }
            }
        }
        self.source.as_ref()
    }
}

/// A file's cache key: its path, what its language adds (the module name,
/// the package flag), and the hash of its content.
pub(super) fn file_key<L: Language>(
    lang: &L,
    f: &FileRef<'_>,
    meta: &L::Meta,
    content: u64,
) -> u64 {
    let extra = lang.cache_key(meta);
    let content = content.to_le_bytes();
    let mut parts: Vec<&[u8]> = vec![f.path.as_os_str().as_encoded_bytes()];
    parts.extend(extra.iter().map(Vec::as_slice));
    parts.push(&content);
    crate::hash::key(&parts)
}

/// Reads a file's text: stdin's, the overlay's, or the disk's.
/// `meta`: the file's metadata, when the caller has it.
fn read_text<L: Language>(
    lang: &L,
    c: &Candidate,
    run: &Run<'_>,
    meta: Option<&std::fs::Metadata>,
) -> Result<SourceFile, String> {
    let max = run.settings[c.settings].max_file_size;
    let text = match run.stdin {
        Some((p, t)) if *p == c.path => Ok(t.to_owned()),
        _ => match (run.overlay.get(&c.path), meta) {
            (Some(t), _) => Ok(t.clone()),
            (None, Some(m)) => read_source_of(&c.path, m, max),
            (None, None) => read_source(&c.path, max),
        },
    };
    let text = text.and_then(|t| match lang.refuse(&t) {
        Some(why) => Err(why),
        None => Ok(t),
    })?;
    Ok(SourceFile::new(
        display_path(run.cwd, &c.path),
        text,
        c.lang,
    ))
}

/// Reads every file once, in parallel; with a cache, a file whose size and
/// times are as its stamp says is not read.
pub(super) fn read<L: Language>(
    lang: &L,
    files: &[(Candidate, bool)],
    run: &Run<'_>,
    cache: Option<&Cache<L::Facts>>,
) -> Vec<Unit<L>> {
    Progress::add(run.progress.map(|p| &p.files), files.len());
    files
        .par_iter()
        .map(|(c, target)| {
            Progress::add(run.progress.map(|p| &p.read), 1);
            let from_disk =
                run.stdin.is_none_or(|(p, _)| *p != c.path) && !run.overlay.contains_key(&c.path);
            let meta = from_disk.then(|| std::fs::metadata(&c.path).ok()).flatten();
            let times = meta.as_ref().map(Stamp::times);
            if let (Some(cache), Some(t)) = (cache, times) {
                if let Some(stamp) = cache.stamp(&c.path, t) {
                    return Unit::new(None, None, Some(stamp.clone()), times, true);
                }
            }
            match read_text(lang, c, run, meta.as_ref()) {
                Ok(source) => Unit::new(Some(source), None, None, times, cache.is_some()),
                Err(message) => Unit::new(
                    None,
                    Some(Problem {
                        path: c.path.clone(),
                        message,
                        error: *target,
                    }),
                    None,
                    None,
                    false,
                ),
            }
        })
        .collect()
}

/// Each unit's notes inputs (`Language::note_inputs`) with the key they
/// were computed under (0 without a cache): from its stamp when the file
/// and its key are as they were, else from its text. Only targets have any.
pub(super) fn note_inputs<L: Language>(
    lang: &L,
    units: &mut [Unit<L>],
    refs: &[FileRef<'_>],
    files: &[(Candidate, bool)],
    run: &Run<'_>,
    cache: Option<&Cache<L::Facts>>,
) -> Vec<(u64, Vec<(u32, String)>)> {
    units
        .par_iter_mut()
        .zip(refs.par_iter())
        .zip(files.par_iter())
        .map(|((u, f), (c, target))| {
            if !f.target || u.failed || !u.readable() {
                return (0, Vec::new());
            }
            let key = cache.map_or(0, |_| file_key(lang, f, &lang.meta(f), u.content));
            if u.source.is_none() {
                if let Some(s) = u.stamp.as_ref().filter(|s| s.notes_key == key) {
                    return (key, s.notes.clone());
                }
            }
            match u.load(lang, c, *target, run) {
                Some(source) => (key, lang.note_inputs(f, &source.text)),
                None => (0, Vec::new()),
            }
        })
        .collect()
}

/// Stamps every file read from the disk whose last change is settled, for
/// the next run (see `cache::Stamp`).
pub(super) fn stamp<L: Language>(
    units: &[Unit<L>],
    files: &[(Candidate, bool)],
    notes: &[(u64, Vec<(u32, String)>)],
    cache: &Cache<L::Facts>,
) {
    for ((u, (c, _)), (notes_key, notes)) in units.iter().zip(files).zip(notes) {
        let Some((len, mtime, ctime)) = u.times else {
            continue;
        };
        if u.failed || !u.readable() || !cache.settled(mtime) {
            continue;
        }
        cache.put_stamp(
            &c.path,
            Stamp {
                len,
                mtime,
                ctime,
                content: u.content,
                round: u.round,
                notes_key: *notes_key,
                notes: notes.clone(),
            },
        );
    }
}
