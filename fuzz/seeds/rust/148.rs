// `conn.leak()` turns a pooled connection into a permanently checked-out one to keep a session-level advisory lock; the pool shrinks by one for good.
use sqlx::{PgConnection, PgPool};

const SCHEDULER_LOCK: i64 = 0x5c4e_d01e;

pub async fn become_scheduler(pool: &PgPool) -> Result<Option<PgConnection>, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    let locked: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
        .bind(SCHEDULER_LOCK)
        .fetch_one(&mut *conn)
        .await?;
    if !locked {
        return Ok(None);
    }
    let lock_holder = conn.leak(); // expect: CL303
    Ok(Some(lock_holder))
}
