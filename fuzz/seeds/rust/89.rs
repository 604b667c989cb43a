// Negative: pools stored in a struct: `AppState { pool, .. }` literal and a field assignment `self.replica = ...`.
use std::sync::Arc;
use std::time::Duration;

use axum::{extract::State, http::StatusCode, routing::get, Json, Router};
use sqlx::postgres::{PgPool, PgPoolOptions};

#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
    pub app_name: String,
}

pub struct ReadReplicas {
    pub replica: PgPool,
    pub replica_url: String,
}

pub async fn build_state(database_url: &str, app_name: String) -> Result<AppState, sqlx::Error> {
    let pool = PgPoolOptions::new()
        .max_connections(20)
        .acquire_timeout(Duration::from_secs(3))
        .connect(database_url)
        .await?;
    let state = AppState { pool, app_name };
    Ok(state)
}

impl ReadReplicas {
    pub fn reconnect(&mut self) -> Result<(), sqlx::Error> {
        self.replica = PgPoolOptions::new()
            .max_connections(5)
            .connect_lazy(&self.replica_url)?;
        Ok(())
    }
}

async fn whoami(State(state): State<Arc<AppState>>) -> Result<Json<String>, StatusCode> {
    let user: String = sqlx::query_scalar("SELECT current_user")
        .fetch_one(&state.pool)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    Ok(Json(format!("{}@{}", user, state.app_name)))
}

pub fn router(state: Arc<AppState>) -> Router {
    Router::new().route("/whoami", get(whoami)).with_state(state)
}
