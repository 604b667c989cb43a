// Negative: SQLite connections are local files or memory, not server connections: `SqliteConnection` and `sqlite:` URLs are exempt.
use axum::{http::StatusCode, routing::post, Json, Router};
use serde::{Deserialize, Serialize};
use sqlx::{Connection, SqliteConnection};

#[derive(Deserialize)]
struct CsvUpload {
    rows: Vec<(String, f64)>,
}

#[derive(Serialize)]
struct Summary {
    distinct_keys: i64,
    total: f64,
}

async fn summarize_upload(Json(upload): Json<CsvUpload>) -> Result<Json<Summary>, StatusCode> {
    let mut scratch = SqliteConnection::connect("sqlite::memory:")
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;

    sqlx::query("CREATE TABLE upload (key TEXT NOT NULL, value REAL NOT NULL)")
        .execute(&mut scratch)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    for (key, value) in &upload.rows {
        sqlx::query("INSERT INTO upload (key, value) VALUES (?, ?)")
            .bind(key)
            .bind(value)
            .execute(&mut scratch)
            .await
            .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    }

    let (distinct_keys, total): (i64, f64) =
        sqlx::query_as("SELECT count(DISTINCT key), coalesce(sum(value), 0.0) FROM upload")
            .fetch_one(&mut scratch)
            .await
            .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    Ok(Json(Summary { distinct_keys, total }))
}

pub fn router() -> Router {
    Router::new().route("/uploads/summary", post(summarize_upload))
}
