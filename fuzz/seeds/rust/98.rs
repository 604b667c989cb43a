// An axum handler that calls `sea_orm::Database::connect` per request: each call builds a new connection pool.
use axum::{http::StatusCode, routing::get, Json, Router};
use sea_orm::{ConnectOptions, Database, EntityTrait, QueryOrder};

use crate::entities::post;

async fn latest_posts() -> Result<Json<Vec<post::Model>>, StatusCode> {
    let url = std::env::var("DATABASE_URL").map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    let mut opts = ConnectOptions::new(url);
    opts.max_connections(5).sqlx_logging(false);

    let db = Database::connect(opts) // expect: CL202
        .await
        .map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?;

    let posts = post::Entity::find()
        .order_by_desc(post::Column::PublishedAt)
        .all(&db)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    Ok(Json(posts))
}

pub fn router() -> Router {
    Router::new().route("/posts/latest", get(latest_posts))
}
