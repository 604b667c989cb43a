// Negative: a cleanup loop holds its connection across `tokio::task::yield_now().await`, which the rule allows.
use sqlx::PgPool;

pub async fn purge_expired_sessions(pool: &PgPool) -> Result<u64, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let mut total = 0;
    loop {
        let deleted = sqlx::query(
            "DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE expires_at < now() LIMIT 1000)",
        )
        .execute(&mut *conn)
        .await?
        .rows_affected();
        total += deleted;
        if deleted == 0 {
            break;
        }
        tokio::task::yield_now().await;
    }
    Ok(total)
}
