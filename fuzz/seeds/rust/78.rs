// The factory returns the pool it builds: not a finding by itself.
use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};

pub async fn make_pool() -> PgPool {
    PgPoolOptions::new()
        .max_connections(5)
        .acquire_timeout(Duration::from_secs(3))
        .connect(&std::env::var("DATABASE_URL").expect("DATABASE_URL must be set"))
        .await
        .expect("cannot connect to Postgres")
}
