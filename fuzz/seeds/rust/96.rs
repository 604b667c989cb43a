// An axum handler that builds a whole `PgPoolOptions` pool on every request and drops it on return.
use axum::{extract::Path, http::StatusCode, routing::get, Json, Router};
use serde::Serialize;
use sqlx::{postgres::PgPoolOptions, FromRow};

#[derive(Serialize, FromRow)]
struct Profile {
    user_id: i64,
    bio: String,
    avatar_url: Option<String>,
}

async fn get_profile(Path(user_id): Path<i64>) -> Result<Json<Profile>, StatusCode> {
    let url = std::env::var("DATABASE_URL").map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    let pool = PgPoolOptions::new() // expect: CL202
        .max_connections(5)
        .connect(&url)
        .await
        .map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?;

    sqlx::query_as::<_, Profile>("SELECT user_id, bio, avatar_url FROM profiles WHERE user_id = $1")
        .bind(user_id)
        .fetch_optional(&pool)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?
        .map(Json)
        .ok_or(StatusCode::NOT_FOUND)
}

pub fn router() -> Router {
    Router::new().route("/profiles/:user_id", get(get_profile))
}
