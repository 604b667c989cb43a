// Negative: the handler gives its connection back with `drop(conn)` before it awaits the fulfilment API, then records the result through the pool.
use axum::{
    extract::{Path, State},
    http::StatusCode,
};
use serde::Serialize;
use sqlx::PgPool;

use crate::error::AppError;

#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
    pub http: reqwest::Client,
    pub fulfilment_url: String,
}

#[derive(Serialize, sqlx::FromRow)]
struct Shipment {
    order_id: i64,
    address: String,
    sku: String,
    quantity: i32,
}

pub async fn dispatch_order(
    State(state): State<AppState>,
    Path(order_id): Path<i64>,
) -> Result<StatusCode, AppError> {
    let mut conn = state.pool.acquire().await?;
    let shipment: Shipment = sqlx::query_as(
        "SELECT o.id AS order_id, o.address, l.sku, l.quantity FROM orders o JOIN order_lines l ON l.order_id = o.id WHERE o.id = $1",
    )
    .bind(order_id)
    .fetch_one(&mut *conn)
    .await?;
    drop(conn);

    let response = state
        .http
        .post(&state.fulfilment_url)
        .json(&shipment)
        .send()
        .await?;
    let status = if response.status().is_success() { "dispatched" } else { "dispatch_failed" };

    sqlx::query("UPDATE orders SET status = $1 WHERE id = $2")
        .bind(status)
        .bind(order_id)
        .execute(&state.pool)
        .await?;
    Ok(StatusCode::ACCEPTED)
}
