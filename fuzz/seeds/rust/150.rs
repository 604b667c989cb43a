// Negative: `Box::leak(Box::new(pool))` leaks the pool handle itself to get a `&'static PgPool`; that is not a checked-out connection.
use actix_web::{get, web, App, HttpResponse, HttpServer};
use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;

#[get("/health")]
async fn health(pool: web::Data<&'static PgPool>) -> HttpResponse {
    match sqlx::query("SELECT 1").execute(*pool.get_ref()).await {
        Ok(_) => HttpResponse::Ok().finish(),
        Err(_) => HttpResponse::ServiceUnavailable().finish(),
    }
}

#[actix_web::main]
async fn main() -> anyhow::Result<()> {
    let pool = PgPoolOptions::new()
        .max_connections(16)
        .connect(&std::env::var("DATABASE_URL")?)
        .await?;
    let pool: &'static PgPool = Box::leak(Box::new(pool));

    HttpServer::new(move || App::new().app_data(web::Data::new(pool)).service(health))
        .bind(("0.0.0.0", 8080))?
        .run()
        .await?;
    Ok(())
}
