//! The imports of a Python file, read from its text without parsing it:
//! enough to tell that a project module a file imports a connection or a pool
//! from is missing (`Project::unresolved_imports`), for files the prefilter
//! never lets through to the parser (in exactly that case nothing names a
//! driver in them).

/// Every name imported by `from M import a, b as c` (also parenthesized and
/// continued over lines) and `import a.b.c [as x]` whose last part is named
/// like a pool, a connection, an engine, a session or a getter of one, as
/// `(1-based line, absolute name)`. Relative imports resolve against
/// `module` (`is_package`: the file is a package's `__init__.py`).
#[must_use]
pub fn database_imports(text: &str, module: &str, is_package: bool) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    let mut lines = text.lines().enumerate();
    // Inside a triple-quoted string (a docstring's usage example is no import).
    let mut quoted: Option<&str> = None;
    while let Some((i, line)) = lines.next() {
        for q in triple_quotes(line) {
            quoted = match quoted {
                Some(open) if open == q => None,
                None => Some(q),
                other => other,
            };
        }
        let trimmed = line.trim_start();
        if quoted.is_some() || trimmed.starts_with("\"\"\"") || trimmed.starts_with("'''") {
            continue;
        }
        let is_from = trimmed.starts_with("from ");
        if !is_from && !trimmed.starts_with("import ") {
            continue;
        }
        // The whole statement: open parentheses and trailing backslashes continue it.
        let mut stmt = strip_comment(trimmed).to_owned();
        loop {
            let open = stmt.matches('(').count() > stmt.matches(')').count();
            let continued = stmt.trim_end().ends_with('\\');
            if !open && !continued {
                break;
            }
            let Some((_, next)) = lines.next() else { break };
            if continued {
                stmt.truncate(stmt.trim_end().len() - 1);
            }
            stmt.push(' ');
            stmt.push_str(strip_comment(next));
        }
        let line_no = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let names: Vec<String> = if is_from {
            from_import(&stmt, module, is_package)
        } else {
            plain_import(&stmt)
        };
        out.extend(
            names
                .into_iter()
                .filter(|q| looks_like_database(q))
                .map(|q| (line_no, q)),
        );
    }
    out
}

/// The triple quotes of a line, in order.
fn triple_quotes(line: &str) -> Vec<&'static str> {
    // Every line of every file goes through here: most have no quote at all.
    if memchr::memchr2(b'"', b'\'', line.as_bytes()).is_none() {
        return Vec::new();
    }
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest
        .find("\"\"\"")
        .into_iter()
        .chain(rest.find("'''"))
        .min()
    {
        out.push(if rest[i..].starts_with("\"\"\"") {
            "\"\"\""
        } else {
            "'''"
        });
        rest = &rest[i + 3..];
    }
    out
}

fn strip_comment(line: &str) -> &str {
    line.split('#').next().unwrap_or(line)
}

fn is_dotted(s: &str) -> bool {
    !s.is_empty()
        && s.split('.')
            .all(|p| !p.is_empty() && p.chars().all(|c| c == '_' || c.is_alphanumeric()))
}

/// `import a.b.c as x, d.e`: the dotted names with a part after the first.
fn plain_import(stmt: &str) -> Vec<String> {
    let rest = stmt.trim_start().trim_start_matches("import").trim();
    rest.split(',')
        .filter_map(|item| item.split_whitespace().next())
        .filter(|q| q.contains('.') && is_dotted(q))
        .map(str::to_owned)
        .collect()
}

/// `from M import a, (b as c)`: `M.a`, `M.b` with `M` made absolute.
fn from_import(stmt: &str, module: &str, is_package: bool) -> Vec<String> {
    let rest = stmt.trim_start().trim_start_matches("from").trim_start();
    let Some((base, names)) = rest.split_once(" import ") else {
        return Vec::new();
    };
    let base = base.trim();
    let dots = base.chars().take_while(|&c| c == '.').count();
    let tail = &base[dots..];
    if !tail.is_empty() && !is_dotted(tail) {
        return Vec::new();
    }
    let absolute = if dots == 0 {
        tail.to_owned()
    } else {
        // `.` is the file's package; each further dot goes one level up.
        let mut parts: Vec<&str> = module.split('.').collect();
        if !is_package {
            parts.pop();
        }
        for _ in 1..dots {
            if parts.pop().is_none() {
                return Vec::new();
            }
        }
        if !tail.is_empty() {
            parts.push(tail);
        }
        parts.join(".")
    };
    if absolute.is_empty() {
        return Vec::new();
    }
    names
        .replace(['(', ')'], " ")
        .split(',')
        .filter_map(|item| item.split_whitespace().next())
        .filter(|n| *n != "*" && is_dotted(n) && !n.contains('.'))
        .map(|n| format!("{absolute}.{n}"))
        .collect()
}

/// Whether a name's last part is named like a pool, a connection, an engine,
/// a session or a getter of one (`pool`, `get_db_conn`, `DB`, `SessionLocal`).
fn looks_like_database(qualified: &str) -> bool {
    let leaf = qualified
        .rsplit('.')
        .next()
        .unwrap_or(qualified)
        .to_ascii_lowercase();
    [
        "pool", "conn", "db", "database", "engine", "session", "cursor",
    ]
    .iter()
    .any(|w| leaf.contains(w))
}

#[cfg(test)]
mod tests {
    use super::database_imports;

    #[test]
    fn reads_from_imports_and_resolves_relative_ones() {
        let text = "import os\nfrom database.db import pool, helper\nfrom ..core import (\n    get_conn,  # the getter\n    Settings,\n)\nfrom . import engine as e\nimport app.db.session as s\n";
        let got = database_imports(text, "app.routes.users", false);
        assert_eq!(
            got,
            vec![
                (2, "database.db.pool".to_owned()),
                (3, "app.core.get_conn".to_owned()),
                (7, "app.routes.engine".to_owned()),
                (8, "app.db.session".to_owned()),
            ]
        );
    }

    #[test]
    fn a_package_init_is_its_own_package_and_stars_are_skipped() {
        let got = database_imports("from .db import *\nfrom .db import Pool\n", "app", true);
        assert_eq!(got, vec![(2, "app.db.Pool".to_owned())]);
    }

    #[test]
    fn prose_and_continued_lines() {
        let text = "x = 1\n# from a import pool\n\"\"\"Usage:\n    from a.b import pool\n\"\"\"\nfrom app.models \\\n    import db_session\n";
        assert_eq!(
            database_imports(text, "m", false),
            vec![(6, "app.models.db_session".to_owned())]
        );
    }
}
