// An outbox relay that builds a fresh bb8 pool on every pass of its polling loop.
use std::time::Duration;

use bb8::Pool;
use bb8_postgres::PostgresConnectionManager;
use tokio_postgres::NoTls;

pub async fn relay_outbox(database_url: String) -> anyhow::Result<()> {
    loop {
        let manager = PostgresConnectionManager::new_from_stringlike(&database_url, NoTls)?;
        let pool = Pool::builder() // expect: CL202
            .max_size(2)
            .connection_timeout(Duration::from_secs(5))
            .build(manager)
            .await?;

        let conn = pool.get().await?;
        let rows = conn
            .query(
                "UPDATE outbox SET sent_at = now() WHERE sent_at IS NULL RETURNING topic, payload",
                &[],
            )
            .await?;
        drop(conn);

        for row in &rows {
            let topic: &str = row.get(0);
            let payload: &str = row.get(1);
            tracing::info!(topic, payload, "relayed outbox message");
        }
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}
