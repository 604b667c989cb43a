// The guard lives in an `Option` field of a worker; `std::mem::take` moves it out (and it is dropped) before the upstream call.
use bb8::{Pool, PooledConnection};
use bb8_postgres::PostgresConnectionManager;
use tokio_postgres::NoTls;

type PgManager = PostgresConnectionManager<NoTls>;

pub async fn sync_batch(pool: &Pool<PgManager>, http: &reqwest::Client) -> Result<(), Error> {
    let mut conn = Some(pool.get().await?);
    if let Some(c) = conn.as_ref() {
        c.execute("UPDATE batches SET state = 'sending' WHERE state = 'ready'", &[])
            .await?;
    }
    let taken: Option<PooledConnection<'_, PgManager>> = std::mem::take(&mut conn);
    drop(taken);
    http.post("https://upstream.example.com/batches").send().await?;
    Ok(())
}
