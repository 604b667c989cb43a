// CL303 also applies to tests: a `#[sqlx::test]` that leaks connections to "hold" them exhausts the per-test pool for later assertions.
use sqlx::PgPool;

#[sqlx::test]
async fn pool_reports_busy_connections(pool: PgPool) -> sqlx::Result<()> {
    let conn = pool.acquire().await?;
    let _held = conn.leak(); // expect: CL303

    let busy = pool.size() as usize - pool.num_idle();
    assert_eq!(busy, 1);
    Ok(())
}

#[cfg(test)]
mod timeouts {
    use super::*;

    #[tokio::test]
    async fn acquire_times_out_when_exhausted() {
        let pool = sqlx::postgres::PgPoolOptions::new()
            .max_connections(1)
            .acquire_timeout(std::time::Duration::from_millis(200))
            .connect(&std::env::var("DATABASE_URL").unwrap())
            .await
            .unwrap();
        let conn = pool.acquire().await.unwrap();
        std::mem::forget(conn); // expect: CL303
        assert!(pool.acquire().await.is_err());
    }
}
