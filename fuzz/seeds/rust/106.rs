// Negative: test code — deadpool pools built without timeouts inside `#[tokio::test]` and a `#[cfg(test)]` module are not reported.
use deadpool_postgres::Pool;

pub async fn count_users(pool: &Pool) -> Result<i64, Box<dyn std::error::Error + Send + Sync>> {
    let client = pool.get().await?;
    let row = client.query_one("SELECT count(*) FROM users", &[]).await?;
    Ok(row.get(0))
}

#[tokio::test]
async fn counts_users_in_an_empty_database() {
    let mut cfg = deadpool_postgres::Config::new();
    cfg.url = Some(std::env::var("TEST_DATABASE_URL").unwrap());
    let pool = cfg
        .create_pool(Some(deadpool_postgres::Runtime::Tokio1), tokio_postgres::NoTls)
        .unwrap();
    assert_eq!(count_users(&pool).await.unwrap(), 0);
}

#[cfg(test)]
mod tests {
    use deadpool_postgres::{Manager, Pool};
    use tokio_postgres::NoTls;

    use super::count_users;

    fn test_pool() -> Pool {
        let pg_config = std::env::var("TEST_DATABASE_URL").unwrap().parse().unwrap();
        Pool::builder(Manager::new(pg_config, NoTls))
            .max_size(2)
            .build()
            .unwrap()
    }

    #[tokio::test]
    async fn counts_seeded_users() {
        let pool = test_pool();
        let client = pool.get().await.unwrap();
        client
            .batch_execute("INSERT INTO users (name) VALUES ('ada'), ('grace')")
            .await
            .unwrap();
        drop(client);
        assert_eq!(count_users(&pool).await.unwrap(), 2);
    }
}
