// axum handler runs `fetch_one(&pool)` while its transaction from the same pool is open: the executor checks out a second connection.
use axum::{
    extract::{Path, State},
    http::StatusCode,
};
use sqlx::PgPool;

use crate::error::AppError;

const FOLLOWER_COUNT: &str =
    "SELECT count(*) FROM followers WHERE author_id = (SELECT author_id FROM posts WHERE id = $1)";

pub async fn publish_post(
    State(pool): State<PgPool>,
    Path(post_id): Path<i64>,
) -> Result<StatusCode, AppError> {
    let mut tx = pool.begin().await?;
    sqlx::query("UPDATE posts SET published_at = now() WHERE id = $1")
        .bind(post_id)
        .execute(&mut *tx)
        .await?;
    let followers: i64 = sqlx::query_scalar(FOLLOWER_COUNT).bind(post_id).fetch_one(&pool).await?; // expect: CL305
    sqlx::query("INSERT INTO fanout_jobs (post_id, recipients) VALUES ($1, $2)")
        .bind(post_id)
        .bind(followers)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}
