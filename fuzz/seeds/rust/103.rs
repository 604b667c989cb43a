// Negative: `.timeouts(Timeouts::wait_millis(500))` on a deadpool_diesel builder gives checkouts a 500 ms wait limit.
use deadpool_diesel::postgres::{Manager, Pool};
use deadpool_diesel::{Runtime, Timeouts};

pub fn setup_pool(database_url: &str) -> Pool {
    let manager = Manager::new(database_url, Runtime::Tokio1);
    Pool::builder(manager)
        .max_size(10)
        .runtime(Runtime::Tokio1)
        .timeouts(Timeouts::wait_millis(500))
        .build()
        .expect("failed to build the diesel pool")
}
