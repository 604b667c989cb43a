// Negative: a handler that lazily initialises a process-wide `static POOL: OnceCell<PgPool>` via `get_or_init`.
use axum::{extract::Path, http::StatusCode, routing::get, Json, Router};
use sqlx::postgres::{PgPool, PgPoolOptions};
use tokio::sync::OnceCell;

static POOL: OnceCell<PgPool> = OnceCell::const_new();

async fn feature_flags(Path(team): Path<String>) -> Result<Json<Vec<String>>, StatusCode> {
    let pool = POOL
        .get_or_init(|| async {
            PgPoolOptions::new()
                .max_connections(10)
                .connect(&std::env::var("DATABASE_URL").expect("DATABASE_URL"))
                .await
                .expect("cannot connect to Postgres")
        })
        .await;
    sqlx::query_scalar::<_, String>("SELECT flag FROM feature_flags WHERE team = $1 AND enabled")
        .bind(&team)
        .fetch_all(pool)
        .await
        .map(Json)
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)
}

pub fn router() -> Router {
    Router::new()
        .route("/teams/:team/flags", get(feature_flags))
}
