//! The DB-API (PEP 249) as connlint sees it: the calls that make a round
//! trip to the database on a sync driver's connection or cursor, and the last
//! names of ORM calls that run a query.

use std::sync::Arc;

use crate::lang::python::sym::Sym;

/// The last names of calls that run a query through an ORM session or query
/// (`User.query.filter_by(...).first()`, `db.session.execute(...)`).
pub const SESSION_QUERY_LEAVES: &[&str] = &[
    "all",
    "first",
    "one",
    "one_or_none",
    "get",
    "paginate",
    "count",
    "scalar",
    "scalars",
    "execute",
    "first_or_404",
    "get_or_404",
    "one_or_404",
    "delete",
    "update",
    "merge",
    "refresh",
    "flush",
];

/// DB-API methods: called on a connection or cursor of a sync driver, each is
/// a round trip to the database (`cursor()` opens a server-side cursor on some
/// drivers and always precedes the query).
pub const DBAPI_METHODS: &[&str] = &[
    "cursor",
    "execute",
    "executemany",
    "executescript",
    "fetchone",
    "fetchall",
    "fetchmany",
    "commit",
    "rollback",
];

/// The first DB-API call a sync `def` makes on one of its parameters, given
/// as (parameter name, method) pairs, with `calls` the calls of its body. A
/// sync `def` cannot await, so DB-API calls on its argument run there and
/// then. `cursor()` alone is no round trip (`connection.cursor().close()`):
/// it counts when the function also runs a query. `self` and `cls` are the
/// object, not a connection handed in.
#[must_use]
pub fn work_on_parameters<'a>(
    uses: impl Iterator<Item = (&'a str, &'a str)>,
    calls: &[Sym],
) -> Option<Arc<str>> {
    let queries = calls.iter().any(|c| match c {
        Sym::Call(inner, _) => match &**inner {
            Sym::Attr(_, n) => &**n != "cursor" && DBAPI_METHODS.contains(&&**n),
            _ => false,
        },
        _ => false,
    });
    for (name, method) in uses {
        if DBAPI_METHODS.contains(&method)
            && (queries || method != "cursor")
            && !matches!(name, "self" | "cls")
        {
            return Some(Arc::from(format!("`{name}.{method}()`")));
        }
    }
    None
}
