// Negative: tests build their own pools (even in a loop): CL202 skips test code.
use sqlx::PgPool;

pub async fn tag_count(pool: &PgPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM tags").fetch_one(pool).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlx::postgres::PgPoolOptions;

    fn test_url() -> String {
        std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@localhost/app_test".into())
    }

    #[tokio::test]
    async fn counts_tags() {
        let pool = PgPoolOptions::new()
            .max_connections(2)
            .connect(&test_url())
            .await
            .unwrap();
        assert!(tag_count(&pool).await.unwrap() >= 0);
    }

    #[tokio::test]
    async fn survives_reconnects() {
        for _ in 0..3 {
            let pool = PgPool::connect(&test_url()).await.unwrap();
            assert!(tag_count(&pool).await.is_ok());
        }
    }

    #[actix_web::test]
    async fn pool_in_actix_test() {
        let pool = PgPool::connect_lazy(&test_url()).unwrap();
        let n = tag_count(&pool).await.unwrap();
        assert!(n >= 0);
    }
}
