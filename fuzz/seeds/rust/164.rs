// Negative: deadpool `Object::take(client)` is only checked when `[rules.leaked-guard] detach = true`; by default it is not a finding.
use deadpool_postgres::{ClientWrapper, Object, Pool};

pub async fn take_replication_client(pool: &Pool) -> anyhow::Result<ClientWrapper> {
    let client = pool.get().await?;
    client
        .batch_execute("SET application_name = 'replication-tail'")
        .await?;
    Ok(Object::take(client))
}
