// Negative: `Box::leak` of the database URL string and of the parsed settings gives `'static` configuration; nothing leaked is a pool guard.
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use serde::Deserialize;
use tokio_postgres::NoTls;

#[derive(Deserialize)]
pub struct Settings {
    pub database_url: String,
    pub max_connections: usize,
    pub statement_timeout_ms: u64,
}

pub fn load_settings() -> anyhow::Result<&'static Settings> {
    let settings: Settings = envy::from_env()?;
    Ok(Box::leak(Box::new(settings)))
}

pub fn database_url(settings: &Settings) -> &'static str {
    Box::leak(settings.database_url.clone().into_boxed_str())
}

pub fn init_pool(settings: &'static Settings) -> anyhow::Result<Pool> {
    let pg_config: tokio_postgres::Config = database_url(settings).parse()?;
    let manager = Manager::from_config(
        pg_config,
        NoTls,
        ManagerConfig { recycling_method: RecyclingMethod::Fast },
    );
    let pool = Pool::builder(manager)
        .max_size(settings.max_connections)
        .wait_timeout(Some(std::time::Duration::from_secs(5)))
        .runtime(deadpool_postgres::Runtime::Tokio1)
        .build()?;
    Ok(pool)
}
