//! The dataflow state of one tracked connection, split by the values of the
//! function's boolean flags.
//!
//! A flag is a local assigned `True`/`False` (or a `None` test,
//! `own = conn is None`) that later guards the release: `if local:
//! pool.release(conn)`. Joining the states of the paths where the flag is
//! true and where it is false would pair "acquired" with "flag false" and
//! report a leak on a path that cannot run. So the state at a node is a set
//! of states, one per combination of known flag values; a branch on a flag
//! keeps only the states that agree with it.

use std::sync::Arc;

use tree_sitter::Node;

use crate::lang::python::cfg::Id;

/// At most this many flags are followed per function (3^3 combinations).
pub(super) const MAX_FLAGS: usize = 3;

/// The top bit of `State::flags`: see [`State::in_flight`].
const IN_FLIGHT: u8 = 0x80;

/// A flag's value in a state: not known, true or false.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum FlagValue {
    Unknown = 0,
    True = 1,
    False = 2,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct State {
    pub bits: u8,
    /// Watched receivers that may be unbound.
    pub unbound: u32,
    /// Watched receivers that may be `None`.
    pub none: u32,
    /// The node whose exception carries an open connection.
    pub raiser: Option<Id>,
    /// An explicit `raise` (outside `except` handlers) whose exception
    /// carries an open connection: named in preference to an implicit raiser.
    pub explicit: Option<Id>,
    /// The `return` that carries an open connection.
    pub exit_at: Option<Id>,
    /// The flags' values on the paths this state stands for, two bits each.
    pub flags: u8,
}

impl State {
    /// Joins `other` into `self`; whether anything changed.
    pub fn join(&mut self, other: &State) -> bool {
        let before = self.clone();
        self.bits |= other.bits;
        self.unbound |= other.unbound;
        self.none |= other.none;
        self.raiser = min_opt(self.raiser, other.raiser);
        self.explicit = min_opt(self.explicit, other.explicit);
        self.exit_at = min_opt(self.exit_at, other.exit_at);
        *self != before
    }

    pub fn flag(&self, i: usize) -> FlagValue {
        match (self.flags >> (2 * i)) & 3 {
            1 => FlagValue::True,
            2 => FlagValue::False,
            _ => FlagValue::Unknown,
        }
    }

    pub fn set_flag(&mut self, i: usize, v: FlagValue) {
        self.flags = (self.flags & !(3 << (2 * i))) | ((v as u8) << (2 * i));
    }

    /// Whether the exception in flight on these paths is one the tracked
    /// resource declares (kept in the flags' spare top bit, so that such
    /// paths are not joined with others before the `except` dispatch).
    pub fn in_flight(&self) -> bool {
        self.flags & IN_FLIGHT != 0
    }

    pub fn set_in_flight(&mut self, typed: bool) {
        self.flags = (self.flags & !IN_FLIGHT) | if typed { IN_FLIGHT } else { 0 };
    }

    /// Applies "flag `i` is `truth`" on a branch; `false` when this state's
    /// paths cannot take the branch.
    pub fn assume_flag(&mut self, i: usize, truth: bool) -> bool {
        let want = if truth {
            FlagValue::True
        } else {
            FlagValue::False
        };
        match self.flag(i) {
            FlagValue::Unknown => {
                self.set_flag(i, want);
                true
            }
            v => v == want,
        }
    }
}

/// Adds `state` to the set of states at a node (joined into the one with
/// the same flag values); whether the set changed.
pub(super) fn add(set: &mut Vec<State>, state: State) -> bool {
    if let Some(old) = set.iter_mut().find(|s| s.flags == state.flags) {
        return old.join(&state);
    }
    set.push(state);
    true
}

/// All the states of a node as one, flags forgotten: `None` if no path
/// reaches it.
pub(super) fn joined(set: &[State]) -> Option<State> {
    let (first, rest) = set.split_first()?;
    let mut out = first.clone();
    for s in rest {
        out.join(s);
    }
    out.flags = 0;
    Some(out)
}

fn min_opt(a: Option<Id>, b: Option<Id>) -> Option<Id> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.min(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

/// The locals of a function that may serve as flags, from its assignments
/// (target text, value): those only ever assigned a `bool` (`True`,
/// `False`, a comparison such as `own = conn is None`, see [`boolean`]). At most
/// [`MAX_FLAGS`], first assigned first.
pub(super) fn find_flags<'t>(
    text: &str,
    assigns: &[Vec<(&'t str, Node<'t>, Option<Node<'t>>)>],
    params: &[&str],
) -> Vec<Arc<str>> {
    let mut candidates: Vec<(&str, usize)> = Vec::new();
    let mut rejected: Vec<&str> = Vec::new();
    for node in assigns {
        for &(name, target, value) in node {
            if rejected.contains(&name) {
                continue;
            }
            let is_bool = value.is_some_and(|v| boolean(v, text));
            if !is_bool || params.contains(&name) {
                rejected.push(name);
                candidates.retain(|(c, _)| *c != name);
                continue;
            }
            if !candidates.iter().any(|(c, _)| *c == name) {
                candidates.push((name, target.start_byte()));
            }
        }
    }
    candidates.sort_by_key(|&(_, at)| at);
    candidates
        .into_iter()
        .take(MAX_FLAGS)
        .map(|(n, _)| Arc::from(n))
        .collect()
}

/// The value an assignment gives a flag: `True`/`False` literals are known,
/// anything else (`conn is None`) is not.
pub(super) fn flag_value(value: Node<'_>) -> Option<FlagValue> {
    match value.kind() {
        "true" => Some(FlagValue::True),
        "false" => Some(FlagValue::False),
        _ => None,
    }
}

/// An expression whose value is a `bool`: a comparison (`conn is None`,
/// `len(sys.argv) > 1`), `not x`, `a and b` of such, `bool(x)`,
/// `isinstance(...)`. A flag may hold it; a list or a connection, whose
/// truth can change without an assignment, may not.
fn boolean(value: Node<'_>, text: &str) -> bool {
    match value.kind() {
        "comparison_operator" | "not_operator" | "true" | "false" => true,
        "boolean_operator" => {
            let l = value.child_by_field_name("left");
            let r = value.child_by_field_name("right");
            l.is_some_and(|l| boolean(l, text)) && r.is_some_and(|r| boolean(r, text))
        }
        "parenthesized_expression" => value.named_child(0).is_some_and(|c| boolean(c, text)),
        "call" => value
            .child_by_field_name("function")
            .and_then(|f| text.get(f.byte_range()))
            .is_some_and(|f| {
                matches!(
                    f,
                    "bool" | "isinstance" | "issubclass" | "hasattr" | "callable"
                )
            }),
        _ => false,
    }
}
