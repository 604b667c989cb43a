// The builder sets a runtime plus create and recycle timeouts but no `wait_timeout`: waiting for a free slot is still unbounded.
use std::time::Duration;

use deadpool_postgres::{Manager, Pool, Runtime};
use tokio_postgres::NoTls;

pub fn setup_pg_pool(pg_config: tokio_postgres::Config, max_size: usize) -> Pool {
    let manager = Manager::new(pg_config, NoTls);
    Pool::builder(manager) // expect: CL205
        .max_size(max_size)
        .runtime(Runtime::Tokio1)
        .create_timeout(Some(Duration::from_secs(5)))
        .recycle_timeout(Some(Duration::from_secs(2)))
        .build()
        .expect("failed to build the Postgres pool")
}
