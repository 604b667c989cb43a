// Rocket handlers that bypass the pool: a sync `postgres::Client::connect` and an async `tokio_postgres::connect`.
#[macro_use]
extern crate rocket;

use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::serde::Deserialize;

#[derive(Deserialize)]
#[serde(crate = "rocket::serde")]
struct Event {
    kind: String,
    payload: String,
}

#[get("/health/db")]
fn db_health() -> Status {
    let url = std::env::var("DATABASE_URL").unwrap_or_default();
    match postgres::Client::connect(&url, postgres::NoTls) { // expect: CL201
        Ok(mut client) => match client.simple_query("SELECT 1") {
            Ok(_) => Status::Ok,
            Err(_) => Status::ServiceUnavailable,
        },
        Err(_) => Status::ServiceUnavailable,
    }
}

#[post("/events", format = "json", data = "<event>")]
async fn record_event(event: Json<Event>) -> Result<Status, Status> {
    let url = std::env::var("DATABASE_URL").map_err(|_| Status::InternalServerError)?;
    let (client, connection) = tokio_postgres::connect(&url, tokio_postgres::NoTls) // expect: CL201
        .await
        .map_err(|_| Status::ServiceUnavailable)?;
    rocket::tokio::spawn(async move {
        if let Err(e) = connection.await {
            eprintln!("connection error: {e}");
        }
    });

    client
        .execute(
            "INSERT INTO events (kind, payload) VALUES ($1, $2)",
            &[&event.kind, &event.payload],
        )
        .await
        .map_err(|_| Status::InternalServerError)?;
    Ok(Status::Created)
}

pub fn routes() -> Vec<rocket::Route> {
    routes![db_health, record_event]
}
