// Negative: a connection from `state.primary` is held while reads go to `state.replica` (a checkout, an executor call and a helper): different pools.
use axum::{
    extract::{Path, State},
    Json,
};
use serde::Serialize;
use sqlx::PgPool;

use crate::error::AppError;

#[derive(Clone)]
pub struct AppState {
    pub primary: PgPool,
    pub replica: PgPool,
}

#[derive(Serialize, sqlx::FromRow)]
pub struct Author {
    id: i64,
    name: String,
}

#[derive(Serialize)]
pub struct ArticleView {
    id: i64,
    title: String,
    author: Author,
    related: Vec<String>,
    views: i64,
    comments: i64,
}

pub async fn load_author(pool: &PgPool, author_id: i64) -> Result<Author, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    sqlx::query_as("SELECT id, name FROM authors WHERE id = $1")
        .bind(author_id)
        .fetch_one(&mut *conn)
        .await
}

pub async fn show_article(
    State(state): State<AppState>,
    Path(article_id): Path<i64>,
) -> Result<Json<ArticleView>, AppError> {
    let mut conn = state.primary.acquire().await?;
    let (title, author_id, views): (String, i64, i64) = sqlx::query_as(
        "UPDATE articles SET views = views + 1 WHERE id = $1 RETURNING title, author_id, views",
    )
    .bind(article_id)
    .fetch_one(&mut *conn)
    .await?;

    let author = load_author(&state.replica, author_id).await?;
    let related: Vec<String> =
        sqlx::query_scalar("SELECT title FROM articles WHERE author_id = $1 AND id <> $2 LIMIT 5")
            .bind(author_id)
            .bind(article_id)
            .fetch_all(&state.replica)
            .await?;

    let mut replica = state.replica.acquire().await?;
    let comments: i64 = sqlx::query_scalar("SELECT count(*) FROM comments WHERE article_id = $1")
        .bind(article_id)
        .fetch_one(&mut *replica)
        .await?;

    sqlx::query("INSERT INTO article_reads (article_id) VALUES ($1)")
        .bind(article_id)
        .execute(&mut *conn)
        .await?;
    Ok(Json(ArticleView { id: article_id, title, author, related, views, comments }))
}
