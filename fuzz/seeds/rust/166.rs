// Negative: the handler passes `tx` by value to `finish(tx, ..)`, which writes the audit row and commits.
use axum::{
    extract::{Path, State},
    http::StatusCode,
    routing::put,
    Router,
};
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

async fn finish(mut tx: Transaction<'static, Postgres>, actor: Uuid, action: &str) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO audit_log (actor, action) VALUES ($1, $2)")
        .bind(actor)
        .bind(action)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

fn internal_error(err: sqlx::Error) -> (StatusCode, String) {
    (StatusCode::INTERNAL_SERVER_ERROR, err.to_string())
}

async fn grant_admin(
    State(pool): State<PgPool>,
    Path((actor, user_id)): Path<(Uuid, Uuid)>,
) -> Result<StatusCode, (StatusCode, String)> {
    let mut tx = pool.begin().await.map_err(internal_error)?;
    sqlx::query("UPDATE users SET role = 'admin' WHERE id = $1")
        .bind(user_id)
        .execute(&mut *tx)
        .await
        .map_err(internal_error)?;
    finish(tx, actor, "role.granted").await.map_err(internal_error)?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router(pool: PgPool) -> Router {
    Router::new()
        .route("/admin/{actor}/grant/{user_id}", put(grant_admin))
        .with_state(pool)
}
