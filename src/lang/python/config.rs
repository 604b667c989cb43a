//! Configuration reads: what the arguments of a connect or of a pool
//! constructor take their target from — module constants, settings
//! attributes, environment variables, literals, parameters — each under the
//! connection parameter it sets. CL201 compares a direct connect's reads
//! with the pool's: a shared name is the evidence that both reach the same
//! database; a target handed in by the caller is another database.
//!
//! A read is one string, `key|kind:value` (`dsn|env:DATABASE_URL`,
//! `host|name:app.config.settings.DB_HOST`, `dbname|lit:app`,
//! `**|param:`), so a call's reads are a small sorted set of strings.

use std::sync::Arc;

use tree_sitter::Node;

use crate::lang::python::model::{Binding, PyFile, ScopeKind, string_literal, tuple_element};
use crate::lang::python::sym::Sym;

/// Reads kept per call: a call reading more is summarised by its first ones.
const MAX_READS: usize = 48;
/// How far names are followed to their values.
const MAX_DEPTH: u32 = 6;

/// Keyword arguments that say how to connect, or size a pool, not where to connect.
const OPTIONS: &[&str] = &[
    "application_name",
    "async_",
    "autocommit",
    "blocking",
    "charset",
    "command_timeout",
    "connect_timeout",
    "connection_factory",
    "context",
    "creator",
    "cursor_factory",
    "cursorclass",
    "echo",
    "failures",
    "future",
    "init_command",
    "isolation_level",
    "max_inactive_connection_lifetime",
    "max_overflow",
    "max_queries",
    "max_size",
    "maxcached",
    "maxconn",
    "maxconnections",
    "maxshared",
    "maxusage",
    "min_size",
    "mincached",
    "minconn",
    "ping",
    "pool_pre_ping",
    "pool_recycle",
    "pool_size",
    "pool_timeout",
    "poolclass",
    "prepare_threshold",
    "reset",
    "row_factory",
    "setsession",
    "sslmode",
    "timeout",
    "use_unicode",
];

/// String methods whose result carries their receiver's target
/// (`DATABASE_URL.replace("+asyncpg", "")`).
const STR_METHODS: &[&str] = &[
    "replace",
    "format",
    "strip",
    "rstrip",
    "lstrip",
    "lower",
    "upper",
    "encode",
    "decode",
    "removeprefix",
    "removesuffix",
];

/// The connection parameter a keyword sets, normalised across drivers.
fn key_of(keyword: &str) -> Option<&'static str> {
    let k = keyword.to_ascii_lowercase();
    if OPTIONS.contains(&k.as_str()) {
        return None;
    }
    Some(match k.as_str() {
        "dsn" | "url" | "conninfo" | "name_or_url" | "uri" | "database_url" | "db_url" => "dsn",
        "host" | "hostname" | "hostaddr" | "server" | "unix_socket" => "host",
        "port" => "port",
        "dbname" | "database" | "db" | "db_name" | "database_name" => "dbname",
        "user" | "username" | "login" => "user",
        "password" | "passwd" | "pwd" => "password",
        _ => "other",
    })
}

/// The key of a `**` dict's own name when the dict is spelled out in the
/// file: its keys are known.
const EXPANDED: &str = "**dict";

/// The parameters that name the database: two calls that set one of them
/// from different sources reach different databases.
pub const IDENTITY_KEYS: &[&str] = &["dsn", "host", "port", "dbname"];

/// The configuration reads of a call's arguments, sorted. Empty when the
/// call has no argument that says where to connect (`psycopg2.connect()`).
#[must_use]
pub fn call_reads(file: &PyFile<'_>, call: Node<'_>, scope: u32) -> Vec<Arc<str>> {
    let mut w = Walker {
        file,
        out: Vec::new(),
    };
    if let Some(args) = call.child_by_field_name("arguments") {
        w.arguments(args, scope, "dsn", 0);
    }
    let mut out: Vec<Arc<str>> = w.out.into_iter().map(Arc::from).collect();
    out.sort();
    out.dedup();
    out
}

struct Walker<'f, 't> {
    file: &'f PyFile<'t>,
    out: Vec<String>,
}

impl Walker<'_, '_> {
    fn push(&mut self, key: &str, kind: &str, value: &str) {
        if self.out.len() < MAX_READS {
            self.out.push(format!("{key}|{kind}:{value}"));
        }
    }

