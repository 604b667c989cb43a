// Negative: a handler that holds a session-level `pg_advisory_lock`, which must stay on one dedicated connection.
use axum::{extract::Path, http::StatusCode, routing::post, Router};
use sqlx::{Connection, PgConnection};

async fn rebuild_search_index(Path(tenant_id): Path<i64>) -> Result<StatusCode, StatusCode> {
    let url = std::env::var("DATABASE_URL").map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    let mut conn = PgConnection::connect(&url)
        .await
        .map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?;

    sqlx::query("SELECT pg_advisory_lock($1)")
        .bind(tenant_id)
        .execute(&mut conn)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;

    sqlx::query("REFRESH MATERIALIZED VIEW CONCURRENTLY search_documents")
        .execute(&mut conn)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;

    sqlx::query("SELECT pg_advisory_unlock($1)")
        .bind(tenant_id)
        .execute(&mut conn)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    Ok(StatusCode::ACCEPTED)
}

pub fn router() -> Router {
    Router::new().route("/tenants/:tenant_id/reindex", post(rebuild_search_index))
}
