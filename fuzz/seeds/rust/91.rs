// A pool factory that is fine by itself, called from a handler: every request gets a brand-new pool.
use std::time::Duration;

use axum::{extract::Query, http::StatusCode, routing::get, Json, Router};
use serde::{Deserialize, Serialize};
use sqlx::{postgres::PgPoolOptions, FromRow, PgPool};

#[derive(Deserialize)]
struct Range {
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
}

#[derive(Serialize, FromRow)]
struct DailyRevenue {
    day: chrono::NaiveDate,
    revenue_cents: i64,
}

async fn analytics_pool() -> PgPool {
    PgPoolOptions::new()
        .max_connections(3)
        .acquire_timeout(Duration::from_secs(5))
        .connect(&std::env::var("ANALYTICS_DATABASE_URL").expect("ANALYTICS_DATABASE_URL"))
        .await
        .expect("cannot reach the analytics database")
}

async fn daily_revenue(Query(range): Query<Range>) -> Result<Json<Vec<DailyRevenue>>, StatusCode> {
    let pool = analytics_pool().await; // expect: CL202
    sqlx::query_as::<_, DailyRevenue>(
        "SELECT day, revenue_cents FROM revenue_daily WHERE day BETWEEN $1 AND $2 ORDER BY day",
    )
    .bind(range.from)
    .bind(range.to)
    .fetch_all(&pool)
    .await
    .map(Json)
    .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)
}

pub fn router() -> Router {
    Router::new().route("/analytics/revenue", get(daily_revenue))
}
