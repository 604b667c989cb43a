// The builder takes a whole `PoolConfig` from the settings (timeouts included): the wait timeout is configuration.
use deadpool_postgres::{Manager, ManagerConfig, Pool, PoolConfig, RecyclingMethod, Runtime};
use tokio_postgres::NoTls;

pub fn init_pool(pg: tokio_postgres::Config, pool_config: PoolConfig) -> Result<Pool, deadpool_postgres::BuildError> {
    let manager = Manager::from_config(
        pg,
        NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Pool::builder(manager)
        .config(pool_config)
        .runtime(Runtime::Tokio1)
        .build()
}
