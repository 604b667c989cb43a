// Workers check a connection out up front, then wait on an mpsc channel (and a oneshot reply) with it still held.
use sqlx::postgres::PgPool;
use tokio::sync::{mpsc, oneshot};

pub struct AuditEvent {
    pub actor_id: i64,
    pub action: String,
    pub target: String,
}

pub struct PriceRequest {
    pub sku: String,
    pub reply: oneshot::Sender<i64>,
}

pub async fn audit_writer(
    pool: PgPool,
    mut events: mpsc::Receiver<AuditEvent>,
) -> Result<(), sqlx::Error> {
    let mut conn = pool.acquire().await?;
    while let Some(event) = events.recv().await { // expect: CL302
        sqlx::query("INSERT INTO audit_log (actor_id, action, target) VALUES ($1, $2, $3)")
            .bind(event.actor_id)
            .bind(&event.action)
            .bind(&event.target)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn reprice_catalog(
    pool: &PgPool,
    pricing: mpsc::Sender<PriceRequest>,
) -> anyhow::Result<u64> {
    let mut conn = pool.acquire().await?;
    let skus: Vec<String> = sqlx::query_scalar("SELECT sku FROM products WHERE reprice_due")
        .fetch_all(&mut *conn)
        .await?;

    let mut updated = 0;
    for sku in skus {
        let (reply, price) = oneshot::channel();
        pricing.send(PriceRequest { sku: sku.clone(), reply }).await?; // expect: CL302
        let cents = price.await?; // expect: CL302
        updated += sqlx::query(
            "UPDATE products SET price_cents = $1, reprice_due = false WHERE sku = $2",
        )
        .bind(cents)
        .bind(&sku)
        .execute(&mut *conn)
        .await?
        .rows_affected();
    }
    Ok(updated)
}
