//! Leak rules: connections taken by hand and not given back on every path.

pub mod background_task_connection;
pub mod close_instead_of_release;
pub mod leak_on_exception;
pub mod leak_on_path;
pub mod leaked_guard;
pub mod manual_connection;
pub mod unfinished_transaction;
pub mod with_does_not_close;
