// Negative: a dry-run endpoint applies the price change inside `pool.begin()`, reads the result back and always calls `tx.rollback()`.
use axum::{
    extract::{Query, State},
    http::StatusCode,
    routing::post,
    Json, Router,
};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;

#[derive(Deserialize)]
struct Repricing {
    category: String,
    percent: i32,
}

#[derive(Serialize)]
struct Preview {
    affected: u64,
    new_total_cents: i64,
}

fn internal_error(err: sqlx::Error) -> (StatusCode, String) {
    (StatusCode::INTERNAL_SERVER_ERROR, err.to_string())
}

async fn preview_repricing(
    State(pool): State<PgPool>,
    Query(req): Query<Repricing>,
) -> Result<Json<Preview>, (StatusCode, String)> {
    let mut tx = pool.begin().await.map_err(internal_error)?;
    let affected = sqlx::query("UPDATE products SET price_cents = price_cents * (100 + $1) / 100 WHERE category = $2")
        .bind(req.percent)
        .bind(&req.category)
        .execute(&mut *tx)
        .await
        .map_err(internal_error)?
        .rows_affected();
    let new_total_cents: i64 = sqlx::query_scalar("SELECT coalesce(sum(price_cents), 0)::int8 FROM products WHERE category = $1")
        .bind(&req.category)
        .fetch_one(&mut *tx)
        .await
        .map_err(internal_error)?;
    tx.rollback().await.map_err(internal_error)?;
    Ok(Json(Preview { affected, new_total_cents }))
}

pub fn router(pool: PgPool) -> Router {
    Router::new()
        .route("/products/repricing/preview", post(preview_repricing))
        .with_state(pool)
}
