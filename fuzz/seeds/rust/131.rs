// axum handler takes a second connection from the same `state.pool` while the first is still held; under load every request waits for a slot it is itself blocking.
use axum::{extract::State, http::StatusCode, Json};
use serde::Deserialize;
use sqlx::PgPool;

use crate::error::AppError;

#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
}

#[derive(Deserialize)]
pub struct PointsTransfer {
    from_user: i64,
    to_user: i64,
    points: i64,
}

pub async fn transfer_points(
    State(state): State<AppState>,
    Json(req): Json<PointsTransfer>,
) -> Result<StatusCode, AppError> {
    let mut from = state.pool.acquire().await?;
    let balance: i64 = sqlx::query_scalar("SELECT points FROM wallets WHERE user_id = $1 FOR UPDATE")
        .bind(req.from_user)
        .fetch_one(&mut *from)
        .await?;
    if balance < req.points {
        return Ok(StatusCode::CONFLICT);
    }

    let mut to = state.pool.acquire().await?; // expect: CL305
    sqlx::query("UPDATE wallets SET points = points + $1 WHERE user_id = $2")
        .bind(req.points)
        .bind(req.to_user)
        .execute(&mut *to)
        .await?;
    sqlx::query("UPDATE wallets SET points = points - $1 WHERE user_id = $2")
        .bind(req.points)
        .bind(req.from_user)
        .execute(&mut *from)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
