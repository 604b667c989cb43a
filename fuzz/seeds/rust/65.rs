// Negative: a helper builds the worker pool and hands it by value to `tokio::spawn(worker(pool))`.
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};

async fn email_worker(pool: PgPool) {
    let mut ticker = tokio::time::interval(Duration::from_secs(10));
    loop {
        ticker.tick().await;
        let sent = sqlx::query(
            "UPDATE outgoing_emails SET sent_at = now() WHERE id IN \
             (SELECT id FROM outgoing_emails WHERE sent_at IS NULL ORDER BY id LIMIT 100 FOR UPDATE SKIP LOCKED)",
        )
        .execute(&pool)
        .await;
        match sent {
            Ok(r) => tracing::debug!(rows = r.rows_affected(), "emails marked sent"),
            Err(e) => tracing::warn!(error = %e, "email batch failed"),
        }
    }
}

pub async fn spawn_email_worker(database_url: &str) -> Result<tokio::task::JoinHandle<()>, sqlx::Error> {
    let pool = PgPoolOptions::new()
        .max_connections(2)
        .acquire_timeout(Duration::from_secs(5))
        .connect(database_url)
        .await?;
    Ok(tokio::spawn(email_worker(pool)))
}
