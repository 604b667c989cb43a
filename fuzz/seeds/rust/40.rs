// axum extractor `DbConn` checks a connection out before the handler runs; the handler then awaits a Slack webhook with it held.
use axum::{
    async_trait,
    extract::{FromRef, FromRequestParts, Path, State},
    http::{request::Parts, StatusCode},
};
use serde::Serialize;
use sqlx::{pool::PoolConnection, PgPool, Postgres};

#[derive(Clone, FromRef)]
pub struct AppState {
    pub pool: PgPool,
    pub http: reqwest::Client,
    pub slack_webhook: String,
}

pub struct DbConn(pub PoolConnection<Postgres>);

#[async_trait]
impl<S> FromRequestParts<S> for DbConn
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

#[derive(Serialize)]
struct SlackMessage {
    text: String,
}

pub async fn close_incident(
    State(state): State<AppState>,
    Path(incident_id): Path<i64>,
    DbConn(mut conn): DbConn,
) -> Result<StatusCode, (StatusCode, String)> {
    let title: String =
        sqlx::query_scalar("UPDATE incidents SET closed_at = now() WHERE id = $1 RETURNING title")
            .bind(incident_id)
            .fetch_one(&mut *conn)
            .await
            .map_err(internal_error)?;

    let message = SlackMessage {
        text: format!(":white_check_mark: Incident #{incident_id} closed: {title}"),
    };
    state // expect: CL302
        .http
        .post(&state.slack_webhook)
        .json(&message)
        .send()
        .await
        .map_err(internal_error)?;

    sqlx::query("INSERT INTO incident_events (incident_id, kind) VALUES ($1, 'notified')")
        .bind(incident_id)
        .execute(&mut *conn)
        .await
        .map_err(internal_error)?;

    Ok(StatusCode::NO_CONTENT)
}

fn internal_error<E: std::fmt::Display>(err: E) -> (StatusCode, String) {
    (StatusCode::INTERNAL_SERVER_ERROR, err.to_string())
}
