// `Config::default()` whose `PoolConfig` sets `Timeouts` for create and recycle only: no `wait`, so `pool.get()` can still queue forever.
use std::time::Duration;

use deadpool_postgres::{Config, Pool, PoolConfig, Runtime, Timeouts};
use tokio_postgres::NoTls;

pub fn bootstrap_reporting_pool(host: &str, dbname: &str) -> Pool {
    let mut cfg = Config::default();
    cfg.host = Some(host.to_owned());
    cfg.dbname = Some(dbname.to_owned());
    cfg.application_name = Some("reporting".to_owned());
    cfg.pool = Some(PoolConfig {
        max_size: 8,
        timeouts: Timeouts {
            create: Some(Duration::from_secs(5)),
            recycle: Some(Duration::from_secs(5)),
            ..Default::default()
        },
        ..Default::default()
    });
    cfg.create_pool(Some(Runtime::Tokio1), NoTls) // expect: CL205
        .expect("reporting database config is invalid")
}
