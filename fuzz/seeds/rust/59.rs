// Background workers keep one pooled connection for their whole polling loop and sleep between polls with it checked out.
use std::time::Duration;

use sqlx::PgPool;
use tokio::time::sleep;

pub async fn expire_seat_holds(pool: PgPool) -> Result<(), sqlx::Error> {
    let mut conn = pool.acquire().await?;
    loop {
        let expired = sqlx::query(
            "UPDATE reservations SET status = 'expired' WHERE status = 'held' AND held_until < now()",
        )
        .execute(&mut *conn)
        .await?
        .rows_affected();
        if expired > 0 {
            tracing::info!(expired, "released expired seat holds");
        }
        sleep(Duration::from_secs(15)).await; // expect: CL302
    }
}

pub async fn wait_for_migration(pool: &PgPool, version: i64) -> anyhow::Result<()> {
    let mut conn = pool.acquire().await?;
    for attempt in 1..=30u64 {
        let applied: bool =
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM _sqlx_migrations WHERE version = $1)")
                .bind(version)
                .fetch_one(&mut *conn)
                .await?;
        if applied {
            return Ok(());
        }
        tracing::warn!(attempt, version, "migration not applied yet");
        tokio::time::sleep(Duration::from_millis(500 * attempt)).await; // expect: CL302
    }
    anyhow::bail!("migration {version} was not applied in time")
}
