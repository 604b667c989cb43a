// Negative: deadpool-postgres `client.transaction()` and a `build_transaction()..start()` are both committed before returning.
use deadpool_postgres::{Pool, PoolError};
use tokio_postgres::IsolationLevel;

#[derive(Debug)]
pub enum RepoError {
    Pool(PoolError),
    Db(tokio_postgres::Error),
}

impl From<PoolError> for RepoError {
    fn from(err: PoolError) -> Self {
        RepoError::Pool(err)
    }
}

impl From<tokio_postgres::Error> for RepoError {
    fn from(err: tokio_postgres::Error) -> Self {
        RepoError::Db(err)
    }
}

pub async fn transfer(pool: &Pool, from: i64, to: i64, cents: i64) -> Result<(), RepoError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    tx.execute(
        "UPDATE wallets SET balance_cents = balance_cents - $1 WHERE id = $2",
        &[&cents, &from],
    )
    .await?;
    tx.execute(
        "UPDATE wallets SET balance_cents = balance_cents + $1 WHERE id = $2",
        &[&cents, &to],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn close_month(pool: &Pool, month: chrono::NaiveDate) -> Result<u64, RepoError> {
    let mut client = pool.get().await?;
    let tx = client
        .build_transaction()
        .isolation_level(IsolationLevel::Serializable)
        .start()
        .await?;
    let closed = tx
        .execute("UPDATE ledgers SET closed = true WHERE month = $1 AND NOT closed", &[&month])
        .await?;
    tx.commit().await?;
    Ok(closed)
}
