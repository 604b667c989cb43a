// Negative: bb8 is not deadpool — its builder has a 30 s `connection_timeout` by default, so an axum app built on it is not CL205.
use std::time::Duration;

use axum::{extract::State, http::StatusCode, routing::get, Router};
use bb8::Pool;
use bb8_postgres::PostgresConnectionManager;
use tokio_postgres::NoTls;

type ConnectionPool = Pool<PostgresConnectionManager<NoTls>>;

async fn version(State(pool): State<ConnectionPool>) -> Result<String, (StatusCode, String)> {
    let conn = pool
        .get()
        .await
        .map_err(|e| (StatusCode::SERVICE_UNAVAILABLE, e.to_string()))?;
    let row = conn
        .query_one("SELECT version()", &[])
        .await
        .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    Ok(row.get(0))
}

#[tokio::main]
async fn main() {
    let manager = PostgresConnectionManager::new_from_stringlike("host=localhost user=postgres", NoTls).unwrap();
    let pool = Pool::builder()
        .max_size(15)
        .idle_timeout(Some(Duration::from_secs(300)))
        .build(manager)
        .await
        .unwrap();

    let app = Router::new().route("/version", get(version)).with_state(pool);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
