// Negative: the deadpool README pattern — the `deadpool_postgres::Config` is deserialized by the `config` crate from the environment, so its timeouts are configuration (e.g. PG__POOL__TIMEOUTS__WAIT__SECS).
use deadpool_postgres::Runtime;
use serde::Deserialize;
use tokio_postgres::NoTls;

#[derive(Debug, Deserialize)]
struct Config {
    listen: String,
    pg: deadpool_postgres::Config,
}

impl Config {
    pub fn from_env() -> Result<Self, config::ConfigError> {
        config::Config::builder()
            .add_source(config::Environment::default().separator("__"))
            .build()?
            .try_deserialize()
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    dotenvy::dotenv().ok();
    let cfg = Config::from_env()?;
    let pool = cfg.pg.create_pool(Some(Runtime::Tokio1), NoTls)?;
    let app = api::router(pool);
    let listener = tokio::net::TcpListener::bind(&cfg.listen).await?;
    axum::serve(listener, app).await?;
    Ok(())
}

mod api {
    use axum::{extract::State, http::StatusCode, routing::get, Router};
    use deadpool_postgres::Pool;

    async fn ready(State(pool): State<Pool>) -> StatusCode {
        match pool.get().await {
            Ok(_) => StatusCode::OK,
            Err(_) => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    pub fn router(pool: Pool) -> Router {
        Router::new().route("/ready", get(ready)).with_state(pool)
    }
}
