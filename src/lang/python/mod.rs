//! The Python front end (tree-sitter-python).

pub mod cfg;
pub mod check;
pub mod config;
pub mod context;
pub mod dbapi;
pub mod facts;
pub mod imports;
pub mod leaks;
pub mod model;
pub mod optional;
pub mod resources;
pub mod rewrite;
pub mod summaries;
pub mod sym;
pub mod test_code;
pub mod values;
pub mod web;

use std::path::{Component, Path};

use tree_sitter::Tree;

/// Parses Python source with this thread's parser (created once per thread).
#[must_use]
pub fn parse(text: &str) -> Option<Tree> {
    super::parse(crate::source::Lang::Python, text)
}

/// Levels of indentation past which a file is not parsed. tree-sitter-python's
/// scanner saves its indentation stack in tree-sitter's 1 KiB state buffer, two
/// bytes a level after up to 256 bytes of open brackets; at about 384 levels
/// that write overflows, and tree-sitter's assertion aborts the process (the
/// whole run, not only the file). Python itself refuses more than 100 levels,
/// so no file that runs comes near this.
pub const MAX_INDENT_LEVELS: usize = 256;

/// `Some(levels)` when `text` is indented more than [`MAX_INDENT_LEVELS`]
/// levels deep. The count follows the scanner: a tab is 8 columns, a form
/// feed starts the column again, and blank and comment-only lines do not
/// count. Lines inside brackets or strings are counted as if they were code,
/// so the count may be too high, never too low; it is only made when some line
/// is indented that many columns, which real code never is.
#[must_use]
pub fn too_deeply_indented(text: &str) -> Option<usize> {
    let width = |line: &str| {
        let mut w = 0usize;
        for b in line.bytes() {
            match b {
                b' ' => w += 1,
                b'\t' => w += 8,
                b'\x0c' => w = 0,
                _ => break,
            }
        }
        w
    };
    let code = |line: &str| {
        let rest = line.trim_start_matches([' ', '\t', '\x0c']);
        !rest.is_empty() && !rest.starts_with('#')
    };
    let lines = || text.split(['\n', '\r']).filter(|l| code(l));
    if !any_code_line_wider_than(text.as_bytes(), MAX_INDENT_LEVELS) {
        return None;
    }
    let mut stack: Vec<usize> = vec![0];
    let mut deepest = 0;
    for line in lines() {
        let w = width(line);
        while stack.last().is_some_and(|&top| top > w) {
            stack.pop();
        }
        if stack.last().is_none_or(|&top| w > top) {
            stack.push(w);
        }
        deepest = deepest.max(stack.len() - 1);
    }
    (deepest > MAX_INDENT_LEVELS).then_some(deepest)
}

/// Whether a code line (not blank, not only a comment) of `bytes` is
/// indented wider than `limit` columns, counted as `too_deeply_indented`
/// counts them. Every file read goes through it, parsed or not, so it only
/// looks at each line's leading whitespace and jumps to the next line break
/// with memchr.
fn any_code_line_wider_than(bytes: &[u8], limit: usize) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        let mut width = 0usize;
        let mut j = i;
        while let Some(&b) = bytes.get(j) {
            match b {
                b' ' => width += 1,
                b'\t' => width += 8,
                b'\x0c' => width = 0,
                _ => break,
            }
            j += 1;
        }
        if width > limit
            && bytes
                .get(j)
                .is_some_and(|b| !matches!(b, b'\n' | b'\r' | b'#'))
        {
            return true;
        }
        match memchr::memchr2(b'\n', b'\r', &bytes[j..]) {
            Some(k) => i = j + k + 1,
            None => return false,
        }
    }
    false
}

/// The dotted module name of a file and whether it is a package (`__init__.py`).
///
/// Inside a package (a directory with `__init__.py`), the name starts at the
/// topmost package. Elsewhere (namespace layouts, scripts) it is the path
/// relative to the file's distribution root (else `root`), without a leading
/// `src`. `is_package_dir` tells whether
/// a directory holds an `__init__.py`.
#[must_use]
pub fn module_name(
    path: &Path,
    root: &Path,
    is_package_dir: &dyn Fn(&Path) -> bool,
) -> (String, bool) {
    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("");
    let is_package = stem == "__init__";
    let mut parts: Vec<String> = Vec::new();
    if !is_package {
        parts.push(stem.to_owned());
    }
    let dir = path.parent().unwrap_or(Path::new(""));
    if is_package_dir(dir) {
        let mut d = Some(dir);
        while let Some(cur) = d {
            if cur.as_os_str().is_empty() || !is_package_dir(cur) {
                break;
            }
            match cur.file_name().and_then(|n| n.to_str()) {
                Some(n) => parts.push(n.to_owned()),
                None => break,
            }
            d = cur.parent();
        }
    } else {
        // Relative to the file's distribution (the nearest `pyproject.toml`,
        // `setup.py` or `setup.cfg` below the root): `peewee/peewee.py` of an
        // unpacked sdist is the module `peewee`, as Python imports it.
        let base = std::path::PathBuf::from(&*distribution_root(path, root));
        let rel = dir
            .strip_prefix(&base)
            .or_else(|_| dir.strip_prefix(root))
            .unwrap_or(dir);
        let mut comps: Vec<String> = rel
            .components()
            .filter_map(|c| match c {
                Component::Normal(s) => s.to_str().map(str::to_owned),
                _ => None,
            })
            .collect();
        if comps.first().is_some_and(|c| c == "src") {
            comps.remove(0);
        }
        if dir.is_absolute() && rel == dir {
            // Not under the root: the file alone names its module.
            comps.clear();
        }
        for c in comps.into_iter().rev() {
            parts.push(c);
        }
    }
    parts.reverse();
    parts.retain(|p| !p.is_empty());
    (parts.join("."), is_package)
}

