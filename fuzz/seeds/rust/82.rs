// Negative project: `db::create_pool` builds the deadpool pool (with a wait timeout) once, from `main`, shared via `web::Data`.
mod db;
mod routes;

use actix_web::{web, App, HttpServer};

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let settings = db::Settings::from_env();
    let pool = db::create_pool(&settings);

    HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(pool.clone()))
            .configure(routes::configure)
    })
    .bind(("0.0.0.0", settings.port))?
    .run()
    .await
}
