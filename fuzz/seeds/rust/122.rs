// Negative: `conn.begin()` opens a transaction on the connection already held (not a new checkout); a pool transaction committed before the next checkout is over.
use axum::{
    extract::{Path, State},
    http::StatusCode,
};
use sqlx::{Connection, PgPool};

use crate::error::AppError;

pub async fn rotate_api_key(
    State(pool): State<PgPool>,
    Path(key_id): Path<i64>,
) -> Result<StatusCode, AppError> {
    let mut conn = pool.acquire().await?;
    let mut tx = conn.begin().await?;
    sqlx::query("UPDATE api_keys SET revoked_at = now() WHERE id = $1")
        .bind(key_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO api_keys (account_id, secret_hash) SELECT account_id, encode(gen_random_bytes(32), 'hex') FROM api_keys WHERE id = $1")
        .bind(key_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn close_account(
    State(pool): State<PgPool>,
    Path(account_id): Path<i64>,
) -> Result<StatusCode, AppError> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE accounts SET closed_at = now() WHERE id = $1")
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;

    let mut conn = pool.acquire().await?;
    sqlx::query("INSERT INTO account_events (account_id, kind) VALUES ($1, 'closed')")
        .bind(account_id)
        .execute(&mut *conn)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
