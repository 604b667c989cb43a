// Negative: test code — `#[sqlx::test]`, `#[tokio::test]` and a `#[cfg(test)]` module open transactions and let them roll back on purpose.
use sqlx::{PgConnection, PgPool};

pub async fn reserve_seat(conn: &mut PgConnection, show_id: i64, seat: i32) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO reservations (show_id, seat) VALUES ($1, $2)")
        .bind(show_id)
        .bind(seat)
        .execute(conn)
        .await?;
    Ok(())
}

#[sqlx::test]
async fn reserving_the_same_seat_twice_fails(pool: PgPool) -> sqlx::Result<()> {
    let mut tx = pool.begin().await?;
    reserve_seat(&mut tx, 1, 42).await?;
    let second = reserve_seat(&mut tx, 1, 42).await;
    assert!(second.is_err());
    Ok(())
}

#[tokio::test]
async fn reservation_is_invisible_outside_the_transaction() {
    let pool = PgPool::connect(&std::env::var("TEST_DATABASE_URL").unwrap()).await.unwrap();
    let mut tx = pool.begin().await.unwrap();
    reserve_seat(&mut tx, 2, 7).await.unwrap();
    let count: i64 = sqlx::query_scalar("SELECT count(*) FROM reservations WHERE show_id = 2")
        .fetch_one(&mut *tx)
        .await
        .unwrap();
    assert_eq!(count, 1);
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn seeded(pool: &PgPool) -> sqlx::Transaction<'static, sqlx::Postgres> {
        let mut tx = pool.begin().await.expect("begin");
        sqlx::query("INSERT INTO shows (id, title) VALUES (3, 'Hamlet')")
            .execute(&mut *tx)
            .await
            .expect("seed show");
        tx
    }

    #[sqlx::test]
    async fn seats_can_be_reserved_after_seeding(pool: PgPool) {
        let mut tx = seeded(&pool).await;
        reserve_seat(&mut tx, 3, 1).await.unwrap();
    }

    #[sqlx::test]
    async fn helper_transaction_is_left_open(pool: PgPool) {
        let mut tx = pool.begin().await.unwrap();
        sqlx::query("DELETE FROM reservations").execute(&mut *tx).await.unwrap();
    }
}
