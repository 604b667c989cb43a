// Negative: the pool is built once in `#[tokio::main]` and handed to the router with `with_state`.
use std::time::Duration;

use axum::{extract::State, http::StatusCode, routing::get, Json, Router};
use sqlx::postgres::{PgPool, PgPoolOptions};

async fn tag_names(State(pool): State<PgPool>) -> Result<Json<Vec<String>>, StatusCode> {
    sqlx::query_scalar::<_, String>("SELECT name FROM tags ORDER BY name")
        .fetch_all(&pool)
        .await
        .map(Json)
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let pool = PgPoolOptions::new()
        .max_connections(10)
        .acquire_timeout(Duration::from_secs(3))
        .connect(&std::env::var("DATABASE_URL")?)
        .await?;

    let app = Router::new().route("/tags", get(tag_names)).with_state(pool);
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await?;
    axum::serve(listener, app).await?;
    Ok(())
}
