// `Box::leak(Box::new(conn))` makes a `&'static mut PoolConnection` for a long-lived metrics task: the connection never returns to the pool.
use sqlx::pool::PoolConnection;
use sqlx::{PgPool, Postgres};

pub async fn metrics_connection(
    pool: &PgPool,
) -> Result<&'static mut PoolConnection<Postgres>, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    sqlx::query("SET statement_timeout = '2s'")
        .execute(&mut *conn)
        .await?;
    let conn: &'static mut PoolConnection<Postgres> = Box::leak(Box::new(conn)); // expect: CL303
    Ok(conn)
}
