// Interplay: an axum handler builds a tenant's deadpool on every request — pool-per-call (CL202) and, since that pool has no wait timeout, CL205 as well.
use axum::{
    extract::{Path, State},
    http::StatusCode,
    routing::get,
    Json, Router,
};
use deadpool_postgres::{Config, Runtime};
use serde::Serialize;
use tokio_postgres::NoTls;

#[derive(Clone)]
struct AppState {
    pg_host: String,
}

#[derive(Serialize)]
struct TenantStats {
    orders: i64,
}

fn internal_error<E: std::fmt::Display>(err: E) -> (StatusCode, String) {
    (StatusCode::INTERNAL_SERVER_ERROR, err.to_string())
}

async fn tenant_stats(
    State(state): State<AppState>,
    Path(tenant): Path<String>,
) -> Result<Json<TenantStats>, (StatusCode, String)> {
    let mut cfg = Config::new();
    cfg.host = Some(state.pg_host.clone());
    cfg.dbname = Some(format!("tenant_{tenant}"));
    let pool = cfg.create_pool(Some(Runtime::Tokio1), NoTls).map_err(internal_error)?; // expect: CL202 CL205
    let client = pool.get().await.map_err(internal_error)?;
    let row = client
        .query_one("SELECT count(*) FROM orders", &[])
        .await
        .map_err(internal_error)?;
    Ok(Json(TenantStats { orders: row.get(0) }))
}

#[tokio::main]
async fn main() {
    let state = AppState { pg_host: "db.internal".to_owned() };
    let app = Router::new()
        .route("/tenants/{tenant}/stats", get(tenant_stats))
        .with_state(state);
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
