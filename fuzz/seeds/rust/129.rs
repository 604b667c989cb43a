// actix-web form handler holds a connection and runs `fetch_all(pool.get_ref())` on the same pool for the category list.
use actix_web::{get, web, HttpResponse};
use serde::Serialize;
use sqlx::PgPool;

use crate::error::AppError;

const LIST_CATEGORIES: &str = "SELECT id, name FROM categories ORDER BY name";

#[derive(Serialize, sqlx::FromRow)]
struct Category {
    id: i64,
    name: String,
}

#[derive(Serialize, sqlx::FromRow)]
struct Product {
    id: i64,
    title: String,
    category_id: i64,
}

#[derive(Serialize)]
struct EditForm {
    product: Product,
    categories: Vec<Category>,
}

#[get("/products/{product_id}/edit")]
async fn edit_product_form(
    path: web::Path<i64>,
    pool: web::Data<PgPool>,
) -> Result<HttpResponse, AppError> {
    let product_id = path.into_inner();
    let mut conn = pool.acquire().await?;
    let product: Product = sqlx::query_as("SELECT id, title, category_id FROM products WHERE id = $1")
        .bind(product_id)
        .fetch_one(&mut *conn)
        .await?;
    let categories: Vec<Category> = sqlx::query_as(LIST_CATEGORIES).fetch_all(pool.get_ref()).await?; // expect: CL305
    sqlx::query("UPDATE products SET last_opened_at = now() WHERE id = $1")
        .bind(product.id)
        .execute(&mut *conn)
        .await?;
    Ok(HttpResponse::Ok().json(EditForm { product, categories }))
}
