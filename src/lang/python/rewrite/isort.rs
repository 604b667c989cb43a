//! Where isort (and ruff's `I001`) puts a new `from module import name`:
//! sections future, standard library, third party, first party, local
//! (relative), in that order and apart by a blank line; inside a section
//! `import x` lines first, then `from x import ...` lines, each sorted by
//! module name without regard to case; names inside one `from` import
//! sorted constants, classes, then the rest. A fix that adds an import
//! puts it there, so `ruff check --select I001` has nothing to say after.

use tree_sitter::Node;

use crate::lang::python::model::PyFile;

/// Top-level modules of the standard library (CPython 3.11's
/// `sys.stdlib_module_names`, without private and joke modules).
const STDLIB: &[&str] = &[
    "abc",
    "aifc",
    "argparse",
    "array",
    "ast",
    "asynchat",
    "asyncio",
    "asyncore",
    "atexit",
    "audioop",
    "base64",
    "bdb",
    "binascii",
    "bisect",
    "builtins",
    "bz2",
    "cProfile",
    "calendar",
    "cgi",
    "cgitb",
    "chunk",
    "cmath",
    "cmd",
    "code",
    "codecs",
    "codeop",
    "collections",
    "colorsys",
    "compileall",
    "concurrent",
    "configparser",
    "contextlib",
    "contextvars",
    "copy",
    "copyreg",
    "crypt",
    "csv",
    "ctypes",
    "curses",
    "dataclasses",
    "datetime",
    "dbm",
    "decimal",
    "difflib",
    "dis",
    "distutils",
    "doctest",
    "email",
    "encodings",
    "ensurepip",
    "enum",
    "errno",
    "faulthandler",
    "fcntl",
    "filecmp",
    "fileinput",
    "fnmatch",
    "fractions",
    "ftplib",
    "functools",
    "gc",
    "genericpath",
    "getopt",
    "getpass",
    "gettext",
    "glob",
    "graphlib",
    "grp",
    "gzip",
    "hashlib",
    "heapq",
    "hmac",
    "html",
    "http",
    "imaplib",
    "imghdr",
    "imp",
    "importlib",
    "inspect",
    "io",
    "ipaddress",
    "itertools",
    "json",
    "keyword",
    "lib2to3",
    "linecache",
    "locale",
    "logging",
    "lzma",
    "mailbox",
    "mailcap",
    "marshal",
    "math",
    "mimetypes",
    "mmap",
    "modulefinder",
    "msilib",
    "msvcrt",
    "multiprocessing",
    "netrc",
    "nis",
    "nntplib",
    "nt",
    "ntpath",
    "nturl2path",
    "numbers",
    "opcode",
    "operator",
    "optparse",
    "os",
    "ossaudiodev",
    "pathlib",
    "pdb",
    "pickle",
    "pickletools",
    "pipes",
    "pkgutil",
    "platform",
    "plistlib",
    "poplib",
    "posix",
    "posixpath",
    "pprint",
    "profile",
    "pstats",
    "pty",
    "pwd",
    "py_compile",
    "pyclbr",
    "pydoc",
    "pydoc_data",
    "pyexpat",
    "queue",
    "quopri",
    "random",
    "re",
    "readline",
    "reprlib",
    "resource",
    "rlcompleter",
    "runpy",
    "sched",
    "secrets",
    "select",
    "selectors",
    "shelve",
    "shlex",
    "shutil",
    "signal",
    "site",
    "smtpd",
    "smtplib",
    "sndhdr",
    "socket",
    "socketserver",
    "spwd",
    "sqlite3",
    "sre_compile",
    "sre_constants",
    "sre_parse",
    "ssl",
    "stat",
    "statistics",
    "string",
    "stringprep",
    "struct",
    "subprocess",
    "sunau",
    "symtable",
    "sys",
    "sysconfig",
    "syslog",
    "tabnanny",
    "tarfile",
    "telnetlib",
    "tempfile",
    "termios",
    "textwrap",
    "threading",
    "time",
    "timeit",
    "tkinter",
    "token",
    "tokenize",
    "tomllib",
    "trace",
    "traceback",
    "tracemalloc",
    "tty",
    "turtle",
    "types",
    "typing",
    "unicodedata",
    "unittest",
    "urllib",
    "uu",
    "uuid",
    "venv",
    "warnings",
    "wave",
    "weakref",
    "webbrowser",
    "winreg",
    "winsound",
    "wsgiref",
    "xdrlib",
    "xml",
    "xmlrpc",
    "zipapp",
    "zipfile",
    "zipimport",
    "zlib",
    "zoneinfo",
];

