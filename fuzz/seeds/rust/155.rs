// With `detach = true`, sqlx `conn.detach()` and deadpool `Object::take(client)` take connections out of their pools and are flagged CL303.
use deadpool_postgres::{ClientWrapper, Object, Pool};
use sqlx::{PgConnection, PgPool};

pub async fn dedicated_loader(pool: &PgPool) -> Result<PgConnection, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    sqlx::query("SET synchronous_commit = off")
        .execute(&mut *conn)
        .await?;
    let loader = conn.detach(); // expect: CL303
    Ok(loader)
}

pub async fn replication_client(pool: &Pool) -> anyhow::Result<ClientWrapper> {
    let client = pool.get().await?;
    client
        .batch_execute("SET application_name = 'replication-tail'")
        .await?;
    let raw = Object::take(client); // expect: CL303
    Ok(raw)
}
