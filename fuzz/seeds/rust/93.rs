// Negative: a `static POOL: Lazy<PgPool>` built once by `Lazy::new`, reached from handlers through an accessor.
use axum::{http::StatusCode, routing::get, Json, Router};
use once_cell::sync::Lazy;
use sqlx::postgres::{PgPool, PgPoolOptions};

static POOL: Lazy<PgPool> = Lazy::new(|| {
    PgPoolOptions::new()
        .max_connections(10)
        .connect_lazy(&std::env::var("DATABASE_URL").expect("DATABASE_URL"))
        .expect("invalid DATABASE_URL")
});

fn db() -> &'static PgPool {
    &POOL
}

async fn open_tickets() -> Result<Json<i64>, StatusCode> {
    sqlx::query_scalar::<_, i64>("SELECT count(*) FROM tickets WHERE closed_at IS NULL")
        .fetch_one(db())
        .await
        .map(Json)
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)
}

async fn ticket_titles() -> Result<Json<Vec<String>>, StatusCode> {
    sqlx::query_scalar::<_, String>("SELECT title FROM tickets ORDER BY created_at DESC LIMIT 20")
        .fetch_all(&*POOL)
        .await
        .map(Json)
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)
}

pub fn router() -> Router {
    Router::new()
        .route("/tickets/open", get(open_tickets))
        .route("/tickets/recent", get(ticket_titles))
}
