// Negative: actix handlers that check a client out of a `deadpool_postgres::Pool` shared through `web::Data`.
use std::time::Duration;

use actix_web::{error, get, web, App, HttpResponse, HttpServer, Result};
use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use serde::Serialize;
use tokio_postgres::NoTls;

#[derive(Serialize)]
struct Customer {
    id: i32,
    name: String,
    country: String,
}

#[get("/customers/{id}")]
async fn get_customer(pool: web::Data<Pool>, path: web::Path<i32>) -> Result<HttpResponse> {
    let client = pool.get().await.map_err(error::ErrorServiceUnavailable)?;
    let stmt = client
        .prepare_cached("SELECT id, name, country FROM customers WHERE id = $1")
        .await
        .map_err(error::ErrorInternalServerError)?;
    let row = client
        .query_opt(&stmt, &[&path.into_inner()])
        .await
        .map_err(error::ErrorInternalServerError)?;
    Ok(match row {
        Some(row) => HttpResponse::Ok().json(Customer {
            id: row.get(0),
            name: row.get(1),
            country: row.get(2),
        }),
        None => HttpResponse::NotFound().finish(),
    })
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let pg_config: tokio_postgres::Config = std::env::var("DATABASE_URL")
        .expect("DATABASE_URL")
        .parse()
        .expect("invalid DATABASE_URL");
    let manager = Manager::from_config(
        pg_config,
        NoTls,
        ManagerConfig { recycling_method: RecyclingMethod::Fast },
    );
    let pool = Pool::builder(manager)
        .max_size(16)
        .wait_timeout(Some(Duration::from_secs(5)))
        .runtime(Runtime::Tokio1)
        .build()
        .expect("cannot build deadpool");

    HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(pool.clone()))
            .service(get_customer)
    })
    .bind(("0.0.0.0", 8080))?
    .run()
    .await
}
