// Handlers read and write through the pool in `State`.
use axum::{
    extract::{Path, State},
    http::StatusCode,
    routing::get,
    Json, Router,
};
use serde::Serialize;
use sqlx::{FromRow, PgPool};

#[derive(Serialize, FromRow)]
pub struct Invoice {
    pub id: i64,
    pub number: String,
    pub amount_cents: i64,
}

pub async fn get_invoice(
    State(pool): State<PgPool>,
    Path(id): Path<i64>,
) -> Result<Json<Invoice>, StatusCode> {
    sqlx::query_as::<_, Invoice>("SELECT id, number, amount_cents FROM invoices WHERE id = $1")
        .bind(id)
        .fetch_optional(&pool)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?
        .map(Json)
        .ok_or(StatusCode::NOT_FOUND)
}

pub fn router() -> Router<PgPool> {
    Router::new().route("/invoices/:id", get(get_invoice))
}
