// bb8 + tokio-postgres job claimer: the pooled connection stays checked out across an exponential backoff sleep between polls.
use std::time::Duration;

use bb8::Pool;
use bb8_postgres::PostgresConnectionManager;
use tokio_postgres::NoTls;

pub type DbPool = Pool<PostgresConnectionManager<NoTls>>;

const CLAIM_JOB: &str = "UPDATE jobs SET locked_by = $1, locked_at = now() \
     WHERE id = (SELECT id FROM jobs WHERE locked_by IS NULL ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) \
     RETURNING id";

pub async fn claim_next_job(pool: &DbPool, worker_id: &str) -> anyhow::Result<Option<i64>> {
    let conn = pool.get().await?;
    let mut delay = Duration::from_millis(100);
    for _ in 0..5 {
        if let Some(row) = conn.query_opt(CLAIM_JOB, &[&worker_id]).await? {
            return Ok(Some(row.get(0)));
        }
        tokio::time::sleep(delay).await; // expect: CL302
        delay *= 2;
    }
    Ok(None)
}
