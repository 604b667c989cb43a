// Negative: guards returned to the caller (`Ok(conn)`) or stored in a struct that drops them normally are not leaked.
use bb8::{Pool, PooledConnection};
use bb8_postgres::PostgresConnectionManager;
use sqlx::pool::PoolConnection;
use sqlx::{PgPool, Postgres};
use tokio_postgres::NoTls;

type Manager = PostgresConnectionManager<NoTls>;

pub async fn tenant_connection(pool: &PgPool, tenant: &str) -> Result<PoolConnection<Postgres>, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    sqlx::query("SELECT set_config('app.tenant', $1, false)")
        .bind(tenant)
        .execute(&mut *conn)
        .await?;
    Ok(conn)
}

pub struct BatchWriter {
    conn: PooledConnection<'static, Manager>,
    written: u64,
}

impl BatchWriter {
    pub async fn open(pool: &Pool<Manager>) -> anyhow::Result<Self> {
        let conn = pool.get_owned().await?;
        Ok(Self { conn, written: 0 })
    }

    pub async fn write(&mut self, event: &str) -> Result<(), tokio_postgres::Error> {
        self.written += self
            .conn
            .execute("INSERT INTO events (payload) VALUES ($1::jsonb)", &[&event])
            .await?;
        Ok(())
    }
}
