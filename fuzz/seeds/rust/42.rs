// Negative: a transaction begun on the held connection and a savepoint on that transaction; every await uses one of them.
use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use serde::Deserialize;
use sqlx::{Connection, PgPool};

use crate::error::AppError;

#[derive(Deserialize)]
pub struct SeatChange {
    seats: i32,
    coupon: Option<String>,
}

pub async fn change_seats(
    State(pool): State<PgPool>,
    Path(team_id): Path<i64>,
    Json(change): Json<SeatChange>,
) -> Result<StatusCode, AppError> {
    let mut conn = pool.acquire().await?;
    sqlx::query("SET application_name = 'billing-api'")
        .execute(&mut *conn)
        .await?;

    let mut tx = conn.begin().await?;
    sqlx::query("UPDATE teams SET seats = $1 WHERE id = $2")
        .bind(change.seats)
        .bind(team_id)
        .execute(&mut *tx)
        .await?;

    if let Some(code) = &change.coupon {
        let mut savepoint = tx.begin().await?;
        sqlx::query("UPDATE coupons SET redeemed_by = $1 WHERE code = $2 AND redeemed_by IS NULL")
            .bind(team_id)
            .bind(code)
            .execute(&mut *savepoint)
            .await?;
        savepoint.commit().await?;
    }

    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
