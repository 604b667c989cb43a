// Negative: the helpers take `&mut PgConnection` and run on the connection the handler already holds; they never touch the pool.
use axum::{
    extract::{Path, State},
    Json,
};
use serde::Serialize;
use sqlx::{PgConnection, PgPool};

use crate::error::AppError;

#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
}

#[derive(Serialize, sqlx::FromRow)]
pub struct User {
    id: i64,
    email: String,
    display_name: String,
}

#[derive(Serialize)]
pub struct Profile {
    user: User,
    followers: i64,
}

pub async fn load_user(conn: &mut PgConnection, user_id: i64) -> Result<User, sqlx::Error> {
    sqlx::query_as("SELECT id, email, display_name FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(conn)
        .await
}

async fn follower_count(conn: &mut PgConnection, user_id: i64) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM follows WHERE followee_id = $1")
        .bind(user_id)
        .fetch_one(conn)
        .await
}

pub async fn profile(
    State(state): State<AppState>,
    Path(user_id): Path<i64>,
) -> Result<Json<Profile>, AppError> {
    let mut conn = state.pool.acquire().await?;
    let user = load_user(&mut *conn, user_id).await?;
    let followers = follower_count(&mut *conn, user.id).await?;
    Ok(Json(Profile { user, followers }))
}
