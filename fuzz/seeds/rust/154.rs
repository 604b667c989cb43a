// sqlx: a worker keeps its `PoolConnection` in `ManuallyDrop::new(conn)` to "avoid the reset on drop"; the guard's drop never runs and the slot never returns.
use std::mem::ManuallyDrop;

use sqlx::pool::PoolConnection;
use sqlx::{PgPool, Postgres};

pub struct QueueWorker {
    conn: ManuallyDrop<PoolConnection<Postgres>>,
    queue: String,
}

impl QueueWorker {
    pub async fn start(pool: &PgPool, queue: &str) -> Result<Self, sqlx::Error> {
        let mut conn = pool.acquire().await?;
        sqlx::query("SET application_name = 'queue-worker'")
            .execute(&mut *conn)
            .await?;
        let conn = ManuallyDrop::new(conn); // expect: CL303
        Ok(Self { conn, queue: queue.to_owned() })
    }

    pub async fn pop(&mut self) -> Result<Option<i64>, sqlx::Error> {
        sqlx::query_scalar(
            "DELETE FROM jobs WHERE id = (SELECT id FROM jobs WHERE queue = $1 ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) RETURNING id",
        )
        .bind(&self.queue)
        .fetch_optional(&mut **self.conn)
        .await
    }
}
