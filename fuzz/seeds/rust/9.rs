// Negative: a background worker spawned from `main` holds its own connection; no request handler reaches it.
use std::time::Duration;

use axum::{extract::State, http::StatusCode, routing::get, Json, Router};
use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;
use tokio_postgres::NoTls;

async fn pending_jobs(State(pool): State<PgPool>) -> Result<Json<i64>, StatusCode> {
    sqlx::query_scalar::<_, i64>("SELECT count(*) FROM jobs WHERE finished_at IS NULL")
        .fetch_one(&pool)
        .await
        .map(Json)
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)
}

async fn expire_sessions_worker(database_url: String) {
    let (client, connection) = match tokio_postgres::connect(&database_url, NoTls).await {
        Ok(pair) => pair,
        Err(e) => {
            tracing::error!(error = %e, "session expiry worker could not connect");
            return;
        }
    };
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::error!(error = %e, "session expiry connection lost");
        }
    });

    let mut ticker = tokio::time::interval(Duration::from_secs(60));
    loop {
        ticker.tick().await;
        match client
            .execute("DELETE FROM sessions WHERE expires_at < now()", &[])
            .await
        {
            Ok(n) => tracing::info!(expired = n, "expired sessions removed"),
            Err(e) => tracing::warn!(error = %e, "session expiry failed"),
        }
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let database_url = std::env::var("DATABASE_URL")?;
    let pool = PgPoolOptions::new()
        .max_connections(20)
        .acquire_timeout(Duration::from_secs(5))
        .connect(&database_url)
        .await?;

    tokio::spawn(expire_sessions_worker(database_url.clone()));

    let app = Router::new()
        .route("/jobs/pending", get(pending_jobs))
        .with_state(pool);
    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await?;
    axum::serve(listener, app).await?;
    Ok(())
}
