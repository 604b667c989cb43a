// A sync diesel helper that calls `PgConnection::establish` is reachable from an axum handler; calling it from async code also blocks.
use axum::{extract::Path, http::StatusCode, routing::get, Json, Router};
use diesel::pg::PgConnection;
use diesel::prelude::*;
use serde::Serialize;

use crate::schema::invoices;

#[derive(Debug, Queryable, Selectable, Serialize)]
#[diesel(table_name = invoices)]
pub struct Invoice {
    pub id: i64,
    pub customer_id: i64,
    pub amount_cents: i64,
    pub paid: bool,
}

fn load_invoices(customer: i64) -> Result<Vec<Invoice>, String> {
    let database_url = std::env::var("DATABASE_URL").map_err(|e| e.to_string())?;
    let mut conn = PgConnection::establish(&database_url).map_err(|e| e.to_string())?; // expect: CL201

    invoices::table
        .filter(invoices::customer_id.eq(customer))
        .order(invoices::id.desc())
        .select(Invoice::as_select())
        .load(&mut conn)
        .map_err(|e| e.to_string())
}

async fn customer_invoices(Path(customer_id): Path<i64>) -> Result<Json<Vec<Invoice>>, StatusCode> {
    let rows = load_invoices(customer_id).map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?; // expect: CL301
    Ok(Json(rows))
}

pub fn router() -> Router {
    Router::new().route("/customers/:customer_id/invoices", get(customer_invoices))
}
