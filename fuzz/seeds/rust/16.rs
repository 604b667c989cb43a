// Pool factory used by `main`.
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};

pub struct Settings {
    pub database_url: String,
    pub listen_addr: String,
    pub max_connections: u32,
}

impl Settings {
    pub fn from_env() -> anyhow::Result<Self> {
        Ok(Settings {
            database_url: std::env::var("DATABASE_URL")?,
            listen_addr: std::env::var("LISTEN_ADDR").unwrap_or_else(|_| "0.0.0.0:8080".into()),
            max_connections: std::env::var("DB_MAX_CONNECTIONS")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(10),
        })
    }
}

pub async fn create_pool(settings: &Settings) -> Result<PgPool, sqlx::Error> {
    PgPoolOptions::new()
        .max_connections(settings.max_connections)
        .acquire_timeout(Duration::from_secs(3))
        .connect(&settings.database_url)
        .await
}
