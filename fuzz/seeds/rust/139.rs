// Negative: test code is skipped; a `#[sqlx::test]` and a test helper in a `#[cfg(test)]` module take two connections from one pool on purpose.
use sqlx::PgPool;

#[sqlx::test]
async fn row_lock_blocks_second_writer(pool: PgPool) -> sqlx::Result<()> {
    let mut first = pool.begin().await?;
    sqlx::query("SELECT id FROM accounts WHERE id = 1 FOR UPDATE")
        .execute(&mut *first)
        .await?;

    let mut second = pool.acquire().await?;
    sqlx::query("SET lock_timeout = '100ms'")
        .execute(&mut *second)
        .await?;
    let blocked = sqlx::query("UPDATE accounts SET balance = 0 WHERE id = 1")
        .execute(&mut *second)
        .await;
    assert!(blocked.is_err());

    first.rollback().await?;
    Ok(())
}

#[cfg(test)]
mod isolation {
    use super::*;

    async fn snapshot_sees_old_value(pool: &PgPool) -> sqlx::Result<bool> {
        let mut reader = pool.begin().await?;
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            .execute(&mut *reader)
            .await?;
        let before: i64 = sqlx::query_scalar("SELECT balance FROM accounts WHERE id = 2")
            .fetch_one(&mut *reader)
            .await?;
        sqlx::query("UPDATE accounts SET balance = balance + 10 WHERE id = 2")
            .execute(pool)
            .await?;
        let after: i64 = sqlx::query_scalar("SELECT balance FROM accounts WHERE id = 2")
            .fetch_one(&mut *reader)
            .await?;
        reader.rollback().await?;
        Ok(before == after)
    }

    #[sqlx::test]
    async fn repeatable_read_snapshot(pool: PgPool) -> sqlx::Result<()> {
        assert!(snapshot_sees_old_value(&pool).await?);
        Ok(())
    }
}
