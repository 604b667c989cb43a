// Negative: the first connection is moved into an `async move` task before the handler takes another from the same pool.
use axum::{
    extract::{Path, State},
    http::StatusCode,
};
use sqlx::PgPool;

use crate::error::AppError;

#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
}

pub async fn archive_mailbox(
    State(state): State<AppState>,
    Path(mailbox_id): Path<i64>,
) -> Result<StatusCode, AppError> {
    let mut conn = state.pool.acquire().await?;
    sqlx::query("UPDATE mailboxes SET archiving = true WHERE id = $1")
        .bind(mailbox_id)
        .execute(&mut *conn)
        .await?;

    tokio::spawn(async move {
        let moved = sqlx::query("INSERT INTO archived_messages SELECT * FROM messages WHERE mailbox_id = $1")
            .bind(mailbox_id)
            .execute(&mut *conn)
            .await;
        if let Err(err) = moved {
            tracing::error!(%err, mailbox_id, "archiving failed");
        }
    });

    let mut conn = state.pool.acquire().await?;
    sqlx::query("INSERT INTO mailbox_events (mailbox_id, kind) VALUES ($1, 'archive_started')")
        .bind(mailbox_id)
        .execute(&mut *conn)
        .await?;
    Ok(StatusCode::ACCEPTED)
}
