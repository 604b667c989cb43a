// bb8 + tokio-postgres: `forget(conn)` (imported from `std::mem`) on a `PooledConnection` keeps its pool slot checked out forever.
use std::mem::forget;

use bb8::{Pool, PooledConnection};
use bb8_postgres::PostgresConnectionManager;
use tokio_postgres::NoTls;

pub type DbPool = Pool<PostgresConnectionManager<NoTls>>;

pub async fn pin_listener(pool: &DbPool, channel: &str) -> anyhow::Result<()> {
    let conn: PooledConnection<'_, PostgresConnectionManager<NoTls>> = pool.get().await?;
    conn.batch_execute(&format!("LISTEN {channel}")).await?;
    // The listener must outlive this function, so the guard is never dropped.
    forget(conn); // expect: CL303
    Ok(())
}
