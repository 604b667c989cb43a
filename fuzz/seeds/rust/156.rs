// A helper takes a `PoolConnection` by value and calls `std::mem::forget` on it when the caller asks to "keep" it, leaking the pool slot.
use sqlx::pool::PoolConnection;
use sqlx::{PgPool, Postgres};

pub enum AfterUse {
    Return,
    Keep,
}

pub async fn run_maintenance(
    mut conn: PoolConnection<Postgres>,
    statement: &str,
    after: AfterUse,
) -> Result<(), sqlx::Error> {
    sqlx::query(statement).execute(&mut *conn).await?;
    if let AfterUse::Keep = after {
        std::mem::forget(conn); // expect: CL303
    }
    Ok(())
}

pub async fn vacuum_hot_tables(pool: &PgPool) -> Result<(), sqlx::Error> {
    for table in ["sessions", "job_queue", "events"] {
        let conn = pool.acquire().await?;
        run_maintenance(conn, &format!("VACUUM (ANALYZE) {table}"), AfterUse::Return).await?;
    }
    Ok(())
}
