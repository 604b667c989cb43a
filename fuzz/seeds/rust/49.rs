// Negative: `Semaphore::acquire`, tokio `Mutex::lock().await`, `HashMap::get` and `headers().get` are not pools; no connection is held at any await.
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Instant;

use axum::{
    extract::{Path, State},
    http::HeaderMap,
    Json,
};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use tokio::sync::{Mutex, Semaphore};

use crate::error::AppError;

#[derive(Clone)]
pub struct CachedToken {
    value: String,
    expires_at: Instant,
}

#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
    pub http: reqwest::Client,
    pub upstream_limit: Arc<Semaphore>,
    pub tokens: Arc<Mutex<HashMap<String, CachedToken>>>,
}

#[derive(Deserialize, Serialize)]
pub struct Profile {
    id: i64,
    display_name: String,
}

async fn fetch_token(http: &reqwest::Client, tenant: &str) -> Result<CachedToken, reqwest::Error> {
    let value = http
        .post(format!("https://auth.example.com/tenants/{tenant}/token"))
        .send()
        .await?
        .text()
        .await?;
    Ok(CachedToken { value, expires_at: Instant::now() + std::time::Duration::from_secs(300) })
}

pub async fn proxy_profile(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(user_id): Path<i64>,
) -> Result<Json<Profile>, AppError> {
    let tenant = headers
        .get("x-tenant-id")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("default")
        .to_owned();

    let _permit = state.upstream_limit.acquire().await?;
    let mut tokens = state.tokens.lock().await;
    let token = match tokens.get(&tenant) {
        Some(cached) if cached.expires_at > Instant::now() => cached.value.clone(),
        _ => {
            let fresh = fetch_token(&state.http, &tenant).await?;
            tokens.insert(tenant.clone(), fresh.clone());
            fresh.value
        }
    };
    drop(tokens);

    let response = state
        .http
        .get(format!("https://profiles.example.com/users/{user_id}"))
        .bearer_auth(token)
        .send()
        .await?;
    let profile: Profile = response.json().await?;

    sqlx::query("INSERT INTO profile_cache (user_id, display_name) VALUES ($1, $2) ON CONFLICT (user_id) DO UPDATE SET display_name = EXCLUDED.display_name")
        .bind(profile.id)
        .bind(&profile.display_name)
        .execute(&state.pool)
        .await?;
    Ok(Json(profile))
}
