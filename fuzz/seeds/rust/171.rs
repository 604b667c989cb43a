// The axum sqlx example's `DatabaseConnection(PoolConnection<Postgres>)` extractor: `conn.begin()` on that guard opens a transaction the handler never commits.
use axum::{
    extract::{FromRef, FromRequestParts, Path},
    http::{request::Parts, StatusCode},
    routing::delete,
    Router,
};
use sqlx::pool::PoolConnection;
use sqlx::{Connection, PgPool, Postgres};

struct DatabaseConnection(PoolConnection<Postgres>);

impl<S> FromRequestParts<S> for DatabaseConnection
where
    PgPool: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = (StatusCode, String);

    async fn from_request_parts(_parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let pool = PgPool::from_ref(state);
        let conn = pool.acquire().await.map_err(internal_error)?;
        Ok(Self(conn))
    }
}

fn internal_error<E: std::error::Error>(err: E) -> (StatusCode, String) {
    (StatusCode::INTERNAL_SERVER_ERROR, err.to_string())
}

async fn delete_project(
    DatabaseConnection(mut conn): DatabaseConnection,
    Path(project_id): Path<i64>,
) -> Result<StatusCode, (StatusCode, String)> {
    let mut tx = conn.begin().await.map_err(internal_error)?; // expect: CL304
    sqlx::query("DELETE FROM project_members WHERE project_id = $1")
        .bind(project_id)
        .execute(&mut *tx)
        .await
        .map_err(internal_error)?;
    sqlx::query("DELETE FROM projects WHERE id = $1")
        .bind(project_id)
        .execute(&mut *tx)
        .await
        .map_err(internal_error)?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router(pool: PgPool) -> Router {
    Router::new()
        .route("/projects/{project_id}", delete(delete_project))
        .with_state(pool)
}
