// `pool.acquire().await?.leak()` leaks the connection straight off the acquisition to get a dedicated `PgConnection` for a CDC reader.
use sqlx::postgres::PgPool;
use sqlx::PgConnection;

pub struct ChangeReader {
    conn: PgConnection,
    slot: String,
}

impl ChangeReader {
    pub async fn open(pool: &PgPool, slot: &str) -> Result<Self, sqlx::Error> {
        let mut conn = pool.acquire().await?.leak(); // expect: CL303
        sqlx::query("SELECT pg_create_logical_replication_slot($1, 'wal2json') WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = $1)")
            .bind(slot)
            .execute(&mut conn)
            .await?;
        Ok(Self { conn, slot: slot.to_owned() })
    }

    pub async fn next_batch(&mut self) -> Result<Vec<String>, sqlx::Error> {
        sqlx::query_scalar("SELECT data FROM pg_logical_slot_get_changes($1, NULL, 100)")
            .bind(&self.slot)
            .fetch_all(&mut self.conn)
            .await
    }
}
