// Negative: start-up helpers (`init_db`, `setup_search_schema`, `run_migrations`) build short-lived pools; their names exempt them.
use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;

pub async fn init_db(database_url: &str) -> anyhow::Result<()> {
    let pool = PgPool::connect(database_url).await?;
    sqlx::query("CREATE EXTENSION IF NOT EXISTS pgcrypto")
        .execute(&pool)
        .await?;
    Ok(())
}

pub async fn setup_search_schema(database_url: &str) -> anyhow::Result<()> {
    let pool = PgPoolOptions::new().max_connections(1).connect(database_url).await?;
    sqlx::query("CREATE INDEX IF NOT EXISTS documents_tsv_idx ON documents USING gin (tsv)")
        .execute(&pool)
        .await?;
    Ok(())
}

pub async fn run_migrations(database_url: &str) -> anyhow::Result<()> {
    let pool = PgPoolOptions::new().max_connections(1).connect(database_url).await?;
    sqlx::migrate!("./migrations").run(&pool).await?;
    Ok(())
}
