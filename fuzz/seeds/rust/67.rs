// Negative: an r2d2 pool built in `#[actix_web::main]` and shared with `web::Data::new`; handlers off-load `get()` with `web::block`.
use actix_web::{error, get, web, App, HttpResponse, HttpServer, Result};
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};

use crate::schema::warehouses;

type DbPool = Pool<ConnectionManager<PgConnection>>;

#[get("/warehouses")]
async fn list_warehouses(pool: web::Data<DbPool>) -> Result<HttpResponse> {
    let names = web::block(move || {
        let mut conn = pool.get()?;
        warehouses::table
            .select(warehouses::name)
            .order(warehouses::name.asc())
            .load::<String>(&mut conn)
            .map_err(Into::into)
    })
    .await?
    .map_err(|e: Box<dyn std::error::Error + Send + Sync>| error::ErrorInternalServerError(e.to_string()))?;
    Ok(HttpResponse::Ok().json(names))
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let manager = ConnectionManager::<PgConnection>::new(std::env::var("DATABASE_URL").expect("DATABASE_URL"));
    let pool: DbPool = Pool::builder()
        .max_size(15)
        .build(manager)
        .expect("cannot build r2d2 pool");

    HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(pool.clone()))
            .service(list_warehouses)
    })
    .bind(("0.0.0.0", 8080))?
    .run()
    .await
}