/// isort's sections, in file order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Section {
    Future,
    Stdlib,
    ThirdParty,
    FirstParty,
    Local,
}

/// The section of `module` (`.db` for a relative import) as seen from `file`:
/// first party when it shares the file's top-level package.
pub(super) fn section_of(file: &PyFile<'_>, module: &str) -> Section {
    if module.starts_with('.') {
        return Section::Local;
    }
    let root = module.split('.').next().unwrap_or(module);
    if root == "__future__" {
        return Section::Future;
    }
    let own = file.module.split('.').next().unwrap_or(&file.module);
    if root == own && file.module.contains('.') {
        return Section::FirstParty;
    }
    if STDLIB.binary_search(&root).is_ok() {
        return Section::Stdlib;
    }
    Section::ThirdParty
}

/// One top-level import of the file's leading import block.
struct Import<'t> {
    node: Node<'t>,
    section: Section,
    /// `from x import ...` (after `import x` lines of its section).
    from: bool,
    key: String,
}

/// The byte offset to insert `from {module} import {name}` at, and the text
/// to insert there (with the blank lines that keep sections apart); `None`
/// when the file has no import block to place it in.
pub(super) fn placement(
    file: &PyFile<'_>,
    module: &str,
    name: &str,
    first_party: bool,
) -> Option<(usize, String)> {
    let imports = leading_imports(file);
    let last = imports.last()?;
    let section = if first_party && !module.starts_with('.') {
        Section::FirstParty
    } else {
        section_of(file, module)
    };
    let key = module.to_ascii_lowercase();
    let line = format!("from {module} import {name}\n");
    let line_start = |n: Node<'_>| file.text[..n.start_byte()].rfind('\n').map_or(0, |i| i + 1);
    let line_end = |n: Node<'_>| {
        let end = n.end_byte();
        file.text[end..]
            .find('\n')
            .map_or(file.text.len(), |i| end + i + 1)
    };
    // Before the first import of the section that sorts after it.
    if let Some(next) = imports
        .iter()
        .find(|i| i.section == section && (i.from, i.key.as_str()) > (true, key.as_str()))
    {
        return Some((line_start(next.node), line));
    }
    // After the last import of its section.
    if let Some(prev) = imports.iter().rev().find(|i| i.section == section) {
        return Some((line_end(prev.node), line));
    }
    // A section of its own: before the first later section, or after the last.
    if let Some(next) = imports.iter().find(|i| i.section > section) {
        return Some((line_start(next.node), format!("{line}\n")));
    }
    let at = line_end(last.node);
    let mut text = format!("\n{line}");
    if at == file.text.len() && !file.text.ends_with('\n') {
        text.insert(0, '\n');
    }
    Some((at, text))
}

/// The sort key of a name inside `from x import ...`: constants, then
/// classes, then everything else, each alphabetically (ruff's `order-by-type`).
pub(super) fn member_key(name: &str) -> (u8, String) {
    let kind = if name.len() > 1 && name.chars().all(|c| !c.is_lowercase()) {
        0
    } else if name.chars().next().is_some_and(char::is_uppercase) {
        1
    } else {
        2
    };
    (kind, name.to_ascii_lowercase())
}

/// The imports at the top of the module, up to its first other statement
/// (a docstring and comments may come first).
fn leading_imports<'t>(file: &PyFile<'t>) -> Vec<Import<'t>> {
    let root = file.tree.root_node();
    let mut out = Vec::new();
    let mut cursor = root.walk();
    for (i, stmt) in root.named_children(&mut cursor).enumerate() {
        let (module, from) = match stmt.kind() {
            "import_statement" => (stmt.child_by_field_name("name"), false),
            "import_from_statement" | "future_import_statement" => {
                (stmt.child_by_field_name("module_name"), true)
            }
            "comment" => continue,
            "expression_statement"
                if i == 0 && stmt.named_child(0).is_some_and(|s| s.kind() == "string") =>
            {
                continue;
            }
            _ => break,
        };
        let text = match module {
            // `import a as b`: the module is `a`.
            Some(m) if m.kind() == "aliased_import" => m
                .child_by_field_name("name")
                .map_or("", |n| file.text_of(n)),
            Some(m) => file.text_of(m),
            None if stmt.kind() == "future_import_statement" => "__future__",
            None => "",
        };
        out.push(Import {
            node: stmt,
            section: section_of(file, text),
            from,
            key: text.to_ascii_lowercase(),
        });
    }
    out
}
