// Rocket route holds a connection from the managed `PgPool` while it awaits a geocoding API and decodes its response.
use rocket::http::Status;
use rocket::serde::{json::Json, Deserialize, Serialize};
use rocket::{post, routes, Route, State};
use sqlx::PgPool;

pub struct Geocoder {
    pub http: reqwest::Client,
    pub api_key: String,
}

#[derive(Deserialize, Serialize)]
#[serde(crate = "rocket::serde")]
pub struct Location {
    lat: f64,
    lng: f64,
}

#[post("/stores/<store_id>/geocode")]
pub async fn geocode_store(
    store_id: i64,
    pool: &State<PgPool>,
    geocoder: &State<Geocoder>,
) -> Result<Json<Location>, Status> {
    let mut conn = pool.acquire().await.map_err(|_| Status::ServiceUnavailable)?;
    let address: String = sqlx::query_scalar("SELECT address FROM stores WHERE id = $1")
        .bind(store_id)
        .fetch_one(&mut *conn)
        .await
        .map_err(|_| Status::NotFound)?;

    let response = geocoder // expect: CL302
        .http
        .get("https://maps.example.com/v1/geocode")
        .query(&[("q", address.as_str()), ("key", geocoder.api_key.as_str())])
        .send()
        .await
        .map_err(|_| Status::BadGateway)?;
    let location: Location = response.json().await.map_err(|_| Status::BadGateway)?; // expect: CL302

    sqlx::query("UPDATE stores SET lat = $1, lng = $2 WHERE id = $3")
        .bind(location.lat)
        .bind(location.lng)
        .bind(store_id)
        .execute(&mut *conn)
        .await
        .map_err(|_| Status::InternalServerError)?;

    Ok(Json(location))
}

pub fn routes() -> Vec<Route> {
    routes![geocode_store]
}
