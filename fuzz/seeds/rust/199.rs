// Negative: `.get(..)` that is not a checkout — `HashMap::get`, `headers().get(..)`, `extensions().get::<T>()`, a moka cache, a `Semaphore` and a `Mutex` in async actix-web code.
use std::collections::HashMap;
use std::sync::Arc;

use actix_web::{get, http::header, web, HttpMessage, HttpRequest, HttpResponse};
use moka::future::Cache;
use serde::Serialize;
use sqlx::PgPool;
use tokio::sync::{Mutex, Semaphore};

#[derive(Clone, Copy)]
struct UserId(i64);

#[derive(Clone, Serialize)]
struct Profile {
    id: i64,
    display_name: String,
}

struct AppState {
    pool: PgPool,
    feature_flags: HashMap<String, bool>,
    profiles: Cache<i64, Profile>,
    export_slots: Arc<Semaphore>,
    last_export: Mutex<Option<i64>>,
}

#[get("/me")]
async fn me(req: HttpRequest, state: web::Data<AppState>) -> actix_web::Result<HttpResponse> {
    let locale = req
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("en");
    let Some(UserId(user_id)) = req.extensions().get::<UserId>().copied() else {
        return Ok(HttpResponse::Unauthorized().finish());
    };
    let beta = state.feature_flags.get("profile_v2").copied().unwrap_or(false);

    if let Some(profile) = state.profiles.get(&user_id).await {
        return Ok(HttpResponse::Ok().insert_header(("x-cache", "hit")).json(profile));
    }

    let profile = sqlx::query_as!(
        Profile,
        "SELECT id, display_name FROM profiles WHERE id = $1",
        user_id
    )
    .fetch_one(&state.pool)
    .await
    .map_err(actix_web::error::ErrorNotFound)?;
    state.profiles.insert(user_id, profile.clone()).await;

    Ok(HttpResponse::Ok()
        .insert_header(("content-language", locale.to_owned()))
        .insert_header(("x-beta", beta.to_string()))
        .json(profile))
}

#[get("/me/export")]
async fn export(req: HttpRequest, state: web::Data<AppState>) -> actix_web::Result<HttpResponse> {
    let Some(UserId(user_id)) = req.extensions().get::<UserId>().copied() else {
        return Ok(HttpResponse::Unauthorized().finish());
    };
    let _permit = state
        .export_slots
        .acquire()
        .await
        .map_err(actix_web::error::ErrorServiceUnavailable)?;
    *state.last_export.lock().await = Some(user_id);
    Ok(HttpResponse::Accepted().finish())
}
