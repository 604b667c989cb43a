// Pool factory: returns the pool, and sets a wait timeout on the config it creates.
use std::time::Duration;

use deadpool_postgres::{Config, ManagerConfig, Pool, PoolConfig, RecyclingMethod, Runtime};
use tokio_postgres::NoTls;

pub struct Settings {
    pub database_url: String,
    pub max_connections: usize,
    pub port: u16,
}

impl Settings {
    pub fn from_env() -> Self {
        Settings {
            database_url: std::env::var("DATABASE_URL").expect("DATABASE_URL"),
            max_connections: std::env::var("DB_MAX_CONNECTIONS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(16),
            port: 8080,
        }
    }
}

pub fn create_pool(settings: &Settings) -> Pool {
    let mut cfg = Config::new();
    cfg.url = Some(settings.database_url.clone());
    cfg.manager = Some(ManagerConfig {
        recycling_method: RecyclingMethod::Fast,
    });
    let mut pool_cfg = PoolConfig::new(settings.max_connections);
    pool_cfg.timeouts.wait = Some(Duration::from_secs(5));
    cfg.pool = Some(pool_cfg);
    cfg.create_pool(Some(Runtime::Tokio1), NoTls)
        .expect("invalid database configuration")
}
