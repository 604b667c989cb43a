//! CL203 invalid-pool-option: a keyword the pool constructor does not accept,
//! or literal bounds that cannot work.
// The page is the module documentation; its Rust examples are not doctests.
#![cfg_attr(not(doctest), doc = include_str!("../../../rules/CL203.md"))]

use tree_sitter::Node;

use crate::catalog::{PoolDef, PoolSignature};
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix, Severity};
use crate::rules::common::{call_text, scope_label};
use crate::rules::{FixAvailability, PyContext, PythonRule, Rule, RuleMeta, Status};
use crate::source::{Lang, TextRange};

pub struct InvalidPoolOption;

static META: RuleMeta = RuleMeta {
    code: "CL203",
    name: "invalid-pool-option",
    summary: "an option the pool class does not accept, or `minconn > maxconn`",
    langs: &[Lang::Python],
    severity: Severity::Error,
    status: Status::Stable,
    fix: FixAvailability::Sometimes,
    doc: include_str!("../../../rules/CL203.md"),
};

impl Rule for InvalidPoolOption {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn python(&self) -> Option<&dyn PythonRule> {
        Some(self)
    }
}

impl PythonRule for InvalidPoolOption {
    fn check(&self, cx: &PyContext<'_, '_>, out: &mut Vec<Diagnostic>) {
        // Ex) a test passing a bad option on purpose to see the library's error
        if cx.is_test {
            return;
        }
        for built in cx.pools {
            let (call, pool, leaf) = (built.call, &built.pool, built.class);
            let scope = &cx.file.scopes[built.scope as usize];
            let def = cx.catalog.pool(pool.def);
            let Some(sig) = &def.signature else {
                continue;
            };
            let Some(args) = call.child_by_field_name("arguments") else {
                continue;
            };
            let class = leaf;
            let d = Checker {
                cx,
                def,
                sig,
                class,
                scope: scope.id,
            };
            d.keywords(args, out);
            d.bounds(call, args, out);
        }
    }
}

struct Checker<'a, 'c, 't> {
    cx: &'c PyContext<'a, 't>,
    def: &'c PoolDef,
    sig: &'c PoolSignature,
    class: &'c str,
    scope: u32,
}

