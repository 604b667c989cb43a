// The pool is a `static OnceCell`; `record_audit` checks out from it, and the handler calls it while holding a connection from the same pool.
use axum::{extract::Path, Json};
use once_cell::sync::OnceCell;
use sqlx::PgPool;

static POOL: OnceCell<PgPool> = OnceCell::new();

fn pool() -> &'static PgPool {
    POOL.get().expect("pool initialised in main")
}

async fn record_audit(action: &str) -> Result<(), sqlx::Error> {
    let mut conn = POOL.get().unwrap().acquire().await?;
    sqlx::query("INSERT INTO audit (action) VALUES ($1)")
        .bind(action)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

pub async fn archive_project(Path(id): Path<i64>) -> Result<Json<bool>, AppError> {
    let mut conn = POOL.get().unwrap().acquire().await?;
    sqlx::query("UPDATE projects SET archived = true WHERE id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    record_audit("archive_project").await?; // expect: CL305
    Ok(Json(true))
}

pub async fn list_projects() -> Result<Json<Vec<String>>, AppError> {
    let names: Vec<String> = sqlx::query_scalar("SELECT name FROM projects")
        .fetch_all(pool())
        .await?;
    record_audit("list_projects").await?;
    Ok(Json(names))
}
