// A helper that builds a pool, runs one query and lets the pool drop: the pool is neither returned, stored nor handed on.
use sqlx::PgPool;

pub async fn count_pending_invoices(database_url: &str) -> Result<i64, sqlx::Error> {
    let pool = PgPool::connect(database_url).await?; // expect: CL202
    let pending: i64 = sqlx::query_scalar("SELECT count(*) FROM invoices WHERE paid_at IS NULL")
        .fetch_one(&pool)
        .await?;
    Ok(pending)
}

pub async fn report_pending(database_url: &str) {
    match count_pending_invoices(database_url).await {
        Ok(n) => tracing::info!(pending = n, "unpaid invoices"),
        Err(e) => tracing::warn!(error = %e, "could not count unpaid invoices"),
    }
}
