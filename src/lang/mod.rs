//! Language front ends: they parse a file and turn its syntax into facts
//! (scopes, names, symbolic values, acquisitions). They never decide findings.

pub mod python;
pub mod rust;

use std::cell::RefCell;

use tree_sitter::{Parser, Tree};

use crate::source::Lang;

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
