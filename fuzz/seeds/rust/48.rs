// axum handler takes a second connection from the same `state.pool` (CL305), then awaits the CRM with both connections held (one CL302 per await).
use axum::{extract::State, http::StatusCode, Json};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;

use crate::error::AppError;

#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
    pub http: reqwest::Client,
    pub crm_url: String,
}

#[derive(Deserialize)]
pub struct MergeRequest {
    source_id: i64,
    target_id: i64,
}

#[derive(Serialize, sqlx::FromRow)]
struct Profile {
    email: String,
    display_name: String,
}

pub async fn merge_accounts(
    State(state): State<AppState>,
    Json(req): Json<MergeRequest>,
) -> Result<StatusCode, AppError> {
    let mut source = state.pool.acquire().await?;
    let mut target = state.pool.acquire().await?; // expect: CL305

    let profile: Profile =
        sqlx::query_as("SELECT email, display_name FROM profiles WHERE account_id = $1")
            .bind(req.source_id)
            .fetch_one(&mut *source)
            .await?;
    sqlx::query("UPDATE profiles SET email = $1, display_name = $2 WHERE account_id = $3")
        .bind(&profile.email)
        .bind(&profile.display_name)
        .bind(req.target_id)
        .execute(&mut *target)
        .await?;

    state.http.post(&state.crm_url).json(&profile).send().await?; // expect: CL302

    sqlx::query("DELETE FROM profiles WHERE account_id = $1")
        .bind(req.source_id)
        .execute(&mut *source)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}
