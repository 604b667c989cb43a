// Negative: `block_in_place` (qualified and imported) tells tokio the closure blocks, so the r2d2 checkouts inside it are fine.
use axum::{
    extract::{Path, State},
    http::StatusCode,
    routing::{get, put},
    Json, Router,
};
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};
use serde::{Deserialize, Serialize};
use tokio::task::block_in_place;

mod schema {
    diesel::table! {
        settings (key) {
            key -> Text,
            value -> Text,
        }
    }
}

use schema::settings;

pub type DbPool = Pool<ConnectionManager<PgConnection>>;

#[derive(Clone)]
pub struct AppState {
    pub pool: DbPool,
}

#[derive(Queryable, Serialize)]
struct Setting {
    key: String,
    value: String,
}

#[derive(Deserialize)]
struct NewValue {
    value: String,
}

async fn read_setting(
    State(state): State<AppState>,
    Path(key): Path<String>,
) -> Result<Json<Setting>, StatusCode> {
    let setting = tokio::task::block_in_place(|| {
        let mut conn = state.pool.get().map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?;
        settings::table
            .find(&key)
            .first::<Setting>(&mut conn)
            .map_err(|_| StatusCode::NOT_FOUND)
    })?;
    Ok(Json(setting))
}

async fn write_setting(
    State(state): State<AppState>,
    Path(key): Path<String>,
    Json(body): Json<NewValue>,
) -> Result<StatusCode, StatusCode> {
    block_in_place(|| {
        let mut conn = state.pool.get().map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?;
        diesel::insert_into(settings::table)
            .values((settings::key.eq(&key), settings::value.eq(&body.value)))
            .on_conflict(settings::key)
            .do_update()
            .set(settings::value.eq(&body.value))
            .execute(&mut conn)
            .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)
    })?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/settings/{key}", get(read_setting))
        .route("/settings/{key}", put(write_setting))
        .with_state(state)
}