    /// The arguments of a call; positional ones set `positional`. Every
    /// argument that says where to connect leaves a read, if only `unknown`.
    fn arguments(&mut self, args: Node<'_>, scope: u32, positional: &str, depth: u32) {
        let mut cursor = args.walk();
        for a in args.named_children(&mut cursor) {
            let before = self.out.len();
            let key = self.argument(a, scope, positional, depth);
            if let Some(key) = key.filter(|_| self.out.len() == before) {
                self.push(key, "unknown", "");
            }
        }
    }

    /// One argument's reads; the key it sets, if it says where to connect.
    fn argument<'k>(
        &mut self,
        a: Node<'_>,
        scope: u32,
        positional: &'k str,
        depth: u32,
    ) -> Option<&'k str> {
        match a.kind() {
            "keyword_argument" => {
                let (Some(k), Some(v)) = (
                    a.child_by_field_name("name"),
                    a.child_by_field_name("value"),
                ) else {
                    return None;
                };
                let name = self.file.text_of(k);
                // `create_engine(url, connect_args={"host": ...})`
                let key = if name == "connect_args" {
                    "**"
                } else {
                    key_of(name)?
                };
                self.value(v, scope, key, &[], depth);
                Some(key)
            }
            "dictionary_splat" | "list_splat" => {
                let inner = a.named_child(0)?;
                self.value(inner, scope, "**", &[], depth);
                Some("**")
            }
            // `ThreadedConnectionPool(1, 10, DSN)`: sizes are not targets.
            "comment" | "integer" | "float" | "true" | "false" | "none" => None,
            _ => {
                self.value(a, scope, positional, &[], depth);
                Some(positional)
            }
        }
    }

    /// The reads of `node`'s value, followed by the attributes `suffix`.
    fn value(&mut self, node: Node<'_>, scope: u32, key: &str, suffix: &[String], depth: u32) {
        if depth > MAX_DEPTH || self.out.len() >= MAX_READS {
            self.push(key, "unknown", "");
            return;
        }
        let file = self.file;
        match node.kind() {
            "string" if suffix.is_empty() => {
                if let Some(s) = string_literal(node, file.text) {
                    self.push(key, "lit", &normalize_literal(&s));
                    return;
                }
                // f"postgresql://{user}@{DB_HOST}/app": the interpolated names.
                let mut cursor = node.walk();
                for c in node.named_children(&mut cursor) {
                    if c.kind() == "interpolation" {
                        if let Some(e) = c.named_child(0) {
                            self.value(e, scope, key, &[], depth + 1);
                        }
                    }
                }
            }
            "integer" if suffix.is_empty() => self.push(key, "lit", file.text_of(node)),
            "concatenated_string" | "binary_operator" | "tuple" | "list" if suffix.is_empty() => {
                let mut cursor = node.walk();
                for c in node.named_children(&mut cursor) {
                    // The literal parts of `"dbname=" + NAME` say nothing alone.
                    if !matches!(c.kind(), "string" | "integer")
                        || string_literal(c, file.text).is_none()
                    {
                        self.value(c, scope, key, &[], depth + 1);
                    }
                }
            }
            "parenthesized_expression" | "await" => {
                if let Some(inner) = node.named_child(0) {
                    self.value(inner, scope, key, suffix, depth);
                }
            }
            "conditional_expression" => {
                // a if cond else b: the two arms.
                for i in [0, 2] {
                    if let Some(arm) = node.named_child(i) {
                        self.value(arm, scope, key, suffix, depth + 1);
                    }
                }
            }
            "boolean_operator" => {
                for field in ["left", "right"] {
                    if let Some(side) = node.child_by_field_name(field) {
                        self.value(side, scope, key, suffix, depth + 1);
                    }
                }
            }
            "dictionary" if suffix.is_empty() => self.dictionary(node, scope, depth),
            "identifier" => self.identifier(node, scope, key, suffix, depth),
            "attribute" => {
                let (Some(object), Some(attr)) = (
                    node.child_by_field_name("object"),
                    node.child_by_field_name("attribute"),
                ) else {
                    return self.push(key, "unknown", "");
                };
                let mut chain = vec![file.text_of(attr).to_owned()];
                chain.extend(suffix.iter().cloned());
                self.value(object, scope, key, &chain, depth);
            }
            "subscript" => self.subscript(node, scope, key, suffix, depth),
            "call" => self.call(node, scope, key, suffix, depth),
            _ => self.push(key, "unknown", ""),
        }
    }

    /// `{"host": DB_HOST, "dbname": "app", **EXTRA}`: each value under its key.
    fn dictionary(&mut self, node: Node<'_>, scope: u32, depth: u32) {
        let mut cursor = node.walk();
        for c in node.named_children(&mut cursor) {
            match c.kind() {
                "pair" => {
                    let (Some(k), Some(v)) =
                        (c.child_by_field_name("key"), c.child_by_field_name("value"))
                    else {
                        continue;
                    };
                    match string_literal(k, self.file.text) {
                        Some(name) => {
                            if let Some(key) = key_of(&name) {
                                self.value(v, scope, key, &[], depth + 1);
                            }
                        }
                        None => self.push("**", "unknown", ""),
                    }
                }
                "dictionary_splat" => {
                    if let Some(inner) = c.named_child(0) {
                        self.value(inner, scope, "**", &[], depth + 1);
                    }
                }
                _ => {}
            }
        }
    }

    fn identifier(&mut self, node: Node<'_>, scope: u32, key: &str, suffix: &[String], depth: u32) {
        let file = self.file;
        let name = file.text_of(node);
        match file.resolve_name(scope, name) {
            Sym::Param(_) => self.push(key, "param", ""),
            Sym::SelfOf(class) => self.self_attr(&class, key, suffix, depth),
            Sym::Local(s, local) => {
                let bindings = file.scopes[s as usize].bindings.get(&local);
                for b in bindings.into_iter().flatten() {
                    match *b {
                        Binding::Value(v) => self.value(v, s, key, suffix, depth + 1),
                        Binding::Item(v, i) => match tuple_element(v, i as usize) {
                            Some(e) => self.value(e, s, key, suffix, depth + 1),
                            None => self.push(key, "unknown", ""),
                        },
                        Binding::Param(_) => self.push(key, "param", ""),
                        Binding::Import(ref sym) => self.global(sym, key, suffix),
                        _ => self.push(key, "unknown", ""),
                    }
                }
            }
            sym @ (Sym::Global(_) | Sym::Unresolved(_)) => {
                let module = &file.scopes[0];
                let bs = module.bindings.get(name);
                // `**DB_CONFIG` where this file spells the dict out: its keys
                // are known (`EXPANDED`), so what it leaves out is left out.
                let expanded = key == "**"
                    && bs.is_some_and(|bs| {
                        bs.iter()
                            .all(|b| matches!(*b, Binding::Value(v) if v.kind() == "dictionary"))
                    });
                let name_key = if expanded { EXPANDED } else { key };
                self.global(&sym, name_key, suffix);
                // A module constant of this file: also under this module's
                // name (`from app.db import DSN` elsewhere), and what it reads.
                if let Some(bs) = bs {
                    let own = format!("{}.{name}", file.module);
                    if suffix.is_empty() && !matches!(&sym, Sym::Global(q) if **q == *own) {
                        self.push(name_key, "name", &own);
                    }
                    for b in bs {
                        if let Binding::Value(v) = *b {
                            self.value(v, 0, key, suffix, depth + 1);
                        }
                    }
                }
            }
            _ => self.push(key, "unknown", ""),
        }
    }

    fn global(&mut self, sym: &Sym, key: &str, suffix: &[String]) {
        match sym {
            Sym::Global(q) | Sym::Unresolved(q) => self.push(key, "name", &dotted(q, suffix)),
            _ => self.push(key, "unknown", ""),
        }
    }

    /// `self.attr...`: what the class assigns to `self.attr` in its methods,
    /// or binds in its body. A value from a constructor parameter is the
    /// caller's (`self.dsn = dsn`).
    fn self_attr(&mut self, class: &str, key: &str, suffix: &[String], depth: u32) {
        let Some((attr, rest)) = suffix.split_first() else {
            return self.push(key, "param", "");
        };
        let file = self.file;
        let mut found = false;
        for s in &file.scopes {
            if s.kind == ScopeKind::Class && &*s.qualname == class {
                for b in s.bindings.get(attr.as_str()).into_iter().flatten() {
                    if let Binding::Value(v) = *b {
                        found = true;
                        self.value(v, s.id, key, rest, depth + 1);
                    }
                }
            }
            if s.class.as_deref() != Some(class) {
                continue;
            }
            for &(target, value) in &s.attr_assigns {
                let is_self_attr = target.kind() == "attribute"
                    && target
                        .child_by_field_name("attribute")
                        .is_some_and(|a| file.text_of(a) == attr)
                    && target
                        .child_by_field_name("object")
                        .is_some_and(|o| matches!(file.sym(o, s.id), Sym::SelfOf(_)));
                if is_self_attr {
                    found = true;
                    self.value(value, s.id, key, rest, depth + 1);
                }
            }
        }
        if !found {
            self.push(key, "unknown", &format!("self.{attr}"));
        }
    }

    /// `os.environ["X"]` reads the environment; `app.config["X"]` a setting.
    fn subscript(&mut self, node: Node<'_>, scope: u32, key: &str, suffix: &[String], depth: u32) {
        let file = self.file;
        let (Some(value), Some(index)) = (
            node.child_by_field_name("value"),
            node.child_by_field_name("subscript"),
        ) else {
            return self.push(key, "unknown", "");
        };
        match string_literal(index, file.text) {
            Some(name) if suffix.is_empty() => {
                if is_environ(&file.sym(value, scope)) {
                    self.push(key, "env", &name);
                } else {
                    self.keyed(value, scope, key, &name, depth);
                }
            }
            _ => self.value(value, scope, key, &[], depth + 1),
        }
    }

    /// `obj["K"]`, `obj.get("K")`: the setting `K`, unless `obj` is the
    /// caller's (`self.configuration.get("host")` with `self.configuration`
    /// from a constructor parameter).
    fn keyed(&mut self, object: Node<'_>, scope: u32, key: &str, name: &str, depth: u32) {
        let mut sub = Walker {
            file: self.file,
            out: Vec::new(),
        };
        sub.value(object, scope, key, &[], depth + 1);
        if sub.out.iter().any(|r| r.contains("|param:")) {
            self.push(key, "param", "");
        } else {
            self.push(key, "key", name);
        }
    }

    fn call(&mut self, node: Node<'_>, scope: u32, key: &str, suffix: &[String], depth: u32) {
        let file = self.file;
        let Some(callee) = node.child_by_field_name("function") else {
            return self.push(key, "unknown", "");
        };
        let args = node.child_by_field_name("arguments");
        let first_string = args.and_then(|a| {
            let mut cursor = a.walk();
            let first = a
                .named_children(&mut cursor)
                .find(|c| c.kind() != "comment");
            first.and_then(|f| string_literal(f, file.text))
        });
        let leaf = match callee.kind() {
            "attribute" => callee
                .child_by_field_name("attribute")
                .map_or("", |a| file.text_of(a)),
            _ => file.text_of(callee),
        };
        let object = callee.child_by_field_name("object");
        if let (Some(name), true) = (&first_string, suffix.is_empty()) {
            // `os.getenv("X")`, `os.environ.get("X")`, decouple's `config("X")`,
            // environs' `env.str("X")`; `settings.get("X")` reads a setting.
            let on_environ = object.is_some_and(|o| is_environ(&file.sym(o, scope)));
            let env_object = object.is_some_and(|o| {
                file.text_of(o)
                    .rsplit('.')
                    .next()
                    .is_some_and(|l| l.eq_ignore_ascii_case("env"))
            });
            let kind = match leaf {
                "getenv" | "get_env" | "config" | "env" if object.is_none() || leaf == "getenv" => {
                    Some("env")
                }
                "get" | "setdefault" | "pop" if on_environ => Some("env"),
                "str" | "url" | "db" | "db_url" | "dj_db_url" if env_object => Some("env"),
                _ => None,
            };
            if let Some(kind) = kind {
                return self.push(key, kind, name);
            }
            if let (Some(o), "get") = (object, leaf) {
                return self.keyed(o, scope, key, name, depth);
            }
        }
        match (callee.kind(), object) {
            ("attribute", Some(o)) if STR_METHODS.contains(&leaf) && suffix.is_empty() => {
                self.value(o, scope, key, &[], depth + 1);
                if let Some(a) = args {
                    self.arguments(a, scope, key, depth + 1);
                }
            }
            ("attribute", Some(o)) => {
                // `settings.database_url()`, `self.postgresql.dsn()`: a name chain.
                let mut chain = vec![format!("{leaf}()")];
                chain.extend(suffix.iter().cloned());
                self.value(o, scope, key, &chain, depth);
                if let Some(a) = args {
                    self.arguments(a, scope, key, depth + 1);
                }
            }
            ("identifier", _) => {
                match file.resolve_name(scope, leaf) {
                    // `get_database_url()`: the same helper gives the same target.
                    Sym::Global(q) if !q.starts_with("builtins.") => {
                        self.push(key, "name", &dotted(&format!("{q}()"), suffix));
                    }
                    // Builtins (`str(x)`, `dict(host=...)`): only their arguments say where.
                    Sym::Global(_) | Sym::Unresolved(_) => {}
                    Sym::Param(_) => self.push(key, "param", ""),
                    _ => self.push(key, "unknown", ""),
                }
                // `dict(host=DB_HOST)`, `build_dsn(settings.DB_HOST)`: what the arguments read.
                if let Some(a) = args {
                    self.arguments(a, scope, key, depth + 1);
                }
            }
            _ => self.push(key, "unknown", ""),
        }
    }
}

