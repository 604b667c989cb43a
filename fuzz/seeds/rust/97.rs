// Negative: a non-main function builds the pool and moves it into the `HttpServer::new(move || ...)` app factory.
use std::time::Duration;

use actix_web::{get, web, App, HttpResponse, HttpServer, Responder};
use sqlx::mysql::{MySqlPool, MySqlPoolOptions};

#[get("/stock/{sku}")]
async fn stock_level(pool: web::Data<MySqlPool>, sku: web::Path<String>) -> impl Responder {
    match sqlx::query_scalar::<_, i32>("SELECT quantity FROM stock WHERE sku = ?")
        .bind(sku.into_inner())
        .fetch_optional(pool.get_ref())
        .await
    {
        Ok(Some(qty)) => HttpResponse::Ok().json(qty),
        Ok(None) => HttpResponse::NotFound().finish(),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

pub async fn run_inventory_api(database_url: &str, bind: (&str, u16)) -> std::io::Result<()> {
    let pool = MySqlPoolOptions::new()
        .max_connections(16)
        .acquire_timeout(Duration::from_secs(3))
        .connect(database_url)
        .await
        .map_err(std::io::Error::other)?;

    HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(pool.clone()))
            .service(stock_level)
    })
    .bind(bind)?
    .run()
    .await
}
