//! Concurrency rules: connections and the event loop, connections held while waiting.

pub mod blocking_in_async;
pub mod held;
pub mod held_across_slow_call;
pub mod nested_acquire;
pub mod thread_local_connection;
