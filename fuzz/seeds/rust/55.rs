// Negative: while holding a primary connection, the awaits are a query on the analytics pool and a checkout from it: different pool, and DB work.
use axum::{
    extract::{Path, State},
    Json,
};
use serde::Serialize;
use sqlx::PgPool;

use crate::error::AppError;

#[derive(Clone)]
pub struct AppState {
    pub primary: PgPool,
    pub analytics: PgPool,
}

#[derive(Serialize)]
pub struct Dashboard {
    plan: String,
    page_views: i64,
}

pub async fn dashboard(
    State(state): State<AppState>,
    Path(site_id): Path<i64>,
) -> Result<Json<Dashboard>, AppError> {
    let mut conn = state.primary.acquire().await?;
    let plan: String = sqlx::query_scalar("SELECT plan FROM sites WHERE id = $1")
        .bind(site_id)
        .fetch_one(&mut *conn)
        .await?;

    let page_views: i64 = sqlx::query_scalar("SELECT count(*) FROM page_views WHERE site_id = $1 AND day = current_date")
        .bind(site_id)
        .fetch_one(&state.analytics)
        .await?;

    let mut events = state.analytics.acquire().await?;
    sqlx::query("INSERT INTO dashboard_views (site_id) VALUES ($1)")
        .bind(site_id)
        .execute(&mut *events)
        .await?;

    sqlx::query("UPDATE sites SET last_dashboard_at = now() WHERE id = $1")
        .bind(site_id)
        .execute(&mut *conn)
        .await?;
    Ok(Json(Dashboard { plan, page_views }))
}
