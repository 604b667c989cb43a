//! Language front ends: they parse a file and turn its syntax into facts
//! (scopes, names, symbolic values, acquisitions) and a project model, and
//! hand the rules what they need. They never decide findings.
//!
//! [`Language`] is what the engine asks of each: the engine runs the same
//! pipeline over every language (read, pass 1 in prefiltered rounds, the
//! project, pass 2, suppressions), and a new language is one folder here
//! plus one line in the engine.

pub mod python;
pub mod rust;

use std::cell::RefCell;
use std::path::{Path, PathBuf};

use tree_sitter::{Node, Parser, Tree};

use crate::diagnostic::{Diagnostic, sort_diagnostics};
use crate::rule_meta::RuleOptions;
use crate::source::{Lang, SourceFile};
use crate::suppress::Suppressions;

/// One file of a run, as the engine hands it to its language.
#[derive(Debug, Clone, Copy)]
pub struct FileRef<'a> {
    /// The file's index in the language's list of files of this run (sorted by path).
    pub index: usize,
    /// Absolute path.
    pub path: &'a Path,
    /// The project root of its settings.
    pub root: &'a Path,
    /// The rule options of its settings.
    pub options: &'a RuleOptions,
    /// Findings are reported for it; otherwise it is read only for the project.
    pub target: bool,
    /// Named on the command line (not found by walking a directory).
    pub explicit: bool,
}

