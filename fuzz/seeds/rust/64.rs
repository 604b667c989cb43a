// A Rocket `#[get]` handler that calls `PgPool::connect` on every request instead of using managed state.
#[macro_use]
extern crate rocket;

use rocket::http::Status;
use rocket::serde::json::Json;
use rocket::serde::Serialize;
use sqlx::{FromRow, PgPool};

#[derive(Serialize, FromRow)]
#[serde(crate = "rocket::serde")]
struct Article {
    id: i64,
    slug: String,
    title: String,
}

#[get("/articles?<limit>")]
async fn list_articles(limit: Option<i64>) -> Result<Json<Vec<Article>>, Status> {
    let url = std::env::var("DATABASE_URL").map_err(|_| Status::InternalServerError)?;
    let pool = PgPool::connect(&url) // expect: CL202
        .await
        .map_err(|_| Status::ServiceUnavailable)?;

    let articles = sqlx::query_as::<_, Article>(
        "SELECT id, slug, title FROM articles ORDER BY published_at DESC LIMIT $1",
    )
    .bind(limit.unwrap_or(20))
    .fetch_all(&pool)
    .await
    .map_err(|_| Status::InternalServerError)?;
    Ok(Json(articles))
}

#[launch]
fn rocket() -> _ {
    rocket::build().mount("/", routes![list_articles])
}
