// `get_conn()` on the sync `mysql::Pool` inside an axum handler: unlike mysql_async it is not awaited, it blocks.
use axum::{
    extract::{Path, State},
    http::StatusCode,
    routing::get,
    Json, Router,
};
use mysql::prelude::Queryable;
use mysql::{params, Pool};
use serde::Serialize;

#[derive(Serialize)]
struct Order {
    id: u64,
    total_cents: i64,
}

fn internal_error<E: std::error::Error>(err: E) -> (StatusCode, String) {
    (StatusCode::INTERNAL_SERVER_ERROR, err.to_string())
}

async fn customer_orders(
    State(pool): State<Pool>,
    Path(customer_id): Path<u64>,
) -> Result<Json<Vec<Order>>, (StatusCode, String)> {
    let mut conn = pool.get_conn().map_err(internal_error)?; // expect: CL301
    let orders = conn
        .exec_map(
            "SELECT id, total_cents FROM orders WHERE customer_id = :customer_id ORDER BY id DESC",
            params! { "customer_id" => customer_id },
            |(id, total_cents)| Order { id, total_cents },
        )
        .map_err(internal_error)?;
    Ok(Json(orders))
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let url = std::env::var("MYSQL_URL")?;
    let pool = Pool::new(url.as_str())?;
    let app = Router::new()
        .route("/customers/{customer_id}/orders", get(customer_orders))
        .with_state(pool);
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await?;
    axum::serve(listener, app).await?;
    Ok(())
}
