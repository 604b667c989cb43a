// Integration tests live under `tests/`: direct connections here are test code.
use sqlx::{Connection, PgConnection};

async fn test_connection() -> PgConnection {
    let url = std::env::var("TEST_DATABASE_URL").expect("TEST_DATABASE_URL");
    PgConnection::connect(&url).await.expect("test database")
}

#[tokio::test]
async fn invoice_numbers_are_unique() {
    let mut conn = test_connection().await;
    let duplicates: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM (SELECT number FROM invoices GROUP BY number HAVING count(*) > 1) d",
    )
    .fetch_one(&mut conn)
    .await
    .unwrap();
    assert_eq!(duplicates, 0);
}
