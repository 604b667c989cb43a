// Negative: a connection is taken inside the loop body and dies at the end of each iteration, so the next iteration's checkout is not nested.
use std::time::Duration;

use sqlx::PgPool;

pub async fn deliver_webhooks(pool: PgPool, http: reqwest::Client) -> anyhow::Result<()> {
    let mut interval = tokio::time::interval(Duration::from_secs(5));
    loop {
        interval.tick().await;
        let pending: Vec<(i64, String, String)> = {
            let mut conn = pool.acquire().await?;
            sqlx::query_as("SELECT id, url, payload FROM webhook_deliveries WHERE delivered_at IS NULL LIMIT 100")
                .fetch_all(&mut *conn)
                .await?
        };

        for (id, url, payload) in pending {
            let delivered = http
                .post(&url)
                .header("content-type", "application/json")
                .body(payload)
                .send()
                .await
                .is_ok_and(|response| response.status().is_success());
            let mut conn = pool.acquire().await?;
            sqlx::query("UPDATE webhook_deliveries SET delivered_at = CASE WHEN $2 THEN now() END, attempts = attempts + 1 WHERE id = $1")
                .bind(id)
                .bind(delivered)
                .execute(&mut *conn)
                .await?;
        }
    }
}
