// Negative: direct connections in test code (`#[tokio::test]`, `#[test]`, `#[sqlx::test]`, a `#[cfg(test)] mod`).
use sqlx::PgPool;

pub async fn active_user_count(pool: &PgPool) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar("SELECT count(*) FROM users WHERE active")
        .fetch_one(pool)
        .await
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::prelude::*;
    use diesel::PgConnection as DieselPg;
    use sqlx::{Connection, PgConnection};

    fn test_url() -> String {
        std::env::var("TEST_DATABASE_URL").unwrap_or_else(|_| "postgres://postgres@localhost/app_test".into())
    }

    #[tokio::test]
    async fn schema_has_users_table() {
        let mut conn = PgConnection::connect(&test_url()).await.unwrap();
        let exists: bool = sqlx::query_scalar("SELECT to_regclass('public.users') IS NOT NULL")
            .fetch_one(&mut conn)
            .await
            .unwrap();
        assert!(exists);
    }

    #[test]
    fn diesel_can_connect() {
        let mut conn = DieselPg::establish(&test_url()).expect("test database");
        diesel::sql_query("SELECT 1").execute(&mut conn).unwrap();
    }

    #[sqlx::test]
    async fn counts_only_active_users(pool: PgPool) {
        sqlx::query("INSERT INTO users (email, active) VALUES ('a@example.com', true), ('b@example.com', false)")
            .execute(&pool)
            .await
            .unwrap();
        assert_eq!(active_user_count(&pool).await.unwrap(), 1);
    }
}
