// Negative: `std::mem::forget` on the tracing-appender `WorkerGuard` and on a `TempDir` keeps them alive for the process; neither is a pool guard.
use std::mem;

use axum::{routing::get, Router};
use sqlx::postgres::PgPoolOptions;
use tempfile::TempDir;
use tracing_appender::rolling;

#[derive(Clone)]
pub struct AppState {
    pub pool: sqlx::PgPool,
    pub upload_dir: std::path::PathBuf,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let (writer, log_guard) = tracing_appender::non_blocking(rolling::daily("/var/log/api", "api.log"));
    tracing_subscriber::fmt().with_writer(writer).init();
    // Logs must be flushed until the process exits.
    mem::forget(log_guard);

    let scratch = TempDir::new()?;
    let upload_dir = scratch.path().to_path_buf();
    std::mem::forget(scratch);

    let pool = PgPoolOptions::new()
        .max_connections(20)
        .connect(&std::env::var("DATABASE_URL")?)
        .await?;
    let app = Router::new()
        .route("/health", get(|| async { "ok" }))
        .with_state(AppState { pool, upload_dir });

    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await?;
    axum::serve(listener, app).await?;
    Ok(())
}
