// Negative: the order and its lines are written in `pool.begin()` and committed before the handler answers; an early `?` drops `tx`, which is the idiomatic rollback.
use axum::{
    extract::State,
    http::StatusCode,
    routing::post,
    Json, Router,
};
use serde::Deserialize;
use sqlx::PgPool;
use uuid::Uuid;

#[derive(Deserialize)]
struct NewOrder {
    customer_id: Uuid,
    skus: Vec<String>,
}

fn internal_error(err: sqlx::Error) -> (StatusCode, String) {
    (StatusCode::INTERNAL_SERVER_ERROR, err.to_string())
}

async fn create_order(
    State(pool): State<PgPool>,
    Json(order): Json<NewOrder>,
) -> Result<(StatusCode, Json<Uuid>), (StatusCode, String)> {
    let mut tx = pool.begin().await.map_err(internal_error)?;
    let order_id: Uuid = sqlx::query_scalar("INSERT INTO orders (customer_id) VALUES ($1) RETURNING id")
        .bind(order.customer_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(internal_error)?;
    for sku in &order.skus {
        sqlx::query("INSERT INTO order_lines (order_id, sku) VALUES ($1, $2)")
            .bind(order_id)
            .bind(sku)
            .execute(&mut *tx)
            .await
            .map_err(internal_error)?;
    }
    tx.commit().await.map_err(internal_error)?;
    Ok((StatusCode::CREATED, Json(order_id)))
}

pub fn router(pool: PgPool) -> Router {
    Router::new().route("/orders", post(create_order)).with_state(pool)
}
