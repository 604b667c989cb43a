// An axum handler registered with `.route("/users", get(list_users))` that opens its own sqlx connection per request.
use std::env;

use axum::{http::StatusCode, routing::get, Json, Router};
use serde::Serialize;
use sqlx::{Connection, FromRow, PgConnection};

#[derive(Debug, Serialize, FromRow)]
pub struct User {
    pub id: i64,
    pub email: String,
    pub display_name: String,
}

pub fn router() -> Router {
    Router::new().route("/users", get(list_users))
}

async fn list_users() -> Result<Json<Vec<User>>, StatusCode> {
    let database_url = env::var("DATABASE_URL").map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    let mut conn = PgConnection::connect(&database_url) // expect: CL201
        .await
        .map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?;

    let users = sqlx::query_as::<_, User>("SELECT id, email, display_name FROM users ORDER BY id")
        .fetch_all(&mut conn)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;

    conn.close().await.ok();
    Ok(Json(users))
}
