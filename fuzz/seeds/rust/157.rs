// deadpool-postgres: `mem::forget(client)` skips the `Object`'s drop, so the client never goes back to the pool and `pool.get()` eventually waits forever.
use std::mem;

use deadpool_postgres::{Client, Pool};

async fn prepare_session(client: &Client, tenant: &str) -> Result<(), tokio_postgres::Error> {
    client
        .batch_execute(&format!("SET search_path TO tenant_{tenant}, public"))
        .await
}

pub async fn warm_tenant_sessions(pool: &Pool, tenants: &[String]) -> anyhow::Result<()> {
    for tenant in tenants {
        let client = pool.get().await?;
        prepare_session(&client, tenant).await?;
        mem::forget(client); // expect: CL303
    }
    Ok(())
}
