// diesel-async's deadpool `Pool::builder(config).build()` in a `setup_database` fn: no wait timeout on the pool every handler shares.
use diesel_async::pooled_connection::deadpool::{BuildError, Pool};
use diesel_async::pooled_connection::AsyncDieselConnectionManager;
use diesel_async::AsyncPgConnection;

pub type DbPool = Pool<AsyncPgConnection>;

pub fn setup_database(database_url: &str, max_connections: usize) -> Result<DbPool, BuildError> {
    let config = AsyncDieselConnectionManager::<AsyncPgConnection>::new(database_url);
    let pool = Pool::builder(config) // expect: CL205
        .max_size(max_connections)
        .build()?;
    tracing::info!(max_connections, "database pool ready");
    Ok(pool)
}
