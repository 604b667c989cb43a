// A `State<AppState>` handler that ignores `state.pool` and opens a dedicated connection with `PgConnection::connect_with`.
use std::str::FromStr;
use std::sync::Arc;

use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use serde::Serialize;
use sqlx::postgres::{PgConnectOptions, PgPool};
use sqlx::{ConnectOptions, Connection, PgConnection};

pub struct AppState {
    pub pool: PgPool,
    pub database_url: String,
}

#[derive(Serialize)]
pub struct ReportRow {
    pub region: String,
    pub revenue_cents: i64,
}

pub async fn regional_report(
    State(state): State<Arc<AppState>>,
    Path(year): Path<i32>,
) -> Result<Json<Vec<ReportRow>>, StatusCode> {
    let opts = PgConnectOptions::from_str(&state.database_url)
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?
        .application_name("regional-report")
        .disable_statement_logging();

    let mut conn = PgConnection::connect_with(&opts) // expect: CL201
        .await
        .map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?;

    sqlx::query("SET statement_timeout = '30s'")
        .execute(&mut conn)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;

    let rows = sqlx::query_as!(
        ReportRow,
        r#"SELECT region AS "region!", SUM(amount_cents)::bigint AS "revenue_cents!"
           FROM sales WHERE date_part('year', sold_at) = $1 GROUP BY region"#,
        year as f64
    )
    .fetch_all(&mut conn)
    .await
    .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;

    Ok(Json(rows))
}
