// `Pool::builder(mgr).max_size(16).build()` for deadpool-postgres sets no wait timeout: once 16 clients are out, `pool.get().await` waits forever.
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::NoTls;

pub fn init_pool(database_url: &str) -> anyhow::Result<Pool> {
    let pg_config: tokio_postgres::Config = database_url.parse()?;
    let mgr_config = ManagerConfig {
        recycling_method: RecyclingMethod::Fast,
    };
    let mgr = Manager::from_config(pg_config, NoTls, mgr_config);
    let pool = Pool::builder(mgr) // expect: CL205
        .max_size(16)
        .build()?;
    Ok(pool)
}
