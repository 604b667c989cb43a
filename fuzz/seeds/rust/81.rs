// Handlers check clients out of the shared deadpool pool.
use actix_web::{error, get, web, HttpResponse, Result};
use deadpool_postgres::Pool;
use serde::Serialize;

#[derive(Serialize)]
struct Vehicle {
    id: i64,
    plate: String,
    status: String,
}

#[get("/vehicles/{id}")]
async fn get_vehicle(pool: web::Data<Pool>, path: web::Path<i64>) -> Result<HttpResponse> {
    let client = pool.get().await.map_err(error::ErrorServiceUnavailable)?;
    let row = client
        .query_opt(
            "SELECT id, plate, status FROM vehicles WHERE id = $1",
            &[&path.into_inner()],
        )
        .await
        .map_err(error::ErrorInternalServerError)?;
    Ok(match row {
        Some(row) => HttpResponse::Ok().json(Vehicle {
            id: row.get(0),
            plate: row.get(1),
            status: row.get(2),
        }),
        None => HttpResponse::NotFound().finish(),
    })
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(get_vehicle);
}
