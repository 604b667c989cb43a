//! Symbolic expressions: what the front end records about an expression
//! without knowing yet what its names mean across the project.
//!
//! `pool.getconn()` in `app/api.py`, where `pool` was imported from `app.db`,
//! becomes `Call(Attr(Global("app.db.pool"), "getconn"))`. Evaluating that
//! against the catalog and the project summaries (`values.rs`) says it is an
//! acquisition from the psycopg2 pool `app.db.pool`.

use std::sync::Arc;

/// A symbolic expression. Cheap to clone (shared strings).
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Sym {
    /// A qualified global name: a module, a module attribute, a builtin (`builtins.open`).
    Global(Arc<str>),
    /// A name the file could not resolve (maybe from a `*` import).
    Unresolved(Arc<str>),
    /// A local variable of scope `scope` of the current file (or function summary).
    Local(u32, Arc<str>),
    /// Parameter `index` of the current function.
    Param(u32),
    /// `self` inside a method of the class with this qualified name.
    SelfOf(Arc<str>),
    Attr(Box<Sym>, Arc<str>),
    Call(Box<Sym>, Option<Box<CallHint>>),
    /// The value bound by `with <sym> as x`.
    Enter(Box<Sym>),
    /// Element `index` of a tuple (unpacking, `with ... as (cur, conn)`).
    Item(Box<Sym>, u32),
    /// An instance of the annotated type.
    Instance(Box<Sym>),
    /// `(a, b)` as a value (returned or yielded tuples).
    Tuple(Vec<Sym>),
    None,
    Unknown,
}

/// What a call's arguments say about a pool's backend.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
pub struct CallHint {
    /// The first positional string argument, or `url=`/`dsn=`.
    pub url: Option<String>,
    /// The first positional non-string argument, or `creator=`.
    pub creator: Option<Sym>,
    /// The first positional argument (what `closing(x)` closes).
    pub first_arg: Option<Sym>,
}

impl Sym {
    #[must_use]
    pub fn global(name: &str) -> Sym {
        Sym::Global(Arc::from(name))
    }

    #[must_use]
    pub fn attr(self, name: &str) -> Sym {
        Sym::Attr(Box::new(self), Arc::from(name))
    }

    #[must_use]
    pub fn call(self) -> Sym {
        Sym::Call(Box::new(self), None)
    }

    /// Whether evaluating this can tell anything (not `Unknown`/`None`).
    #[must_use]
    pub fn is_informative(&self) -> bool {
        !matches!(self, Sym::Unknown | Sym::None)
    }

    /// The local names this expression reads (`Local` leaves), for closure computations.
    pub fn locals(&self, out: &mut Vec<(u32, Arc<str>)>) {
        let mut stack = vec![self];
        while let Some(s) = stack.pop() {
            match s {
                Sym::Local(scope, name) => out.push((*scope, name.clone())),
                Sym::Attr(inner, _)
                | Sym::Enter(inner)
                | Sym::Item(inner, _)
                | Sym::Instance(inner) => stack.push(inner),
                Sym::Call(inner, hint) => {
                    stack.push(inner);
                    if let Some(h) = hint {
                        stack.extend(h.creator.iter().chain(h.first_arg.iter()));
                    }
                }
                Sym::Tuple(items) => stack.extend(items.iter()),
                _ => {}
            }
        }
    }

    /// A short dotted rendering for messages and debugging: `app.db.pool.getconn()`.
    #[must_use]
    pub fn render(&self) -> String {
        match self {
            Sym::Global(n) | Sym::Unresolved(n) | Sym::Local(_, n) => n.to_string(),
            Sym::Param(i) => format!("<param {i}>"),
            Sym::SelfOf(_) => "self".to_owned(),
            Sym::Attr(inner, a) => format!("{}.{a}", inner.render()),
            Sym::Call(inner, _) => format!("{}()", inner.render()),
            Sym::Enter(inner) | Sym::Instance(inner) => inner.render(),
            Sym::Item(inner, i) => format!("{}[{i}]", inner.render()),
            Sym::Tuple(items) => {
                let parts: Vec<_> = items.iter().map(Sym::render).collect();
                format!("({})", parts.join(", "))
            }
            Sym::None => "None".to_owned(),
            Sym::Unknown => "?".to_owned(),
        }
    }
}
