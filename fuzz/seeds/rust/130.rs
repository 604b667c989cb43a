// `load_user(pool, ..)` takes its own connection from the pool it is given; the handler calls it with `&state.pool` while holding a connection from that pool.
use axum::{
    extract::{Path, State},
    Json,
};
use serde::Serialize;
use sqlx::PgPool;

use crate::error::AppError;

#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
}

#[derive(Serialize, sqlx::FromRow)]
pub struct User {
    id: i64,
    email: String,
    display_name: String,
}

#[derive(Serialize, sqlx::FromRow)]
pub struct Order {
    id: i64,
    customer_id: i64,
    total_cents: i64,
}

#[derive(Serialize, sqlx::FromRow)]
pub struct OrderLine {
    sku: String,
    quantity: i32,
}

#[derive(Serialize)]
pub struct OrderView {
    order: Order,
    customer: User,
    lines: Vec<OrderLine>,
}

pub async fn load_user(pool: &PgPool, user_id: i64) -> Result<User, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    sqlx::query_as("SELECT id, email, display_name FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(&mut *conn)
        .await
}

pub async fn get_order(
    State(state): State<AppState>,
    Path(order_id): Path<i64>,
) -> Result<Json<OrderView>, AppError> {
    let mut conn = state.pool.acquire().await?;
    let order: Order = sqlx::query_as("SELECT id, customer_id, total_cents FROM orders WHERE id = $1")
        .bind(order_id)
        .fetch_one(&mut *conn)
        .await?;
    let customer = load_user(&state.pool, order.customer_id).await?; // expect: CL305
    let lines: Vec<OrderLine> =
        sqlx::query_as("SELECT sku, quantity FROM order_lines WHERE order_id = $1")
            .bind(order_id)
            .fetch_all(&mut *conn)
            .await?;
    Ok(Json(OrderView { order, customer, lines }))
}
