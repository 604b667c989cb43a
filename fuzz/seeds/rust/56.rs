// Negative: test code is skipped; `#[tokio::test]` and `#[sqlx::test]` functions hold a connection across sleeps and a mock HTTP call.
use std::time::Duration;

use sqlx::PgPool;

#[tokio::test]
async fn lease_expires_after_ttl() -> anyhow::Result<()> {
    let pool = PgPool::connect(&std::env::var("DATABASE_URL")?).await?;
    let mut conn = pool.acquire().await?;
    sqlx::query("INSERT INTO leases (name, expires_at) VALUES ('reindex', now() + interval '1 second')")
        .execute(&mut *conn)
        .await?;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let live: i64 = sqlx::query_scalar("SELECT count(*) FROM leases WHERE expires_at > now()")
        .fetch_one(&mut *conn)
        .await?;
    assert_eq!(live, 0);
    Ok(())
}

#[cfg(test)]
mod webhook_tests {
    use super::*;
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    #[sqlx::test]
    async fn webhook_marks_delivery(pool: PgPool) -> anyhow::Result<()> {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/hook"))
            .respond_with(ResponseTemplate::new(204))
            .mount(&server)
            .await;

        let mut conn = pool.acquire().await?;
        sqlx::query("INSERT INTO deliveries (id, url) VALUES (1, $1)")
            .bind(format!("{}/hook", server.uri()))
            .execute(&mut *conn)
            .await?;
        let status = reqwest::Client::new()
            .post(format!("{}/hook", server.uri()))
            .send()
            .await?
            .status();
        assert!(status.is_success());
        tokio::time::sleep(Duration::from_millis(50)).await;
        Ok(())
    }
}
