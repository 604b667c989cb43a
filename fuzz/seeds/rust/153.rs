// bb8: a `get_owned()` guard wrapped in `ManuallyDrop::new(conn)` inside a tenant session; dropping the session never gives the connection back.
use std::mem::ManuallyDrop;

use bb8::{Pool, PooledConnection};
use bb8_postgres::PostgresConnectionManager;
use tokio_postgres::{NoTls, Row};

type Manager = PostgresConnectionManager<NoTls>;

pub struct TenantSession {
    conn: ManuallyDrop<PooledConnection<'static, Manager>>,
}

impl TenantSession {
    pub async fn open(pool: &Pool<Manager>, tenant: &str) -> anyhow::Result<Self> {
        let conn = pool.get_owned().await?;
        conn.batch_execute(&format!("SET search_path TO tenant_{tenant}, public"))
            .await?;
        Ok(Self {
            conn: ManuallyDrop::new(conn), // expect: CL303
        })
    }

    pub async fn query(&self, sql: &str) -> Result<Vec<Row>, tokio_postgres::Error> {
        self.conn.query(sql, &[]).await
    }
}
