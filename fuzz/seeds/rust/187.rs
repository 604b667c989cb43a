// An axum handler opens `pool.begin()`, inserts the order and its lines, and returns 201 without `commit()`: dropping `tx` rolls everything back, so the order silently disappears.
use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::post,
    Json, Router,
};
use serde::Deserialize;
use sqlx::postgres::PgPoolOptions;
use sqlx::PgPool;
use uuid::Uuid;

#[derive(Deserialize)]
struct NewOrder {
    customer_id: Uuid,
    lines: Vec<NewLine>,
}

#[derive(Deserialize)]
struct NewLine {
    sku: String,
    quantity: i32,
}

struct AppError(sqlx::Error);

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        AppError(err)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        (StatusCode::INTERNAL_SERVER_ERROR, self.0.to_string()).into_response()
    }
}

async fn create_order(
    State(pool): State<PgPool>,
    Json(order): Json<NewOrder>,
) -> Result<(StatusCode, Json<Uuid>), AppError> {
    let mut tx = pool.begin().await?; // expect: CL304
    let order_id: Uuid = sqlx::query_scalar("INSERT INTO orders (customer_id) VALUES ($1) RETURNING id")
        .bind(order.customer_id)
        .fetch_one(&mut *tx)
        .await?;
    for line in &order.lines {
        sqlx::query("INSERT INTO order_lines (order_id, sku, quantity) VALUES ($1, $2, $3)")
            .bind(order_id)
            .bind(&line.sku)
            .bind(line.quantity)
            .execute(&mut *tx)
            .await?;
    }
    Ok((StatusCode::CREATED, Json(order_id)))
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let pool = PgPoolOptions::new()
        .max_connections(10)
        .connect(&std::env::var("DATABASE_URL")?)
        .await?;
    let app = Router::new().route("/orders", post(create_order)).with_state(pool);
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await?;
    axum::serve(listener, app).await?;
    Ok(())
}