/// What the engine asks of a language. The stages run in this order:
///
/// 1. [`prepare`](Language::prepare) once with every file of the run;
/// 2. pass 1, in rounds: a file whose text mentions a name of
///    [`seed_names`](Language::seed_names) or, from the second round on, of
///    [`relevant_names`](Language::relevant_names) is parsed once
///    ([`pass1`](Language::pass1)) and its facts feed the
///    [`project`](Language::project), rebuilt after each round;
/// 3. [`link`](Language::link) of every parsed file against the project,
///    then [`close`](Language::close) of the project with what they gave;
/// 4. pass 2: [`check`](Language::check) of each target, then the engine
///    removes what the file's comments suppress, sorts and deduplicates.
///
/// Each per-file stage runs under the engine's one panic policy: a panic is
/// an internal error naming the file, and the other files go on.
pub trait Language: Sync {
    const LANG: Lang;
    /// Node kinds of the comments that may hold suppressions.
    const COMMENT_KINDS: &'static [&'static str];
    /// Whether pass 1 keeps every file's parse for the later stages (Rust:
    /// the scan of stage 3 needs them all) or only targets', within the
    /// engine's memory budget (Python: pass 2 parses again past it).
    const KEEP_ALL_PARSES: bool;
    /// The cache file of this language under `.connlint_cache/`; `None`:
    /// not cached.
    const CACHE_FILE: Option<&'static str> = None;

    /// What the language knows of a file before parsing it (its module name,
    /// its crate), computed when the file passes the prefilter.
    type Meta: Send + Sync;
    /// What pass 1 keeps of a file for the later stages (its tree and more).
    type Parsed: Send + Sync;
    /// What pass 1 extracts of a file for the project (plain data, cacheable).
    type Facts: Send + Sync + Clone + serde::Serialize + serde::de::DeserializeOwned;
    /// The project model the rules read.
    type Project: Default + Send + Sync + 'static;
    /// What stage 3 gives the project from one file.
    type Linked: Send;
    /// A rule's check of a file of this language (`rules::Rule` gives it).
    type Rule: ?Sized + Sync + 'static;

    /// Called once with every file of the run, before anything is read.
    fn prepare(&mut self, files: &[FileRef<'_>]);

    /// Why a file's text is not analysed at all (read as a problem of the file).
    fn refuse(&self, _text: &str) -> Option<String> {
        None
    }

    /// The names that make a file worth parsing before anything is known of
    /// the project: each inner list is a conjunction of whole words.
    fn seed_names(&self) -> Vec<Vec<String>>;

    fn meta(&self, file: &FileRef<'_>) -> Self::Meta;

    /// What the cache key of a file holds beyond its path and text.
    fn cache_key(&self, _meta: &Self::Meta) -> Vec<Vec<u8>> {
        Vec::new()
    }

    /// What the cache salt holds beyond the version, the overrides and the
    /// configuration files (configuration that changes every file's facts).
    fn cache_salt(&self) -> String {
        String::new()
    }

    /// Parses a file for pass 2 when pass 1 did not keep it.
    fn parse(&self, text: &str) -> Option<Self::Parsed>;

    /// Pass 1 of one file: its parse and its facts; `None` when it does not parse at all.
    fn pass1(
        &self,
        file: &FileRef<'_>,
        meta: &Self::Meta,
        text: &str,
    ) -> Option<(Self::Parsed, Self::Facts)>;

    /// The project from the facts of every file parsed so far.
    fn project(&self, facts: &[&Self::Facts]) -> Self::Project;

    /// The project as bytes for the cache, so a run whose facts are all as
    /// before loads it instead of building it; `None`: not cached.
    fn save_project(&self, _project: &Self::Project) -> Option<Vec<u8>> {
        None
    }

    /// The project of [`save_project`](Language::save_project) again;
    /// `None` when the bytes are not one (the project is then built).
    fn load_project(&self, _bytes: &[u8]) -> Option<Self::Project> {
        None
    }

    /// Runs `f` (a file's check) recording what of the project it reads,
    /// for [`reads_hash`](Language::reads_hash); `None`: the language cannot
    /// say, and its findings are not cached.
    fn recording<T>(&self, f: impl FnOnce() -> T) -> (T, Option<Vec<(u8, String)>>) {
        (f(), None)
    }

    /// A hash of the project's answers to `reads` (from
    /// [`recording`](Language::recording)) and of what every check reads
    /// whole: a cached finding stands while it is the same.
    fn reads_hash(&self, _project: &Self::Project, _reads: &[(u8, String)]) -> u64 {
        0
    }

    /// Names the project found that make more files worth parsing.
    fn relevant_names(&self, project: &Self::Project) -> Vec<Vec<String>>;

    /// Stage 3 for one parsed file: what it gives the project now that the
    /// project's types and signatures are known.
    fn link(
        &self,
        project: &Self::Project,
        file: &FileRef<'_>,
        meta: &Self::Meta,
        parsed: &mut Self::Parsed,
        text: &str,
    ) -> Self::Linked;

    /// Stage 3's end: the project takes what the files gave.
    fn close(&self, project: &mut Self::Project, linked: Vec<Self::Linked>);

    /// What the project could not resolve and the user should know, as
    /// `(file, message)` warnings about the targets (each with its
    /// [`note_inputs`](Language::note_inputs)), parsed or not: never a silent zero.
    fn notes(
        &self,
        _project: &Self::Project,
        _targets: &[(&FileRef<'_>, &[(u32, String)])],
    ) -> Vec<(PathBuf, String)> {
        Vec::new()
    }

    /// What a target's text gives [`notes`](Language::notes), as
    /// `(line, name)` pairs: plain data, cached with the file's key.
    fn note_inputs(&self, _file: &FileRef<'_>, _text: &str) -> Vec<(u32, String)> {
        Vec::new()
    }

    /// The project model in words (`connlint explain`): pools, acquirers,
    /// guarded context managers, releasers. Empty where the language has none.
    fn describe(&self, _project: &Self::Project) -> Vec<String> {
        Vec::new()
    }

    /// Pass 2 of one target: every selected rule and the pseudo-rules, before suppressions.
    fn check(
        &self,
        file: &FileRef<'_>,
        meta: &Self::Meta,
        parsed: &Self::Parsed,
        source: &SourceFile,
        project: &Self::Project,
        rules: &[&Self::Rule],
    ) -> Vec<Diagnostic>;

    /// The syntax tree of a parse.
    fn tree(parsed: &Self::Parsed) -> &Tree;

    /// The first and last 0-based lines of the statement around `offset`:
    /// a suppression comment on any of them covers a finding there.
    fn statement_lines(source: &SourceFile, root: Node<'_>, offset: usize) -> (usize, usize);
}

/// A Rust doc comment (`///`, `//!`, `/**`, `/*!`) documents, it does not
/// suppress: "`// noqa` must be its own word" in a doc comment is prose.
fn is_doc_comment(text: &str) -> bool {
    (text.starts_with("///") && !text.starts_with("////"))
        || text.starts_with("//!")
        || (text.starts_with("/**") && !text.starts_with("/**/") && !text.starts_with("/***"))
        || text.starts_with("/*!")
}

/// The comments of a tree of `kinds` that may hold a suppression (a file
/// that mentions neither `noqa` nor `connlint`, in any case, has none; nor
/// does a doc comment).
#[must_use]
pub fn suppression_comments<'t>(root: Node<'t>, text: &str, kinds: &[&str]) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let mentions = |word: &[u8]| {
        text.as_bytes()
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word))
    };
    if !(mentions(b"noqa") || mentions(b"connlint")) {
        return out;
    }
    let mut cursor = root.walk();
    loop {
        let n = cursor.node();
        if kinds.contains(&n.kind()) {
            if !is_doc_comment(text.get(n.byte_range()).unwrap_or("")) {
                out.push(n);
            }
        } else if cursor.goto_first_child() {
            continue;
        }
        while !cursor.goto_next_sibling() {
            if !cursor.goto_parent() {
                return out;
            }
        }
    }
}

thread_local! {
    /// One parser per language and thread, created on first use and reused.
    static PARSERS: RefCell<[Option<Parser>; 2]> = const { RefCell::new([None, None]) };
}

/// Parses `text` as `lang` with this thread's parser.
#[must_use]
pub fn parse(lang: Lang, text: &str) -> Option<Tree> {
    // Deeper than this, tree-sitter-python aborts the process (see there).
    if lang == Lang::Python && python::too_deeply_indented(text).is_some() {
        return None;
    }
    PARSERS.with(|cell| {
        let mut parsers = cell.borrow_mut();
        let (slot, language) = match lang {
            Lang::Python => (&mut parsers[0], tree_sitter_python::LANGUAGE),
            Lang::Rust => (&mut parsers[1], tree_sitter_rust::LANGUAGE),
        };
        if slot.is_none() {
            let mut p = Parser::new();
            p.set_language(&language.into()).ok()?;
            *slot = Some(p);
        }
        slot.as_mut()?.parse(text, None)
    })
}

/// The unused-suppression rule, when it runs on a file: its metadata, and
/// what a code in a comment is (see `Suppressions::unused`).
pub struct UnusedCheck<'a> {
    pub meta: &'static crate::rule_meta::RuleMeta,
    pub rule: &'a dyn Fn(&str) -> Option<bool>,
    /// Every rule on by default runs on the file: only then can a bare
    /// `connlint: ignore` be said to suppress nothing.
    pub all_rules: bool,
}

