// actix-web checkout: `pool.begin()` opens a transaction on a second connection of the same pool while the cart connection is still held.
use actix_web::{post, web, HttpResponse};
use sqlx::PgPool;

use crate::error::AppError;

#[derive(sqlx::FromRow)]
struct CartLine {
    sku: String,
    quantity: i32,
    unit_price_cents: i64,
}

#[post("/carts/{cart_id}/checkout")]
async fn checkout(
    path: web::Path<i64>,
    pool: web::Data<PgPool>,
) -> Result<HttpResponse, AppError> {
    let cart_id = path.into_inner();
    let mut conn = pool.acquire().await?;
    let lines: Vec<CartLine> =
        sqlx::query_as("SELECT sku, quantity, unit_price_cents FROM cart_lines WHERE cart_id = $1")
            .bind(cart_id)
            .fetch_all(&mut *conn)
            .await?;

    let mut tx = pool.begin().await?; // expect: CL305
    let order_id: i64 = sqlx::query_scalar("INSERT INTO orders (cart_id) VALUES ($1) RETURNING id")
        .bind(cart_id)
        .fetch_one(&mut *tx)
        .await?;
    for line in &lines {
        sqlx::query(
            "INSERT INTO order_lines (order_id, sku, quantity, unit_price_cents) VALUES ($1, $2, $3, $4)",
        )
        .bind(order_id)
        .bind(&line.sku)
        .bind(line.quantity)
        .bind(line.unit_price_cents)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;

    sqlx::query("DELETE FROM cart_lines WHERE cart_id = $1")
        .bind(cart_id)
        .execute(&mut *conn)
        .await?;
    Ok(HttpResponse::Created().json(order_id))
}
