// actix-web + deadpool-postgres: the `Client` from `pool.get().await` stays checked out while the handler calls the carrier's tracking API.
use actix_web::error::{ErrorBadGateway, ErrorInternalServerError, ErrorServiceUnavailable};
use actix_web::{web, HttpResponse};
use deadpool_postgres::Pool;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Serialize)]
struct TrackingInfo {
    status: String,
    eta: Option<String>,
}

pub async fn refresh_tracking(
    path: web::Path<i64>,
    pool: web::Data<Pool>,
    http: web::Data<reqwest::Client>,
) -> actix_web::Result<HttpResponse> {
    let shipment_id = path.into_inner();
    let client = pool.get().await.map_err(ErrorServiceUnavailable)?;
    let row = client
        .query_one(
            "SELECT tracking_number, carrier FROM shipments WHERE id = $1",
            &[&shipment_id],
        )
        .await
        .map_err(ErrorInternalServerError)?;
    let tracking_number: String = row.get("tracking_number");
    let carrier: String = row.get("carrier");

    let response = http // expect: CL302
        .get(format!("https://track.example.com/{carrier}/{tracking_number}"))
        .send()
        .await
        .map_err(ErrorBadGateway)?;
    let info: TrackingInfo = response.json().await.map_err(ErrorBadGateway)?; // expect: CL302

    client
        .execute(
            "UPDATE shipments SET carrier_status = $1, eta = $2 WHERE id = $3",
            &[&info.status, &info.eta, &shipment_id],
        )
        .await
        .map_err(ErrorInternalServerError)?;

    Ok(HttpResponse::Ok().json(info))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/shipments/{id}/tracking/refresh").route(web::post().to(refresh_tracking)),
    );
}
