//! Concurrency rules: connections and the event loop, connections held while waiting.

pub mod blocking_in_async;
pub mod thread_local_connection;
