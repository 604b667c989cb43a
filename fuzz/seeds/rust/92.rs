// Factories hand the pool on through `.into()` and `.ok()`: the pool is returned, not dropped.
use sqlx::postgres::{PgPool, PgPoolOptions};

pub struct Database {
    pool: PgPool,
}

impl From<PgPool> for Database {
    fn from(pool: PgPool) -> Self {
        Database { pool }
    }
}

pub async fn connect_database(url: &str, max: u32) -> Result<Database, sqlx::Error> {
    let pool = PgPoolOptions::new().max_connections(max).connect(url).await?;
    Ok(pool.into())
}

pub fn optional_pool() -> Option<PgPool> {
    let url = std::env::var("DATABASE_URL").ok()?;
    PgPoolOptions::new().max_connections(1).connect_lazy(&url).ok()
}
