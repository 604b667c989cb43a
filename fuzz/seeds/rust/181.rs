// deadpool-postgres: `client.transaction().await?` on a pooled client, two balance updates, no `commit()` — the transfer is rolled back on drop.
use axum::{
    extract::State,
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::post,
    Json, Router,
};
use deadpool_postgres::{Pool, PoolError};
use serde::Deserialize;

#[derive(Deserialize)]
struct Transfer {
    from: i64,
    to: i64,
    amount_cents: i64,
}

enum AppError {
    Pool(PoolError),
    Db(tokio_postgres::Error),
}

impl From<PoolError> for AppError {
    fn from(err: PoolError) -> Self {
        AppError::Pool(err)
    }
}

impl From<tokio_postgres::Error> for AppError {
    fn from(err: tokio_postgres::Error) -> Self {
        AppError::Db(err)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::Pool(_) => StatusCode::SERVICE_UNAVAILABLE.into_response(),
            AppError::Db(err) => (StatusCode::INTERNAL_SERVER_ERROR, err.to_string()).into_response(),
        }
    }
}

async fn transfer(State(pool): State<Pool>, Json(req): Json<Transfer>) -> Result<StatusCode, AppError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?; // expect: CL304
    tx.execute(
        "UPDATE wallets SET balance_cents = balance_cents - $1 WHERE id = $2",
        &[&req.amount_cents, &req.from],
    )
    .await?;
    tx.execute(
        "UPDATE wallets SET balance_cents = balance_cents + $1 WHERE id = $2",
        &[&req.amount_cents, &req.to],
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router(pool: Pool) -> Router {
    Router::new().route("/transfers", post(transfer)).with_state(pool)
}
