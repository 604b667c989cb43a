// Negative: factories that build a pool and give it to their caller (tail expression, `return`, `Ok(pool)`).
use std::time::Duration;

use bb8::Pool as Bb8Pool;
use bb8_postgres::PostgresConnectionManager;
use diesel::r2d2::{ConnectionManager, Pool, PoolError};
use diesel::PgConnection;
use sqlx::postgres::{PgPool, PgPoolOptions};
use tokio_postgres::NoTls;

pub type DbPool = Pool<ConnectionManager<PgConnection>>;

pub fn create_pool(database_url: &str) -> PgPool {
    PgPoolOptions::new()
        .max_connections(10)
        .acquire_timeout(Duration::from_secs(3))
        .connect_lazy(database_url)
        .expect("invalid DATABASE_URL")
}

pub async fn create_replica_pool(replica_url: &str) -> Result<PgPool, sqlx::Error> {
    let pool = PgPoolOptions::new()
        .max_connections(5)
        .connect(replica_url)
        .await?;
    Ok(pool)
}

pub fn create_diesel_pool(database_url: &str) -> Result<DbPool, PoolError> {
    let manager = ConnectionManager::<PgConnection>::new(database_url);
    let pool = Pool::builder().max_size(8).build(manager)?;
    return Ok(pool);
}

pub async fn create_bb8_pool(
    database_url: &str,
) -> anyhow::Result<Bb8Pool<PostgresConnectionManager<NoTls>>> {
    let manager = PostgresConnectionManager::new_from_stringlike(database_url, NoTls)?;
    let pool = Bb8Pool::builder()
        .max_size(8)
        .connection_timeout(Duration::from_secs(5))
        .build(manager)
        .await?;
    Ok(pool)
}