impl Checker<'_, '_, '_> {
    fn valid(&self, k: &str) -> bool {
        if self.sig.open || self.sig.keywords.iter().any(|x| x == k) {
            return true;
        }
        match self
            .sig
            .passes_to
            .as_deref()
            .and_then(|p| self.cx.catalog.signatures.get(p))
        {
            Some(target) => target.open || target.keywords.iter().any(|x| x == k),
            None => false,
        }
    }

    fn all_valid(&self) -> Vec<&str> {
        let mut v: Vec<&str> = self.sig.keywords.iter().map(String::as_str).collect();
        if let Some(t) = self
            .sig
            .passes_to
            .as_deref()
            .and_then(|p| self.cx.catalog.signatures.get(p))
        {
            v.extend(t.keywords.iter().map(String::as_str));
        }
        v
    }

    fn keywords(&self, args: Node<'_>, out: &mut Vec<Diagnostic>) {
        let file = self.cx.file;
        // `create_engine(url, plugins=[...], myplugin_arg=...)`: plugins consume
        // keywords of their own, which no signature can list.
        let mut cursor = args.walk();
        let has_plugins = args.named_children(&mut cursor).any(|a| {
            a.kind() == "keyword_argument"
                && a.child_by_field_name("name")
                    .is_some_and(|n| file.text_of(n) == "plugins")
        });
        if has_plugins {
            return;
        }
        let this = self.def.display.as_deref().unwrap_or("pool");
        let mut cursor = args.walk();
        for a in args.named_children(&mut cursor) {
            if a.kind() != "keyword_argument" {
                continue;
            }
            let Some(name) = a.child_by_field_name("name") else {
                continue;
            };
            let k = file.text_of(name);
            // `_initialize=False`: the library's private switches are not guessed at.
            if self.valid(k) || k.starts_with('_') {
                continue;
            }
            // Another pool's option (DBUtils' `maxshared` on a psycopg2 pool)?
            let other = self.cx.catalog.pools.iter().find(|p| {
                !std::ptr::eq(*p, self.def)
                    && p.signature
                        .as_ref()
                        .is_some_and(|s| s.keywords.iter().any(|x| x == k))
            });
            let close = self
                .all_valid()
                .into_iter()
                .map(|v| (strsim::jaro_winkler(k, v), v))
                .filter(|(score, _)| *score >= 0.85)
                .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
                .map(|(_, v)| v);
            let passes = self
                .sig
                .passes_to
                .as_deref()
                .map(|p| {
                    format!(" (its other keywords go to `{p}`, which does not take it either)")
                })
                .unwrap_or_default();
            let mut d = Diagnostic::new(
                &META,
                TextRange::of(a),
                match other {
                    Some(o) => format!(
                        "`{k}` is an option of {}, not of `{}`{passes}",
                        o.display.as_deref().unwrap_or("another pool"),
                        self.class
                    ),
                    None => format!("`{}` does not accept `{k}`{passes}", self.class),
                },
            )
            .label(TextRange::of(a), format!("not an option of the {this}"));
            let already_given = |kw: &str| {
                let mut c = args.walk();
                args.named_children(&mut c).any(|x| {
                    x.kind() == "keyword_argument"
                        && x.child_by_field_name("name")
                            .is_some_and(|n| file.text_of(n) == kw)
                })
            };
            if let Some(c) = close {
                d = d.help(format!("did you mean `{c}`?"));
                // Ex) `maxconn=` misspelt `max_conn=`: rename it (unsafe: the option now takes effect).
                if !already_given(c) {
                    d.fix = Some(Fix {
                        title: format!("rename `{k}` to `{c}`"),
                        applicability: Applicability::Unsafe,
                        edits: vec![Edit {
                            range: TextRange::of(name),
                            content: c.to_owned(),
                        }],
                    });
                }
            } else if let Some(o) = other {
                d = d.help(format!(
                    "if you want {}'s behaviour, build that pool; otherwise remove `{k}`",
                    o.display.as_deref().unwrap_or("that pool")
                ));
                // Another pool's option: remove it (unsafe: the call no longer fails).
                if let Some(range) = argument_with_comma(a) {
                    d.fix = Some(Fix {
                        title: format!("remove `{k}`"),
                        applicability: Applicability::Unsafe,
                        edits: vec![Edit {
                            range,
                            content: String::new(),
                        }],
                    });
                }
            }
            if !self.sig.source.is_empty() {
                d = d.note(format!("signature from {}", self.sig.source));
            }
            out.push(d.scope(scope_label(file, self.scope)));
        }
    }

    /// Literal `minconn > maxconn` and `maxconn = 0`.
    fn bounds(&self, call: Node<'_>, args: Node<'_>, out: &mut Vec<Diagnostic>) {
        let file = self.cx.file;
        let value = |spec: &Option<(String, u32)>| -> Option<(String, i64)> {
            let (name, index) = spec.as_ref()?;
            crate::lang::python::config::int_argument(file, args, name, *index)
                .map(|i| (name.clone(), i))
        };
        let min = value(&self.sig.min);
        let max = value(&self.sig.max);
        let text = call_text(file, call);
        if let (Some((lo_name, lo)), Some((hi_name, hi))) = (&min, &max) {
            // `maxsize=0` means "no limit" where the signature says so (aiopg, aiomysql).
            let unlimited = *hi == 0 && self.sig.max_zero_ok;
            if lo > hi && !unlimited {
                out.push(
                    Diagnostic::new(
                        &META,
                        TextRange::of(call),
                        format!("`{text}`: `{lo_name}` ({lo}) is greater than `{hi_name}` ({hi})"),
                    )
                    .label(TextRange::of(call), "the minimum is above the maximum")
                    .help(format!("`{lo_name}` is how many connections are opened up front; `{hi_name}` caps them: swap them, or raise `{hi_name}`"))
                    .note("depending on the library this fails at construction or silently leaves the pool without an effective cap")
                    .scope(scope_label(file, self.scope)),
                );
                return;
            }
        }
        if let Some((hi_name, 0)) = &max {
            if !self.sig.max_zero_ok {
                out.push(
                    Diagnostic::new(
                        &META,
                        TextRange::of(call),
                        format!("`{text}`: `{hi_name}` is 0, so the pool fails at construction or never hands out a connection"),
                    )
                    .label(TextRange::of(call), "no connection will ever be available")
                    .help(format!("set `{hi_name}` to the most connections this process may hold"))
                    .scope(scope_label(file, self.scope)),
                );
            }
        }
    }
}

/// The range of an argument with the comma that separates it from its
/// neighbour: `, x=1` after a previous argument, else `x=1, ` before the next.
fn argument_with_comma(a: Node<'_>) -> Option<TextRange> {
    let mut prev = a.prev_named_sibling();
    while let Some(p) = prev.filter(|p| p.kind() == "comment") {
        prev = p.prev_named_sibling();
    }
    if let Some(prev) = prev {
        return Some(TextRange::new(prev.end_byte(), a.end_byte()));
    }
    let next = a.next_named_sibling().filter(|n| n.kind() != "comment")?;
    Some(TextRange::new(a.start_byte(), next.start_byte()))
}
