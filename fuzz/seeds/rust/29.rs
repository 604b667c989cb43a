// Negative: `main` opens a one-off connection to run migrations, then builds the pool the handlers use.
use std::time::Duration;

use axum::{extract::State, http::StatusCode, routing::get, Json, Router};
use sqlx::postgres::PgPoolOptions;
use sqlx::{Connection, PgConnection, PgPool};

async fn count_users(State(pool): State<PgPool>) -> Result<Json<i64>, StatusCode> {
    sqlx::query_scalar::<_, i64>("SELECT count(*) FROM users")
        .fetch_one(&pool)
        .await
        .map(Json)
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let database_url = std::env::var("DATABASE_URL")?;

    let mut conn = PgConnection::connect(&database_url).await?;
    sqlx::migrate!("./migrations").run(&mut conn).await?;
    conn.close().await?;

    let pool = PgPoolOptions::new()
        .max_connections(10)
        .acquire_timeout(Duration::from_secs(3))
        .connect(&database_url)
        .await?;

    let app = Router::new()
        .route("/users/count", get(count_users))
        .with_state(pool);

    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await?;
    axum::serve(listener, app).await?;
    Ok(())
}
