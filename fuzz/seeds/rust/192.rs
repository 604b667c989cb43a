// Negative: a project wrapper `run_blocking(f)` passes its closure to `spawn_blocking`, so closures handed to it are off-loaded like `spawn_blocking`'s own.
use axum::{
    extract::{Path, State},
    http::StatusCode,
    routing::{delete, get},
    Json, Router,
};
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};
use serde::Serialize;
use tokio::task::JoinHandle;

mod schema {
    diesel::table! {
        comments (id) {
            id -> Int8,
            post_id -> Int8,
            author -> Text,
            body -> Text,
        }
    }
}

use schema::comments;

type DbPool = Pool<ConnectionManager<PgConnection>>;

#[derive(Queryable, Serialize)]
struct Comment {
    id: i64,
    post_id: i64,
    author: String,
    body: String,
}

/// Runs sync diesel work on tokio's blocking thread pool.
fn run_blocking<F, T>(f: F) -> JoinHandle<T>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    tokio::task::spawn_blocking(f)
}

async fn list_comments(
    State(pool): State<DbPool>,
    Path(post_id): Path<i64>,
) -> Result<Json<Vec<Comment>>, StatusCode> {
    let comments = run_blocking(move || {
        let mut conn = pool.get().map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?;
        comments::table
            .filter(comments::post_id.eq(post_id))
            .order(comments::id.asc())
            .load::<Comment>(&mut conn)
            .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)
    })
    .await
    .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)??;
    Ok(Json(comments))
}

async fn delete_comment(State(pool): State<DbPool>, Path(comment_id): Path<i64>) -> StatusCode {
    let deleted = run_blocking(move || -> QueryResult<usize> {
        let mut conn = pool
            .get()
            .map_err(|e| diesel::result::Error::QueryBuilderError(e.into()))?;
        diesel::delete(comments::table.find(comment_id)).execute(&mut conn)
    })
    .await;
    match deleted {
        Ok(Ok(0)) => StatusCode::NOT_FOUND,
        Ok(Ok(_)) => StatusCode::NO_CONTENT,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

pub fn router(pool: DbPool) -> Router {
    Router::new()
        .route("/posts/{post_id}/comments", get(list_comments))
        .route("/comments/{comment_id}", delete(delete_comment))
        .with_state(pool)
}