/// The distribution a file belongs to, as a display string: the nearest
/// directory at or below `root` holding a `pyproject.toml`, `setup.py` or
/// `setup.cfg`, else `root`.
#[must_use]
pub fn distribution_root(path: &Path, root: &Path) -> std::sync::Arc<str> {
    let mut dir = path.parent();
    while let Some(d) = dir {
        if !d.starts_with(root) || d == root {
            break;
        }
        if ["pyproject.toml", "setup.py", "setup.cfg"]
            .iter()
            .any(|m| d.join(m).is_file())
        {
            return d.to_string_lossy().into();
        }
        dir = d.parent();
    }
    root.to_string_lossy().into()
}

/// The lines of the statement around `offset`: a simple statement whole, a compound one's header.
#[must_use]
pub fn statement_lines(
    source: &crate::source::SourceFile,
    root: tree_sitter::Node<'_>,
    offset: usize,
) -> (usize, usize) {
    let line = source.lines.line_of(offset as u32);
    let Some(mut node) = root.descendant_for_byte_range(offset, offset) else {
        return (line, line);
    };
    for _ in 0..512 {
        let kind = node.kind();
        if kind.ends_with("_statement") || kind.ends_with("_definition") {
            let start = node.start_byte();
            // A compound statement's header ends at the `:` before its first
            // block (the block itself starts on the next line's indentation).
            let mut cursor = node.walk();
            let mut header_end = None;
            let mut colon = None;
            for child in node.children(&mut cursor) {
                match child.kind() {
                    ":" => colon = Some(child.end_byte()),
                    "block" => {
                        header_end = Some(colon.unwrap_or(child.start_byte()));
                        break;
                    }
                    _ => {}
                }
            }
            let end = header_end.unwrap_or(node.end_byte()).max(start + 1) - 1;
            let first = source.lines.line_of(start as u32).min(line);
            let last = source.lines.line_of(end as u32).max(line);
            return (first, last);
        }
        match node.parent() {
            Some(p) => node = p,
            None => break,
        }
    }
    (line, line)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The quick scan says "too wide" exactly when the line-by-line
    /// definition does.
    #[test]
    fn the_quick_width_scan_agrees_with_the_definition() {
        let slow = |text: &str, limit: usize| {
            text.split(['\n', '\r']).any(|l| {
                let rest = l.trim_start_matches([' ', '\t', '\x0c']);
                let code = !rest.is_empty() && !rest.starts_with('#');
                let mut w = 0;
                for b in l.bytes() {
                    match b {
                        b' ' => w += 1,
                        b'\t' => w += 8,
                        b'\x0c' => w = 0,
                        _ => break,
                    }
                }
                code && w > limit
            })
        };
        let cases = [
            "",
            "x = 1\n",
            "      \n",
            "      # deep comment\n",
            "      x\n",
            "\t\tx\r\n  y\r",
            "    \x0c  x\n",
            "x\n     ",
            "x\r\r\n      y",
            "  \t # c\n \t z",
        ];
        for text in cases {
            for limit in [0, 1, 2, 5, 9, 16] {
                assert_eq!(
                    any_code_line_wider_than(text.as_bytes(), limit),
                    slow(text, limit),
                    "{text:?} at {limit}"
                );
            }
        }
    }
    use std::path::PathBuf;

    #[test]
    fn a_module_outside_packages_is_named_from_its_distribution() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("peewee/playhouse")).unwrap();
        std::fs::create_dir_all(root.join("svc/src/api")).unwrap();
        std::fs::write(root.join("peewee/setup.py"), "").unwrap();
        std::fs::write(root.join("svc/pyproject.toml"), "").unwrap();
        let none = |_: &Path| false;
        // An unpacked sdist beside others: `from peewee import sqlite3` must resolve.
        assert_eq!(
            module_name(&root.join("peewee/peewee.py"), root, &none),
            ("peewee".into(), false)
        );
        assert_eq!(
            module_name(&root.join("peewee/playhouse/sqlite_ext.py"), root, &none),
            ("playhouse.sqlite_ext".into(), false)
        );
        // A `src` layout inside a distribution.
        assert_eq!(
            module_name(&root.join("svc/src/api/db.py"), root, &none),
            ("api.db".into(), false)
        );
        // No distribution: relative to the root, as before.
        assert_eq!(
            module_name(&root.join("tools/dump.py"), root, &none),
            ("tools.dump".into(), false)
        );
    }

    #[test]
    fn module_names() {
        let pkgs = |d: &Path| d.ends_with("app") || d.ends_with("app/api");
        let root = PathBuf::from("/repo");
        assert_eq!(
            module_name(Path::new("/repo/backend/app/api/routes.py"), &root, &pkgs),
            ("app.api.routes".into(), false)
        );
        assert_eq!(
            module_name(Path::new("/repo/backend/app/__init__.py"), &root, &pkgs),
            ("app".into(), true)
        );
        let none = |_: &Path| false;
        assert_eq!(
            module_name(Path::new("/repo/src/svc/db.py"), &root, &none),
            ("svc.db".into(), false)
        );
        assert_eq!(
            module_name(Path::new("/repo/script.py"), &root, &none),
            ("script".into(), false)
        );
        assert_eq!(
            module_name(Path::new("/elsewhere/x/tool.py"), &root, &none),
            ("tool".into(), false)
        );
    }
}
