// `std::mem::forget(conn)` on an sqlx `PoolConnection` "to keep the temp table around": the connection is never returned and its pool slot is gone.
use axum::{extract::State, http::StatusCode, Json};
use serde::Deserialize;
use sqlx::PgPool;

use crate::error::AppError;

#[derive(Deserialize)]
pub struct BulkPriceUpdate {
    skus: Vec<String>,
    price_cents: Vec<i64>,
}

pub async fn stage_price_update(
    State(pool): State<PgPool>,
    Json(update): Json<BulkPriceUpdate>,
) -> Result<StatusCode, AppError> {
    let mut conn = pool.acquire().await?;
    sqlx::query("CREATE TEMP TABLE IF NOT EXISTS staged_prices (sku text PRIMARY KEY, price_cents bigint)")
        .execute(&mut *conn)
        .await?;
    sqlx::query("INSERT INTO staged_prices SELECT * FROM UNNEST($1::text[], $2::bigint[]) ON CONFLICT (sku) DO UPDATE SET price_cents = EXCLUDED.price_cents")
        .bind(&update.skus)
        .bind(&update.price_cents)
        .execute(&mut *conn)
        .await?;
    std::mem::forget(conn); // expect: CL303
    Ok(StatusCode::ACCEPTED)
}
