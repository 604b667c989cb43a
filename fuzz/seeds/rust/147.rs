// Negative: `drop(conn)` and `std::mem::drop(client)` give guards back early; dropping is not leaking.
use std::time::Duration;

use deadpool_postgres::Pool;
use sqlx::PgPool;

pub async fn count_unread(pool: &PgPool, user_id: i64) -> Result<i64, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let unread: i64 = sqlx::query_scalar("SELECT count(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
        .bind(user_id)
        .fetch_one(&mut *conn)
        .await?;
    drop(conn);
    Ok(unread)
}

pub async fn poll_exports(pool: &Pool) -> anyhow::Result<()> {
    loop {
        let client = pool.get().await?;
        let pending: i64 = client
            .query_one("SELECT count(*) FROM exports WHERE status = 'pending'", &[])
            .await?
            .get(0);
        std::mem::drop(client);
        if pending == 0 {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}
