// Negative: Rocket route commits its pool transaction (`tx.commit().await`) before it awaits the webhook call.
use rocket::http::Status;
use rocket::serde::{json::Json, Deserialize, Serialize};
use rocket::{post, State};
use sqlx::PgPool;

pub struct Webhooks {
    pub http: reqwest::Client,
    pub order_paid_url: String,
}

#[derive(Deserialize)]
#[serde(crate = "rocket::serde")]
pub struct Payment {
    order_id: i64,
    amount_cents: i64,
}

#[derive(Serialize)]
#[serde(crate = "rocket::serde")]
struct OrderPaid {
    order_id: i64,
}

#[post("/payments", data = "<payment>")]
pub async fn record_payment(
    payment: Json<Payment>,
    pool: &State<PgPool>,
    hooks: &State<Webhooks>,
) -> Result<Status, Status> {
    let mut tx = pool.begin().await.map_err(|_| Status::ServiceUnavailable)?;
    sqlx::query("INSERT INTO payments (order_id, amount_cents) VALUES ($1, $2)")
        .bind(payment.order_id)
        .bind(payment.amount_cents)
        .execute(&mut *tx)
        .await
        .map_err(|_| Status::InternalServerError)?;
    sqlx::query("UPDATE orders SET status = 'paid' WHERE id = $1")
        .bind(payment.order_id)
        .execute(&mut *tx)
        .await
        .map_err(|_| Status::InternalServerError)?;
    tx.commit().await.map_err(|_| Status::InternalServerError)?;

    hooks
        .http
        .post(&hooks.order_paid_url)
        .json(&OrderPaid { order_id: payment.order_id })
        .send()
        .await
        .map_err(|_| Status::BadGateway)?;
    Ok(Status::Created)
}