fn dotted(base: &str, suffix: &[String]) -> String {
    let mut s = base.to_owned();
    for part in suffix {
        s.push('.');
        s.push_str(part);
    }
    s
}

/// `os.environ`, however imported.
fn is_environ(sym: &Sym) -> bool {
    matches!(sym, Sym::Global(_) | Sym::Attr(..)) && sym.render() == "os.environ"
}

/// A literal as a connection target: a URL's driver suffix and scheme
/// alias do not change the database (`postgresql+psycopg2://` is `postgresql://`).
fn normalize_literal(s: &str) -> String {
    let s = s.trim();
    let Some((scheme, rest)) = s.split_once("://") else {
        return s.to_owned();
    };
    let base = scheme
        .split('+')
        .next()
        .unwrap_or(scheme)
        .to_ascii_lowercase();
    let base = if base == "postgres" {
        "postgresql"
    } else {
        &base
    };
    format!("{base}://{rest}")
}

/// One read, parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Read<'a> {
    pub key: &'a str,
    pub kind: &'a str,
    pub value: &'a str,
}

impl<'a> Read<'a> {
    #[must_use]
    pub fn parse(s: &'a str) -> Option<Read<'a>> {
        let (key, rest) = s.split_once('|')?;
        let (kind, value) = rest.split_once(':')?;
        Some(Read { key, kind, value })
    }

    /// The configuration name a read stands for: an environment variable's,
    /// a setting's key, a constant's or an attribute's last name
    /// (`settings.DATABASE_URL` and `os.environ["DATABASE_URL"]` both read `DATABASE_URL`).
    #[must_use]
    pub fn setting(&self) -> Option<&'a str> {
        match self.kind {
            "env" | "key" => Some(self.value),
            "name" => {
                let last = self.value.rsplit('.').next()?;
                let setting_like = !last.contains('(')
                    && last.chars().any(|c| c.is_ascii_uppercase())
                    && last
                        .chars()
                        .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
                setting_like.then_some(last)
            }
            _ => None,
        }
    }
}

