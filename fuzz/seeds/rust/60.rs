// A leader-election helper receives a `PoolConnection` by value and sleeps for the whole lease while it holds that connection.
use std::time::Duration;

use sqlx::pool::PoolConnection;
use sqlx::{PgPool, Postgres};

const LEADER_LOCK_ID: i64 = 0x5eed_1ead;

pub async fn hold_leader_lease(
    mut conn: PoolConnection<Postgres>,
    lease: Duration,
) -> Result<(), sqlx::Error> {
    sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(LEADER_LOCK_ID)
        .execute(&mut *conn)
        .await?;
    tokio::time::sleep(lease).await; // expect: CL302
    sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(LEADER_LOCK_ID)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn run_scheduler_term(pool: &PgPool) -> Result<(), sqlx::Error> {
    let conn = pool.acquire().await?;
    hold_leader_lease(conn, Duration::from_secs(30)).await
}
