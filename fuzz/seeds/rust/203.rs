// Negative: async pools only — deadpool-postgres, bb8, sqlx and mysql_async checkouts are awaited, and every later await uses the connection.
use axum::{
    extract::{Path, State},
    http::StatusCode,
    routing::get,
    Json, Router,
};
use bb8_postgres::PostgresConnectionManager;
use mysql_async::prelude::Queryable;
use serde::Serialize;
use sqlx::PgPool;
use tokio_postgres::NoTls;

#[derive(Clone)]
struct AppState {
    orders: deadpool_postgres::Pool,
    catalog: bb8::Pool<PostgresConnectionManager<NoTls>>,
    analytics: PgPool,
    legacy: mysql_async::Pool,
}

#[derive(Serialize)]
struct Summary {
    label: String,
    value: i64,
}

fn internal_error<E: std::fmt::Display>(err: E) -> (StatusCode, String) {
    (StatusCode::INTERNAL_SERVER_ERROR, err.to_string())
}

async fn order_count(State(state): State<AppState>) -> Result<Json<Summary>, (StatusCode, String)> {
    let client = state.orders.get().await.map_err(internal_error)?;
    let stmt = client
        .prepare_cached("SELECT count(*) FROM orders WHERE created_at > now() - interval '1 day'")
        .await
        .map_err(internal_error)?;
    let row = client.query_one(&stmt, &[]).await.map_err(internal_error)?;
    Ok(Json(Summary { label: "orders_24h".into(), value: row.get(0) }))
}

async fn product_count(State(state): State<AppState>) -> Result<Json<Summary>, (StatusCode, String)> {
    let conn = state.catalog.get().await.map_err(internal_error)?;
    let row = conn
        .query_one("SELECT count(*) FROM products WHERE active", &[])
        .await
        .map_err(internal_error)?;
    Ok(Json(Summary { label: "active_products".into(), value: row.get(0) }))
}

async fn page_views(
    State(state): State<AppState>,
    Path(page): Path<String>,
) -> Result<Json<Summary>, (StatusCode, String)> {
    let mut conn = state.analytics.acquire().await.map_err(internal_error)?;
    let views: i64 = sqlx::query_scalar("SELECT count(*) FROM page_views WHERE path = $1")
        .bind(&page)
        .fetch_one(&mut *conn)
        .await
        .map_err(internal_error)?;
    Ok(Json(Summary { label: page, value: views }))
}

async fn legacy_accounts(State(state): State<AppState>) -> Result<Json<Summary>, (StatusCode, String)> {
    let mut conn = state.legacy.get_conn().await.map_err(internal_error)?;
    let total: Option<i64> = conn
        .query_first("SELECT COUNT(*) FROM accounts")
        .await
        .map_err(internal_error)?;
    Ok(Json(Summary { label: "legacy_accounts".into(), value: total.unwrap_or(0) }))
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/stats/orders", get(order_count))
        .route("/stats/products", get(product_count))
        .route("/stats/views/{page}", get(page_views))
        .route("/stats/legacy", get(legacy_accounts))
        .with_state(state)
}