/// Why a direct connect reaches the database of a pool.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Evidence {
    /// Both read this name (a constant, a setting, an environment variable).
    Shared(String),
    /// Both set this parameter to the same literal (`host=db`).
    Literal(String, String),
    /// The connect says nothing about where: the server's defaults.
    NoArguments,
    /// The pool's own reads are unknown; the connect reads this name of the pool's module.
    OwnerName(String),
}

/// Whether a connect with `connect` reads reaches the database of a pool
/// built with `pool` reads (`None`: the pool's reads are unknown, as for a
/// configured pool module), owned by `owner`. `counts(name)`: whether a
/// shared name is evidence (a library function's name is not).
#[must_use]
pub fn evidence(
    connect: &[Arc<str>],
    pool: Option<&[Arc<str>]>,
    owner: &str,
    counts: &dyn Fn(&str) -> bool,
) -> Option<Evidence> {
    // Ex) `psycopg2.connect()`: libpq's defaults, the one server there is.
    if connect.is_empty() {
        return Some(Evidence::NoArguments);
    }
    let c: Vec<Read<'_>> = connect.iter().filter_map(|s| Read::parse(s)).collect();
    let p: Vec<Read<'_>> = pool
        .unwrap_or_default()
        .iter()
        .filter_map(|s| Read::parse(s))
        .collect();
    let known = p
        .iter()
        .any(|r| matches!(r.kind, "env" | "key" | "name" | "lit"));
    if !known {
        // Ex) a pool built from its caller's arguments (`Database.initialize(**kwargs)`)
        //     or by a framework: only the pool module's own names tie a connect to it.
        let prefix = format!("{owner}.");
        return c
            .iter()
            .find(|r| r.kind == "name" && r.value.starts_with(&prefix) && counts(r.value))
            .map(|r| Evidence::OwnerName(r.value.to_owned()));
    }
    let same = |a: &Read<'_>, b: &Read<'_>| -> Option<String> {
        match (a.kind, b.kind) {
            ("lit", "lit") => (a.key == b.key && a.value == b.value).then(|| a.value.to_owned()),
            ("name", "name") => (a.value == b.value && counts(a.value)).then(|| a.value.to_owned()),
            ("env" | "key" | "name", "env" | "key" | "name") => {
                let (x, y) = (a.setting()?, b.setting()?);
                (x == y).then(|| x.to_owned())
            }
            _ => None,
        }
    };
    // Ex) a superuser's `{"host": DB_HOST, "user": "postgres"}` next to a pool
    //     that names its `dbname`: the connect reaches the server's default
    //     database. (`**` reads: keys unknown, maybe a database among them.)
    let names_database = |reads: &[Read<'_>]| {
        reads
            .iter()
            .any(|r| matches!(r.key, "dbname" | "dsn" | "**"))
    };
    let pool_names = p.iter().any(|r| r.key == "dbname");
    let connect_names = c.iter().any(|r| r.key == "dbname");
    if (pool_names && !names_database(&c)) || (connect_names && !names_database(&p)) {
        return None;
    }
    // Ex) `dbname="postgres"` for a `CREATE DATABASE` next to a pool on
    //     `dbname=os.environ["DB_NAME"]`: another database on the same server.
    for key in IDENTITY_KEYS {
        let ck: Vec<&Read<'_>> = c.iter().filter(|r| r.key == *key).collect();
        let pk: Vec<&Read<'_>> = p.iter().filter(|r| r.key == *key).collect();
        if !ck.is_empty()
            && !pk.is_empty()
            && !ck.iter().any(|a| pk.iter().any(|b| same(a, b).is_some()))
        {
            return None;
        }
    }
    for a in &c {
        for b in &p {
            let Some(shared) = same(a, b) else { continue };
            if a.kind == "lit" {
                // A literal port or user alone does not name a database.
                if matches!(a.key, "dsn" | "host" | "dbname") {
                    return Some(Evidence::Literal(a.key.to_owned(), shared));
                }
            } else {
                return Some(Evidence::Shared(shared));
            }
        }
    }
    None
}

