// Negative: around a held deadpool client the handler calls `Semaphore::acquire`, `headers().get`, `extensions().get::<T>()`, a moka `cache.get`, `HashMap::get` and `Semaphore::try_acquire`: none of them is a pool.
use std::collections::HashMap;
use std::sync::Arc;

use actix_web::error::ErrorTooManyRequests;
use actix_web::{get, web, HttpMessage, HttpRequest, HttpResponse};
use deadpool_postgres::Pool;
use moka::sync::Cache;
use tokio::sync::Semaphore;

use crate::auth::Claims;
use crate::error::AppError;

pub struct AppState {
    pub pool: Pool,
    pub price_cache: Cache<String, i64>,
    pub currency_rates: HashMap<String, f64>,
    pub quote_slots: Arc<Semaphore>,
    pub audit_slots: Arc<Semaphore>,
}

#[get("/quotes/{sku}")]
async fn quote(
    req: HttpRequest,
    path: web::Path<String>,
    data: web::Data<AppState>,
) -> actix_web::Result<HttpResponse> {
    let sku = path.into_inner();
    let _slot = data.quote_slots.acquire().await.map_err(AppError::from)?;
    let client = data.pool.get().await.map_err(AppError::from)?;

    let currency = req
        .headers()
        .get("x-currency")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("EUR")
        .to_owned();
    let customer_id = req.extensions().get::<Claims>().map(|claims| claims.customer_id);

    let base_cents = match data.price_cache.get(&sku) {
        Some(cents) => cents,
        None => {
            let row = client
                .query_one("SELECT price_cents FROM products WHERE sku = $1", &[&sku])
                .await
                .map_err(AppError::from)?;
            let cents: i64 = row.get(0);
            data.price_cache.insert(sku.clone(), cents);
            cents
        }
    };
    let rate = data.currency_rates.get(&currency).copied().unwrap_or(1.0);

    let _audit = data.audit_slots.try_acquire().map_err(ErrorTooManyRequests)?;
    client
        .execute(
            "INSERT INTO quote_requests (sku, customer_id, currency) VALUES ($1, $2, $3)",
            &[&sku, &customer_id, &currency],
        )
        .await
        .map_err(AppError::from)?;
    Ok(HttpResponse::Ok().json((base_cents as f64 * rate).round() as i64))
}
