// bb8 handler holds a connection and takes another from the same pool with `get_owned()` to hand to a background task.
use axum::{
    extract::{Path, State},
    http::StatusCode,
};
use bb8::Pool;
use bb8_postgres::PostgresConnectionManager;
use tokio_postgres::NoTls;

use crate::error::AppError;

pub type DbPool = Pool<PostgresConnectionManager<NoTls>>;

pub async fn recalculate_invoice(
    State(pool): State<DbPool>,
    Path(invoice_id): Path<i64>,
) -> Result<StatusCode, AppError> {
    let conn = pool.get().await?;
    let row = conn
        .query_one(
            "UPDATE invoices SET status = 'recalculating' WHERE id = $1 RETURNING account_id",
            &[&invoice_id],
        )
        .await?;
    let account_id: i64 = row.get(0);

    let background = pool.get_owned().await?; // expect: CL305
    tokio::spawn(async move {
        if let Err(err) = background
            .execute("SELECT recalculate_account_usage($1)", &[&account_id])
            .await
        {
            tracing::error!(%err, account_id, "usage recalculation failed");
        }
    });

    conn.execute(
        "UPDATE invoices SET total_cents = (SELECT sum(amount_cents) FROM invoice_lines WHERE invoice_id = $1) WHERE id = $1",
        &[&invoice_id],
    )
    .await?;
    Ok(StatusCode::ACCEPTED)
}
