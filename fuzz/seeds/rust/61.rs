// Negative: `rows` is a stream taken from the held connection (`fetch(&mut *conn)`); awaiting `rows.try_next()` is database work.
use std::fmt::Write as _;

use axum::extract::State;
use futures::TryStreamExt;
use sqlx::PgPool;

use crate::error::AppError;

#[derive(sqlx::FromRow)]
struct Customer {
    id: i64,
    email: String,
    created_at: chrono::DateTime<chrono::Utc>,
}

pub async fn export_customers_csv(State(pool): State<PgPool>) -> Result<String, AppError> {
    let mut conn = pool.acquire().await?;
    let mut rows = sqlx::query_as::<_, Customer>("SELECT id, email, created_at FROM customers ORDER BY id")
        .fetch(&mut *conn);

    let mut out = String::from("id,email,created_at\n");
    while let Some(customer) = rows.try_next().await? {
        writeln!(out, "{},{},{}", customer.id, customer.email, customer.created_at.to_rfc3339())?;
    }
    Ok(out)
}
