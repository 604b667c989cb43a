// Futures that each run a statement in the transaction are collected, then joined: that await is the transaction's work.
use deadpool_postgres::Pool;
use futures_util::future;

pub async fn bump_counters(pool: &Pool, ids: &[i32]) -> Result<Vec<u64>, Error> {
    let mut client = pool.get().await?;
    let txn = client.transaction().await?;
    let stmt = txn
        .prepare("UPDATE counters SET value = value + 1 WHERE id = $1")
        .await?;
    let mut updates = Vec::new();
    for id in ids {
        updates.push(txn.execute(&stmt, &[id]));
    }
    let counts = future::try_join_all(updates).await?;
    txn.commit().await?;
    Ok(counts)
}
