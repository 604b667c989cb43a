// axum handler takes a connection from `state.pool` and keeps it checked out while it awaits the payment provider over reqwest.
use axum::{
    extract::{Path, State},
    http::StatusCode,
    Json,
};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;

#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
    pub http: reqwest::Client,
    pub payments_url: String,
}

#[derive(sqlx::FromRow)]
struct Invoice {
    id: i64,
    customer_id: i64,
    amount_cents: i64,
    currency: String,
}

#[derive(Serialize)]
struct ChargeRequest {
    customer: i64,
    amount: i64,
    currency: String,
    idempotency_key: String,
}

#[derive(Deserialize, Serialize)]
pub struct Charge {
    id: String,
    status: String,
}

pub async fn charge_invoice(
    State(state): State<AppState>,
    Path(invoice_id): Path<i64>,
) -> Result<Json<Charge>, StatusCode> {
    let mut conn = state
        .pool
        .acquire()
        .await
        .map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?;

    let invoice: Invoice = sqlx::query_as(
        "SELECT id, customer_id, amount_cents, currency FROM invoices WHERE id = $1 AND status = 'open'",
    )
    .bind(invoice_id)
    .fetch_one(&mut *conn)
    .await
    .map_err(|_| StatusCode::NOT_FOUND)?;

    let request = ChargeRequest {
        customer: invoice.customer_id,
        amount: invoice.amount_cents,
        currency: invoice.currency.clone(),
        idempotency_key: format!("invoice-{}", invoice.id),
    };
    let response = state // expect: CL302
        .http
        .post(format!("{}/v1/charges", state.payments_url))
        .json(&request)
        .send()
        .await
        .map_err(|_| StatusCode::BAD_GATEWAY)?;
    let charge: Charge = response // expect: CL302
        .json()
        .await
        .map_err(|_| StatusCode::BAD_GATEWAY)?;

    sqlx::query("UPDATE invoices SET status = 'paid', charge_id = $1 WHERE id = $2")
        .bind(&charge.id)
        .bind(invoice.id)
        .execute(&mut *conn)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;

    Ok(Json(charge))
}
