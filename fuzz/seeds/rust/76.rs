// `list_categories` uses the shared pool; `search_products` builds a new one per request through `db::make_pool()`.
use axum::{
    extract::{Query, State},
    http::StatusCode,
    routing::get,
    Json, Router,
};
use serde::{Deserialize, Serialize};
use sqlx::{FromRow, PgPool};

use crate::db;

#[derive(Deserialize)]
pub struct SearchParams {
    pub q: String,
    pub limit: Option<i64>,
}

#[derive(Serialize, FromRow)]
pub struct Product {
    pub id: i64,
    pub name: String,
    pub price_cents: i64,
}

pub async fn list_categories(State(pool): State<PgPool>) -> Result<Json<Vec<String>>, StatusCode> {
    sqlx::query_scalar::<_, String>("SELECT name FROM categories ORDER BY name")
        .fetch_all(&pool)
        .await
        .map(Json)
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)
}

pub async fn search_products(Query(params): Query<SearchParams>) -> Result<Json<Vec<Product>>, StatusCode> {
    let pool = db::make_pool().await; // expect: CL202
    sqlx::query_as::<_, Product>(
        "SELECT id, name, price_cents FROM products WHERE name ILIKE '%' || $1 || '%' LIMIT $2",
    )
    .bind(&params.q)
    .bind(params.limit.unwrap_or(25))
    .fetch_all(&pool)
    .await
    .map(Json)
    .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)
}

pub fn router() -> Router<PgPool> {
    Router::new()
        .route("/categories", get(list_categories))
        .route("/products/search", get(search_products))
}
