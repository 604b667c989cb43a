// An actix-web `#[get]` handler that calls `tokio_postgres::connect` and spawns the connection task itself.
use actix_web::{get, web, HttpResponse, Responder};
use serde::Serialize;
use tokio_postgres::NoTls;

#[derive(Serialize)]
struct Order {
    id: i64,
    status: String,
    total_cents: i64,
}

#[get("/orders/{id}")]
async fn get_order(path: web::Path<i64>) -> impl Responder {
    let order_id = path.into_inner();
    let database_url = std::env::var("DATABASE_URL").expect("DATABASE_URL must be set");

    let (client, connection) = match tokio_postgres::connect(&database_url, NoTls).await { // expect: CL201
        Ok(pair) => pair,
        Err(e) => {
            log::error!("postgres connect failed: {e}");
            return HttpResponse::ServiceUnavailable().finish();
        }
    };
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            log::error!("postgres connection error: {e}");
        }
    });

    match client
        .query_opt("SELECT id, status, total_cents FROM orders WHERE id = $1", &[&order_id])
        .await
    {
        Ok(Some(row)) => HttpResponse::Ok().json(Order {
            id: row.get(0),
            status: row.get(1),
            total_cents: row.get(2),
        }),
        Ok(None) => HttpResponse::NotFound().finish(),
        Err(e) => {
            log::error!("query failed: {e}");
            HttpResponse::InternalServerError().finish()
        }
    }
}

pub fn config(cfg: &mut web::ServiceConfig) {
    cfg.service(get_order);
}
