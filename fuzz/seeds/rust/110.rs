// deadpool_diesel's `Pool::builder(manager).max_size(8).build()` in `main`: not pool-per-call (it is built once), but handlers calling `pool.get().await` can hang forever.
use axum::{extract::State, http::StatusCode, routing::get, Json, Router};
use deadpool_diesel::postgres::{Manager, Pool};
use deadpool_diesel::Runtime;
use diesel::prelude::*;

diesel::table! {
    tags (id) {
        id -> Int4,
        name -> Text,
    }
}

async fn list_tags(State(pool): State<Pool>) -> Result<Json<Vec<String>>, (StatusCode, String)> {
    let conn = pool
        .get()
        .await
        .map_err(|e| (StatusCode::SERVICE_UNAVAILABLE, e.to_string()))?;
    let names = conn
        .interact(|conn| tags::table.select(tags::name).order(tags::name).load::<String>(conn))
        .await
        .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?
        .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()))?;
    Ok(Json(names))
}

#[tokio::main]
async fn main() {
    let db_url = std::env::var("DATABASE_URL").expect("DATABASE_URL must be set");
    let manager = Manager::new(db_url, Runtime::Tokio1);
    let pool = Pool::builder(manager) // expect: CL205
        .max_size(8)
        .build()
        .expect("failed to build the diesel pool");

    let app = Router::new().route("/tags", get(list_tags)).with_state(pool);
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
