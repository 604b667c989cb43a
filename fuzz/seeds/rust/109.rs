// Negative: `Timeouts::wait_millis(..)` inside the `PoolConfig` of a `Config { .. }` literal sets the wait timeout.
use deadpool_postgres::{Config, CreatePoolError, Pool, PoolConfig, Runtime};
use tokio_postgres::NoTls;

pub fn init_pool(url: String) -> Result<Pool, CreatePoolError> {
    let cfg = Config {
        url: Some(url),
        pool: Some(PoolConfig {
            max_size: 16,
            timeouts: deadpool_postgres::Timeouts::wait_millis(1_000),
            ..Default::default()
        }),
        ..Default::default()
    };
    cfg.create_pool(Some(Runtime::Tokio1), NoTls)
}
