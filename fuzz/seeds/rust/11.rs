// Handlers: `project_issues` bypasses the pool through `db::connect()`, `list_projects` uses the pool.
use axum::{
    extract::{Path, State},
    http::StatusCode,
    routing::get,
    Json, Router,
};
use serde::Serialize;
use sqlx::{FromRow, PgPool};

use crate::db;

#[derive(Serialize, FromRow)]
pub struct Project {
    pub id: i64,
    pub name: String,
}

#[derive(Serialize, FromRow)]
pub struct Issue {
    pub id: i64,
    pub title: String,
    pub status: String,
}

pub async fn list_projects(State(pool): State<PgPool>) -> Result<Json<Vec<Project>>, StatusCode> {
    sqlx::query_as::<_, Project>("SELECT id, name FROM projects ORDER BY name")
        .fetch_all(&pool)
        .await
        .map(Json)
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)
}

pub async fn project_issues(Path(project_id): Path<i64>) -> Result<Json<Vec<Issue>>, StatusCode> {
    let mut conn = db::connect().await; // expect: CL201
    sqlx::query_as::<_, Issue>(
        "SELECT id, title, status FROM issues WHERE project_id = $1 ORDER BY id DESC",
    )
    .bind(project_id)
    .fetch_all(&mut conn)
    .await
    .map(Json)
    .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)
}

pub fn router() -> Router<PgPool> {
    Router::new()
        .route("/projects", get(list_projects))
        .route("/projects/:project_id/issues", get(project_issues))
}
