// `deadpool_postgres::Config::new()` filled in `main` with a max size but no timeouts, then `cfg.create_pool(..)`: built once (no CL202), but without a wait timeout.
use actix_web::{get, web, App, HttpResponse, HttpServer};
use deadpool_postgres::{Config, ManagerConfig, Pool, PoolConfig, RecyclingMethod, Runtime};
use tokio_postgres::NoTls;

#[get("/healthz")]
async fn healthz(pool: web::Data<Pool>) -> HttpResponse {
    let status = pool.status();
    HttpResponse::Ok().json(serde_json::json!({ "size": status.size, "available": status.available }))
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let mut cfg = Config::new();
    cfg.host = Some(std::env::var("PG_HOST").unwrap_or_else(|_| "localhost".into()));
    cfg.dbname = Some("shop".into());
    cfg.user = Some("shop".into());
    cfg.password = std::env::var("PG_PASSWORD").ok();
    cfg.manager = Some(ManagerConfig {
        recycling_method: RecyclingMethod::Fast,
    });
    cfg.pool = Some(PoolConfig::new(20));
    let pool = cfg.create_pool(Some(Runtime::Tokio1), NoTls).expect("invalid Postgres config"); // expect: CL205

    HttpServer::new(move || App::new().app_data(web::Data::new(pool.clone())).service(healthz))
        .bind(("0.0.0.0", 8080))?
        .run()
        .await
}
