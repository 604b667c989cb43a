//! Leak rules: connections taken by hand and not given back on every path.

pub mod manual_connection;
