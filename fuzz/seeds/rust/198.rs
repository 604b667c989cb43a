// `State(pool): State<DbPool>` where `DbPool` aliases a plain r2d2 pool of sync `postgres` clients: the checkout in the `async fn` blocks the runtime.
use axum::{
    extract::{Path, State},
    http::StatusCode,
    routing::get,
    Json, Router,
};
use r2d2_postgres::{postgres::NoTls, PostgresConnectionManager};
use serde::Serialize;

pub type DbPool = r2d2::Pool<PostgresConnectionManager<NoTls>>;

#[derive(Serialize)]
struct Invoice {
    id: i64,
    customer: String,
    total_cents: i64,
}

async fn get_invoice(
    State(pool): State<DbPool>,
    Path(invoice_id): Path<i64>,
) -> Result<Json<Invoice>, StatusCode> {
    let mut client = pool.get().map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?; // expect: CL301
    let row = client
        .query_opt(
            "SELECT id, customer, total_cents FROM invoices WHERE id = $1",
            &[&invoice_id],
        )
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?
        .ok_or(StatusCode::NOT_FOUND)?;
    Ok(Json(Invoice {
        id: row.get(0),
        customer: row.get(1),
        total_cents: row.get(2),
    }))
}

pub fn router(pool: DbPool) -> Router {
    Router::new()
        .route("/invoices/{invoice_id}", get(get_invoice))
        .with_state(pool)
}
