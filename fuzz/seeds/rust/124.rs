// Rocket refund route opens a second transaction with `pool.begin()` on the same managed pool while the first is still open.
use rocket::http::Status;
use rocket::{post, State};
use sqlx::PgPool;

fn internal(err: sqlx::Error) -> Status {
    log::error!("refund failed: {err}");
    Status::InternalServerError
}

#[post("/orders/<order_id>/refund")]
pub async fn refund_order(order_id: i64, pool: &State<PgPool>) -> Result<Status, Status> {
    let mut tx = pool.begin().await.map_err(internal)?;
    let amount: i64 = sqlx::query_scalar(
        "UPDATE orders SET status = 'refunded' WHERE id = $1 AND status = 'paid' RETURNING total_cents",
    )
    .bind(order_id)
    .fetch_one(&mut *tx)
    .await
    .map_err(internal)?;

    let mut ledger_tx = pool.begin().await.map_err(internal)?; // expect: CL305
    sqlx::query("INSERT INTO ledger (order_id, amount_cents, kind) VALUES ($1, $2, 'refund')")
        .bind(order_id)
        .bind(-amount)
        .execute(&mut *ledger_tx)
        .await
        .map_err(internal)?;
    ledger_tx.commit().await.map_err(internal)?;

    tx.commit().await.map_err(internal)?;
    Ok(Status::NoContent)
}
