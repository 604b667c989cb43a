// The worker's tests live in `worker/tests.rs`, declared by `#[cfg(test)] mod tests;`: test code.
#[cfg(test)]
mod tests;

use sqlx::PgPool;

pub async fn next_job(pool: &PgPool) -> Result<Option<i64>, sqlx::Error> {
    sqlx::query_scalar("SELECT id FROM jobs ORDER BY id LIMIT 1")
        .fetch_optional(pool)
        .await
}