/// The integer literal a call's argument list gives the parameter `name`
/// at position `index` (`ThreadedConnectionPool(10, 100)`, `maxconn=100`);
/// `None` when it is not a literal, or when a `*args`/`**kwargs` may hide
/// it.
#[must_use]
pub fn int_argument(file: &PyFile<'_>, args: Node<'_>, name: &str, index: u32) -> Option<i64> {
    let literal = |n: Node<'_>| file.text_of(n).replace('_', "").parse().ok();
    let mut cursor = args.walk();
    let mut pos = 0u32;
    for a in args.named_children(&mut cursor) {
        match a.kind() {
            "keyword_argument" => {
                if a.child_by_field_name("name")
                    .is_some_and(|n| file.text_of(n) == name)
                {
                    return literal(a.child_by_field_name("value")?);
                }
            }
            "list_splat" | "dictionary_splat" => return None,
            "comment" => {}
            _ => {
                if pos == index {
                    return literal(a);
                }
                pos += 1;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reads(src: &str) -> Vec<String> {
        let tree = crate::lang::python::parse(src).unwrap();
        let file = PyFile::build(src, &tree, Arc::from("app.reports"), false);
        let scope = file.scopes.len() as u32 - 1;
        let call = *file.scopes[scope as usize]
            .calls
            .iter()
            .rev()
            .find(|c| file.text_of(**c).starts_with("psycopg2.connect"))
            .unwrap();
        call_reads(&file, call, scope)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn names_env_vars_settings_and_literals() {
        let src = "import os\nimport psycopg2\nfrom app.db import DSN\nfrom app.config import settings\n\
                   DB = {'host': os.getenv('DB_HOST'), 'dbname': 'app'}\n\
                   def f(dsn):\n    psycopg2.connect(DSN, host=settings.DB_HOST, user=os.environ['U'], password=dsn, **DB)\n";
        assert_eq!(
            reads(src),
            [
                "**dict|name:app.reports.DB",
                "dbname|lit:app",
                "dsn|name:app.db.DSN",
                "dsn|name:app.reports.DSN",
                "host|env:DB_HOST",
                "host|name:app.config.settings.DB_HOST",
                "password|param:",
                "user|env:U",
            ]
        );
    }

    #[test]
    fn self_attributes_follow_the_constructor() {
        let src = "import psycopg2\nclass Runner:\n    def __init__(self, configuration):\n        self.configuration = configuration\n\
                   \n    def run(self):\n        return psycopg2.connect(**self.configuration, host=self.configuration.get('host'))\n";
        assert_eq!(reads(src), ["**|param:", "host|param:"]);
    }

    #[test]
    fn evidence_needs_a_shared_name_and_no_other_database() {
        let v = |xs: &[&str]| xs.iter().map(|s| Arc::from(*s)).collect::<Vec<Arc<str>>>();
        let yes = |_: &str| true;
        let pool = v(&["dsn|env:DATABASE_URL"]);
        assert_eq!(
            evidence(
                &v(&["dsn|name:app.config.DATABASE_URL"]),
                Some(&pool),
                "app.db",
                &yes
            ),
            Some(Evidence::Shared("DATABASE_URL".into()))
        );
        assert_eq!(
            evidence(&v(&["dsn|param:"]), Some(&pool), "app.db", &yes),
            None
        );
        assert_eq!(
            evidence(&[], Some(&pool), "app.db", &yes),
            Some(Evidence::NoArguments)
        );
        let pool = v(&["host|env:DB_HOST", "dbname|env:DB_NAME"]);
        let superuser = v(&["host|env:DB_HOST", "dbname|lit:postgres"]);
        assert_eq!(evidence(&superuser, Some(&pool), "app.db", &yes), None);
        let default_db = v(&[
            "**dict|name:s.SUPERUSER",
            "host|env:DB_HOST",
            "user|lit:postgres",
        ]);
        assert_eq!(evidence(&default_db, Some(&pool), "app.db", &yes), None);
        let same_db = v(&[
            "**dict|name:s.APP",
            "host|env:DB_HOST",
            "dbname|env:DB_NAME",
        ]);
        assert_eq!(
            evidence(&same_db, Some(&pool), "app.db", &yes),
            Some(Evidence::Shared("DB_HOST".into()))
        );
        assert_eq!(
            evidence(&v(&["dsn|name:app.db.DSN"]), None, "app.db", &yes),
            Some(Evidence::OwnerName("app.db.DSN".into()))
        );
        assert_eq!(
            evidence(&v(&["dsn|name:app.config.DSN"]), None, "app.db", &yes),
            None
        );
    }

    #[test]
    fn int_arguments_by_position_or_keyword_and_not_through_splats() {
        let src = "a = f(10, 1_00)\nb = f(maxconn=7, minconn=2)\nc = f(1, *sizes)\nd = f(lo, 5)\n";
        let tree = crate::lang::python::parse(src).unwrap();
        let file = PyFile::build(src, &tree, Arc::from("app.db"), false);
        let args: Vec<Node<'_>> = file.scopes[0]
            .calls
            .iter()
            .map(|c| c.child_by_field_name("arguments").unwrap())
            .collect();
        let max = |i: usize| int_argument(&file, args[i], "maxconn", 1);
        let min = |i: usize| int_argument(&file, args[i], "minconn", 0);
        assert_eq!((min(0), max(0)), (Some(10), Some(100)));
        assert_eq!((min(1), max(1)), (Some(2), Some(7)));
        assert_eq!((min(2), max(2)), (Some(1), None));
        assert_eq!((min(3), max(3)), (None, Some(5)));
    }
}
