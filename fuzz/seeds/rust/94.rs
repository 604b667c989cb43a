// Negative: a Rocket app that builds its pool in the `#[launch]` function and registers it with `.manage(pool)`.
#[macro_use]
extern crate rocket;

use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::State;
use sqlx::postgres::{PgPool, PgPoolOptions};

#[get("/cities/<country>")]
async fn cities(pool: &State<PgPool>, country: &str) -> Result<Json<Vec<String>>, Status> {
    sqlx::query_scalar::<_, String>("SELECT name FROM cities WHERE country_code = $1 ORDER BY name")
        .bind(country)
        .fetch_all(pool.inner())
        .await
        .map(Json)
        .map_err(|_| Status::InternalServerError)
}

#[launch]
fn rocket() -> _ {
    let database_url = std::env::var("DATABASE_URL").expect("DATABASE_URL");
    let pool = PgPoolOptions::new()
        .max_connections(12)
        .connect_lazy(&database_url)
        .expect("invalid DATABASE_URL");

    rocket::build().manage(pool).mount("/", routes![cities])
}