/// What every language's findings of a file go through: the file's
/// suppression comments (never for the pseudo-rules), sorting, and one
/// finding per rule and span; with `unused`, the comments that suppressed
/// nothing become findings of that rule.
#[must_use]
pub fn finish<L: Language>(
    source: &SourceFile,
    tree: &Tree,
    mut out: Vec<Diagnostic>,
    unused: Option<&UnusedCheck<'_>>,
) -> Vec<Diagnostic> {
    if !out.is_empty() || unused.is_some() {
        let root = tree.root_node();
        let comments = suppression_comments(root, &source.text, L::COMMENT_KINDS);
        if !comments.is_empty() {
            let suppressions = Suppressions::from_comments(source, &comments);
            let lines = |offset| L::statement_lines(source, root, offset);
            let idle = unused.map(|u| {
                (
                    u.meta,
                    suppressions.unused(&out, lines, u.rule, u.all_rules),
                )
            });
            out.retain(|d| d.rule.is_pseudo() || !suppressions.suppresses(d, lines));
            if let Some((meta, idle)) = idle {
                out.extend(idle.iter().map(|u| unused_diagnostic(meta, source, u)));
            }
        }
    }
    sort_diagnostics(&mut out);
    out.dedup_by(|a, b| a.range == b.range && a.rule.code == b.rule.code);
    out
}

/// A suppression comment that suppressed nothing, as a finding; its fix
/// removes the comment when nothing in it is still of use.
fn unused_diagnostic(
    meta: &'static crate::rule_meta::RuleMeta,
    source: &SourceFile,
    u: &crate::suppress::Unused,
) -> Diagnostic {
    use crate::diagnostic::{Applicability, Edit, Fix};
    use crate::suppress::Directive;
    let text = source.text.get(u.comment.range.as_range()).unwrap_or("");
    let message = match (
        &u.comment.directive,
        u.unused.is_empty(),
        u.unknown.is_empty(),
    ) {
        (Directive::All, _, _) => "`connlint: ignore` suppresses nothing here".to_owned(),
        (_, false, true) => format!(
            "`{}` suppresses nothing: no {} finding on this statement",
            text.trim(),
            u.unused.join(", ")
        ),
        (_, true, false) => format!("`{}` names no connlint rule", u.unknown.join("`, `")),
        (_, false, false) => format!(
            "`{}` suppresses nothing and names no connlint rule (`{}`)",
            text.trim(),
            u.unknown.join("`, `")
        ),
        (_, true, true) => "this suppression suppresses nothing".to_owned(),
    };
    // The whole comment goes when none of its codes is of use (a code of
    // another linter keeps it): with the spaces before it, or its line when
    // it stands alone.
    let keeps_some = match &u.comment.directive {
        Directive::All => false,
        Directive::Codes(codes) => codes
            .iter()
            .any(|c| !u.unused.contains(c) && !u.unknown.contains(c)),
    };
    let mut d = Diagnostic::new(meta, u.comment.range, message)
        .help("remove it, or the codes of it that suppress nothing");
    if !keeps_some {
        let bytes = source.text.as_bytes();
        let start = u.comment.range.start as usize;
        let end = u.comment.range.end as usize;
        let mut from = start;
        while from > 0 && matches!(bytes[from - 1], b' ' | b'\t') {
            from -= 1;
        }
        let mut to = end;
        if from == 0 || bytes[from - 1] == b'\n' {
            // Alone on its line: the line goes.
            if bytes.get(to) == Some(&b'\r') {
                to += 1;
            }
            if bytes.get(to) == Some(&b'\n') {
                to += 1;
            }
        }
        d.fix = Some(Fix {
            title: "remove the unused suppression".to_owned(),
            applicability: Applicability::Safe,
            edits: vec![Edit {
                range: crate::source::TextRange {
                    start: from as u32,
                    end: to as u32,
                },
                content: String::new(),
            }],
        });
    }
    d
}
