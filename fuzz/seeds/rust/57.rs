// Negative: the connection is moved into a spawned import task (`tokio::spawn(run_import(conn, ..))`) before the handler awaits the event bus.
use axum::{extract::State, Json};
use serde::{Deserialize, Serialize};
use sqlx::pool::PoolConnection;
use sqlx::{PgPool, Postgres};
use uuid::Uuid;

use crate::error::AppError;

#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
    pub http: reqwest::Client,
    pub events_url: String,
}

#[derive(Deserialize)]
pub struct CsvRow {
    email: String,
    plan: String,
}

#[derive(Deserialize)]
pub struct ImportRequest {
    source: String,
    rows: Vec<CsvRow>,
}

#[derive(Serialize)]
pub struct ImportStarted {
    job_id: Uuid,
}

#[derive(Serialize)]
struct ImportEvent {
    job_id: Uuid,
    kind: &'static str,
}

async fn run_import(
    mut conn: PoolConnection<Postgres>,
    job_id: Uuid,
    rows: Vec<CsvRow>,
) -> Result<(), sqlx::Error> {
    for row in rows {
        sqlx::query("INSERT INTO subscribers (email, plan, import_id) VALUES ($1, $2, $3)")
            .bind(&row.email)
            .bind(&row.plan)
            .bind(job_id)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("UPDATE import_jobs SET finished_at = now() WHERE id = $1")
        .bind(job_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn start_import(
    State(state): State<AppState>,
    Json(req): Json<ImportRequest>,
) -> Result<Json<ImportStarted>, AppError> {
    let mut conn = state.pool.acquire().await?;
    let job_id: Uuid =
        sqlx::query_scalar("INSERT INTO import_jobs (source) VALUES ($1) RETURNING id")
            .bind(&req.source)
            .fetch_one(&mut *conn)
            .await?;
    tokio::spawn(run_import(conn, job_id, req.rows));

    state
        .http
        .post(&state.events_url)
        .json(&ImportEvent { job_id, kind: "import.started" })
        .send()
        .await?;
    Ok(Json(ImportStarted { job_id }))
}
