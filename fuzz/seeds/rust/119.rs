// Negative: sqlx pools default to a 30 s `acquire_timeout`; `PgPoolOptions` and `MySqlPool::connect` in `main` are not CL205.
use std::time::Duration;

use axum::{extract::State, routing::get, Router};
use sqlx::mysql::MySqlPool;
use sqlx::postgres::PgPoolOptions;

#[derive(Clone)]
pub struct AppState {
    pub pg: sqlx::PgPool,
    pub legacy: MySqlPool,
}

async fn health(State(state): State<AppState>) -> &'static str {
    let pg_ok = sqlx::query("SELECT 1").execute(&state.pg).await.is_ok();
    let legacy_ok = sqlx::query("SELECT 1").execute(&state.legacy).await.is_ok();
    if pg_ok && legacy_ok { "ok" } else { "degraded" }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let pg = PgPoolOptions::new()
        .max_connections(20)
        .idle_timeout(Duration::from_secs(600))
        .connect(&std::env::var("DATABASE_URL")?)
        .await?;
    let legacy = MySqlPool::connect(&std::env::var("LEGACY_DATABASE_URL")?).await?;
    let state = AppState { pg, legacy };
    let app = Router::new().route("/health", get(health)).with_state(state);
    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await?;
    axum::serve(listener, app).await?;
    Ok(())
}
