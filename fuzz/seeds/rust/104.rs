// Negative: `cfg.pool = Some(PoolConfig { timeouts: Timeouts { wait: Some(..), .. }, .. })` sets the wait timeout before `create_pool`.
use std::time::Duration;

use deadpool_postgres::{Config, ManagerConfig, Pool, PoolConfig, RecyclingMethod, Runtime, Timeouts};
use tokio_postgres::NoTls;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut cfg = Config::new();
    cfg.url = Some(std::env::var("DATABASE_URL")?);
    cfg.manager = Some(ManagerConfig { recycling_method: RecyclingMethod::Fast });
    cfg.pool = Some(PoolConfig {
        max_size: 32,
        timeouts: Timeouts {
            wait: Some(Duration::from_secs(2)),
            ..Default::default()
        },
        ..Default::default()
    });
    let pool: Pool = cfg.create_pool(Some(Runtime::Tokio1), NoTls)?;
    worker::run(pool).await
}

mod worker {
    use deadpool_postgres::Pool;

    pub async fn run(pool: Pool) -> anyhow::Result<()> {
        loop {
            let client = pool.get().await?;
            let rows = client
                .execute("DELETE FROM jobs WHERE finished_at < now() - interval '7 days'", &[])
                .await?;
            tracing::info!(rows, "pruned finished jobs");
            drop(client);
            tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
        }
    }
}
