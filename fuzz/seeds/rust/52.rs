// Negative: actix-web + deadpool-postgres; the awaits while the `Client` is held are `prepare_cached`, `query` and `execute` on that client.
use actix_web::{get, web, HttpResponse};
use deadpool_postgres::Pool;
use serde::Serialize;
use tokio_postgres::Row;

use crate::error::AppError;

#[derive(Serialize)]
struct OrderSummary {
    id: i64,
    total_cents: i64,
    status: String,
}

impl From<&Row> for OrderSummary {
    fn from(row: &Row) -> Self {
        Self {
            id: row.get("id"),
            total_cents: row.get("total_cents"),
            status: row.get("status"),
        }
    }
}

#[get("/customers/{customer_id}/orders")]
async fn list_orders(
    path: web::Path<i64>,
    pool: web::Data<Pool>,
) -> Result<HttpResponse, AppError> {
    let customer_id = path.into_inner();
    let client = pool.get().await?;
    let stmt = client
        .prepare_cached(
            "SELECT id, total_cents, status FROM orders WHERE customer_id = $1 ORDER BY created_at DESC LIMIT 50",
        )
        .await?;
    let rows = client.query(&stmt, &[&customer_id]).await?;
    let orders: Vec<OrderSummary> = rows.iter().map(OrderSummary::from).collect();
    client
        .execute(
            "UPDATE customers SET last_seen_at = now() WHERE id = $1",
            &[&customer_id],
        )
        .await?;
    Ok(HttpResponse::Ok().json(orders))
}
