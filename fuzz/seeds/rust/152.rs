// deadpool-postgres: `Box::leak(Box::new(client))` hands out a `&'static Client` for the reporting module; the `Object` is never dropped, so never returned.
use deadpool_postgres::{Client, Pool};
use tokio::sync::OnceCell;

static REPORTING_CLIENT: OnceCell<&'static Client> = OnceCell::const_new();

async fn open_reporting_client(pool: &Pool) -> anyhow::Result<&'static Client> {
    let client = pool.get().await?;
    client
        .prepare_cached("SELECT day, revenue_cents FROM daily_revenue WHERE day >= $1")
        .await?;
    Ok(Box::leak(Box::new(client))) // expect: CL303
}

pub async fn reporting_client(pool: &Pool) -> anyhow::Result<&'static Client> {
    REPORTING_CLIENT
        .get_or_try_init(|| open_reporting_client(pool))
        .await
        .copied()
}
