// actix-web handler builds a ledger export from a checked-out connection and keeps it while the CSV is uploaded to S3.
use actix_web::{post, web, HttpResponse};
use aws_sdk_s3::primitives::ByteStream;
use sqlx::PgPool;

use crate::error::AppError;

pub struct AppState {
    pub pool: PgPool,
    pub s3: aws_sdk_s3::Client,
    pub export_bucket: String,
}

#[derive(sqlx::FromRow)]
struct LedgerLine {
    posted_at: chrono::NaiveDate,
    description: String,
    amount_cents: i64,
}

#[post("/accounts/{account_id}/exports")]
async fn export_ledger(
    path: web::Path<i64>,
    data: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let account_id = path.into_inner();
    let mut conn = data.pool.acquire().await?;

    let lines: Vec<LedgerLine> = sqlx::query_as(
        "SELECT posted_at, description, amount_cents FROM ledger WHERE account_id = $1 ORDER BY posted_at",
    )
    .bind(account_id)
    .fetch_all(&mut *conn)
    .await?;

    let mut csv = String::from("posted_at,description,amount_cents\n");
    for line in &lines {
        csv.push_str(&format!(
            "{},{},{}\n",
            line.posted_at, line.description, line.amount_cents
        ));
    }

    let key = format!("exports/{account_id}/ledger.csv");
    data.s3 // expect: CL302
        .put_object()
        .bucket(&data.export_bucket)
        .key(&key)
        .content_type("text/csv")
        .body(ByteStream::from(csv.into_bytes()))
        .send()
        .await?;

    sqlx::query("INSERT INTO exports (account_id, object_key) VALUES ($1, $2)")
        .bind(account_id)
        .bind(&key)
        .execute(&mut *conn)
        .await?;

    Ok(HttpResponse::Created().body(key))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(export_ledger);
}
