//! The prefilter of pass 1: a file is parsed only if it mentions names that
//! can matter (Aho-Corasick over whole words), so most files of a large
//! project are read and never parsed.

use std::sync::Arc;

/// Which files are worth parsing: those that mention, as whole words, every
/// name of at least one of the given conjunctions.
pub(crate) struct Prefilter {
    matcher: aho_corasick::AhoCorasick,
    /// Patterns that end a path segment (`sqlx::`): no word boundary needed after them.
    open_ended: Vec<bool>,
    /// For each pattern, the conjunctions it takes part in.
    users: Vec<Vec<usize>>,
    conjunctions: Vec<Vec<usize>>,
}

impl Prefilter {
    /// The prefilter for these conjunctions: the last few built are kept, as
    /// building the automaton costs more than checking a small file (a
    /// `--fix` run checks several times with the same names; so do the fuzz
    /// targets, thousands of times).
    pub(crate) fn cached(conjunctions: &[Vec<String>]) -> Option<Arc<Prefilter>> {
        type Built = Vec<(Vec<Vec<String>>, Arc<Prefilter>)>;
        static BUILT: std::sync::Mutex<Built> = std::sync::Mutex::new(Vec::new());
        let mut built = BUILT
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(i) = built.iter().position(|(c, _)| c == conjunctions) {
            let entry = built.remove(i);
            let prefilter = Arc::clone(&entry.1);
            built.push(entry);
            return Some(prefilter);
        }
        let prefilter = Arc::new(Prefilter::new(conjunctions)?);
        if built.len() == 4 {
            built.remove(0);
        }
        built.push((conjunctions.to_vec(), Arc::clone(&prefilter)));
        Some(prefilter)
    }

    fn new(conjunctions: &[Vec<String>]) -> Option<Prefilter> {
        let mut patterns: Vec<String> = conjunctions.iter().flatten().cloned().collect();
        patterns.sort();
        patterns.dedup();
        let index = |p: &String| patterns.binary_search(p).unwrap_or(0);
        let conj: Vec<Vec<usize>> = conjunctions
            .iter()
            .map(|c| c.iter().map(index).collect())
            .collect();
        let mut users = vec![Vec::new(); patterns.len()];
        for (ci, c) in conj.iter().enumerate() {
            for &p in c {
                users[p].push(ci);
            }
        }
        let matcher = aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&patterns)
            .ok()?;
        Some(Prefilter {
            matcher,
            open_ended: patterns.iter().map(|p| p.ends_with("::")).collect(),
            users,
            conjunctions: conj,
        })
    }

    pub(crate) fn matches(&self, text: &str) -> bool {
        let bytes = text.as_bytes();
        let is_word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b >= 0x80;
        let mut seen = vec![false; self.users.len()];
        for m in self.matcher.find_iter(text) {
            let before = m.start().checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(m.end()).copied();
            let p = m.pattern().as_usize();
            if before.is_some_and(is_word) || after.is_some_and(is_word) && !self.open_ended[p] {
                continue;
            }
            if seen[p] {
                continue;
            }
            seen[p] = true;
            if self.users[p]
                .iter()
                .any(|&c| self.conjunctions[c].iter().all(|&q| seen[q]))
            {
                return true;
            }
        }
        false
    }
}
