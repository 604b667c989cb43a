// axum + sqlx: the rows are streamed from the connection (database work), but the file write after the loop still holds it.
use axum::extract::State;
use futures_util::TryStreamExt;
use sqlx::{PgPool, Row};

pub async fn snapshot(State(pool): State<PgPool>) -> Result<(), AppError> {
    let mut conn = pool.acquire().await?;
    let mut rows = sqlx::query("SELECT payload FROM events ORDER BY id").fetch(&mut *conn);
    let mut out = Vec::new();
    while let Some(row) = rows.try_next().await? {
        let payload: Vec<u8> = row.get(0);
        out.extend_from_slice(&payload);
    }
    tokio::fs::write("/var/lib/app/events.snapshot", out).await?; // expect: CL302
    Ok(())
}
