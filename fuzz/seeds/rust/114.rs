// A `Config { .. }` literal with a `connect_timeout`: that bounds the TCP connect, not the wait for a free pool slot, so `create_pool` still has no wait timeout.
use std::time::Duration;

use deadpool_postgres::{Config, CreatePoolError, Pool, PoolConfig, Runtime, SslMode};
use tokio_postgres::NoTls;

pub struct DbSettings {
    pub url: String,
    pub max_connections: usize,
}

pub fn init_pool(settings: &DbSettings) -> Result<Pool, CreatePoolError> {
    let cfg = Config {
        url: Some(settings.url.clone()),
        connect_timeout: Some(Duration::from_secs(3)),
        ssl_mode: Some(SslMode::Prefer),
        pool: Some(PoolConfig::new(settings.max_connections)),
        ..Default::default()
    };
    cfg.create_pool(Some(Runtime::Tokio1), NoTls) // expect: CL205
}
