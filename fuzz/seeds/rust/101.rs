// Negative: a `deadpool_postgres::Config` read with `envy`, and one received as a parameter — configuration decides the timeouts, not this code.
use deadpool_postgres::{Config, CreatePoolError, Pool, Runtime};
use tokio_postgres::NoTls;

pub fn build_pool(cfg: &Config) -> Result<Pool, CreatePoolError> {
    cfg.create_pool(Some(Runtime::Tokio1), NoTls)
}

pub fn init_from_env() -> anyhow::Result<Pool> {
    let cfg: Config = envy::prefixed("PG_").from_env()?;
    let pool = cfg.create_pool(Some(Runtime::Tokio1), NoTls)?;
    Ok(pool)
}

pub fn init_analytics_pool(settings: &AppSettings) -> anyhow::Result<Pool> {
    Ok(build_pool(&settings.analytics)?)
}

pub struct AppSettings {
    pub analytics: Config,
}
