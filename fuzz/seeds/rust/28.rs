// Negative: axum handlers that take every connection from the shared `PgPool` (state, extension, transaction).
use axum::{
    extract::{Path, State},
    http::StatusCode,
    routing::{get, post},
    Extension, Json, Router,
};
use serde::{Deserialize, Serialize};
use sqlx::{FromRow, PgPool};

#[derive(Serialize, FromRow)]
struct Account {
    id: i64,
    owner: String,
    balance_cents: i64,
}

#[derive(Deserialize)]
struct Transfer {
    from: i64,
    to: i64,
    amount_cents: i64,
}

async fn get_account(
    State(pool): State<PgPool>,
    Path(id): Path<i64>,
) -> Result<Json<Account>, StatusCode> {
    let mut conn = pool.acquire().await.map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?;
    sqlx::query_as::<_, Account>("SELECT id, owner, balance_cents FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?
        .map(Json)
        .ok_or(StatusCode::NOT_FOUND)
}

async fn transfer(
    State(pool): State<PgPool>,
    Json(req): Json<Transfer>,
) -> Result<StatusCode, StatusCode> {
    let mut tx = pool.begin().await.map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?;
    sqlx::query("UPDATE accounts SET balance_cents = balance_cents - $1 WHERE id = $2")
        .bind(req.amount_cents)
        .bind(req.from)
        .execute(&mut *tx)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    sqlx::query("UPDATE accounts SET balance_cents = balance_cents + $1 WHERE id = $2")
        .bind(req.amount_cents)
        .bind(req.to)
        .execute(&mut *tx)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    tx.commit().await.map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    Ok(StatusCode::NO_CONTENT)
}

async fn account_count(Extension(pool): Extension<PgPool>) -> Result<Json<i64>, StatusCode> {
    sqlx::query_scalar::<_, i64>("SELECT count(*) FROM accounts")
        .fetch_one(&pool)
        .await
        .map(Json)
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)
}

pub fn router(pool: PgPool) -> Router {
    Router::new()
        .route("/accounts/count", get(account_count))
        .layer(Extension(pool.clone()))
        .route("/accounts/:id", get(get_account))
        .route("/transfers", post(transfer))
        .with_state(pool)
}
