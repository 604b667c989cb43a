// An axum handler that builds a deadpool-postgres pool from a fresh `Config` per request; the config sets no wait timeout either.
use axum::{extract::Path, http::StatusCode, routing::get, Json, Router};
use deadpool_postgres::{Config, ManagerConfig, RecyclingMethod, Runtime};
use serde::Serialize;
use tokio_postgres::NoTls;

#[derive(Serialize)]
struct Device {
    id: i64,
    name: String,
    last_seen: Option<String>,
}

async fn get_device(Path(device_id): Path<i64>) -> Result<Json<Device>, StatusCode> {
    let mut cfg = Config::new();
    cfg.url = std::env::var("DATABASE_URL").ok();
    cfg.manager = Some(ManagerConfig {
        recycling_method: RecyclingMethod::Fast,
    });
    let pool = cfg.create_pool(Some(Runtime::Tokio1), NoTls).map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?; // expect: CL202 CL205

    let client = pool.get().await.map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?;
    let row = client
        .query_opt(
            "SELECT id, name, last_seen::text FROM devices WHERE id = $1",
            &[&device_id],
        )
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?
        .ok_or(StatusCode::NOT_FOUND)?;

    Ok(Json(Device {
        id: row.get(0),
        name: row.get(1),
        last_seen: row.get(2),
    }))
}

pub fn router() -> Router {
    Router::new().route("/devices/:device_id", get(get_device))
}
