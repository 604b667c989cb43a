// Negative: sqlx `detach()` is only checked when `[rules.leaked-guard] detach = true`; by default `conn.detach()` and `acquire().await?.detach()` are not findings.
use sqlx::{PgConnection, PgPool};

pub async fn dedicated_migration_connection(pool: &PgPool) -> Result<PgConnection, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    sqlx::query("SET lock_timeout = '5s'")
        .execute(&mut *conn)
        .await?;
    Ok(conn.detach())
}

pub async fn bulk_loader_connection(pool: &PgPool) -> Result<PgConnection, sqlx::Error> {
    let mut conn = pool.acquire().await?.detach();
    sqlx::query("SET synchronous_commit = off")
        .execute(&mut conn)
        .await?;
    Ok(conn)
}
