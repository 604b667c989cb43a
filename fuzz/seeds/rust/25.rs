// Negative: a seeding helper that connects directly is called only from `main`, never from a handler.
use actix_web::{get, web, App, HttpResponse, HttpServer, Responder};
use sqlx::postgres::PgPoolOptions;
use sqlx::{Connection, PgConnection, PgPool};

async fn load_reference_data(database_url: &str) -> Result<(), sqlx::Error> {
    let mut conn = PgConnection::connect(database_url).await?;
    sqlx::query(
        "INSERT INTO currencies (code, name) VALUES ('EUR', 'Euro'), ('USD', 'US Dollar') ON CONFLICT DO NOTHING",
    )
    .execute(&mut conn)
    .await?;
    conn.close().await
}

#[get("/currencies")]
async fn currencies(pool: web::Data<PgPool>) -> impl Responder {
    match sqlx::query_scalar::<_, String>("SELECT code FROM currencies ORDER BY code")
        .fetch_all(pool.get_ref())
        .await
    {
        Ok(codes) => HttpResponse::Ok().json(codes),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let database_url = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    load_reference_data(&database_url)
        .await
        .expect("seeding reference data failed");

    let pool = PgPoolOptions::new()
        .max_connections(8)
        .connect(&database_url)
        .await
        .expect("cannot build pool");

    HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(pool.clone()))
            .service(currencies)
    })
    .bind(("0.0.0.0", 8080))?
    .run()
    .await
}
