// An axum `middleware::from_fn` layer that builds a pool on every request to look up the API key.
use axum::{
    extract::Request,
    http::StatusCode,
    middleware::{self, Next},
    response::Response,
    routing::get,
    Router,
};
use sqlx::postgres::PgPoolOptions;

async fn require_api_key(req: Request, next: Next) -> Result<Response, StatusCode> {
    let key = req
        .headers()
        .get("x-api-key")
        .and_then(|v| v.to_str().ok())
        .ok_or(StatusCode::UNAUTHORIZED)?
        .to_owned();

    let url = std::env::var("DATABASE_URL").map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    let pool = PgPoolOptions::new() // expect: CL202
        .max_connections(1)
        .connect(&url)
        .await
        .map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?;

    let known: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM api_keys WHERE key = $1 AND revoked_at IS NULL)")
        .bind(&key)
        .fetch_one(&pool)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    if !known {
        return Err(StatusCode::UNAUTHORIZED);
    }
    Ok(next.run(req).await)
}

async fn dashboard() -> &'static str {
    "welcome"
}

pub fn router() -> Router {
    Router::new()
        .route("/dashboard", get(dashboard))
        .layer(middleware::from_fn(require_api_key))
}
