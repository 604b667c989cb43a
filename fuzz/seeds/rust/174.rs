// `conn.begin()` on a checked-out `PoolConnection` in an actix-web handler: the account is "closed" inside a transaction nobody commits.
use actix_web::{error::ErrorInternalServerError, post, web, HttpResponse};
use sqlx::{Connection, PgPool};

#[post("/accounts/{id}/close")]
async fn close_account(pool: web::Data<PgPool>, path: web::Path<i64>) -> actix_web::Result<HttpResponse> {
    let account_id = path.into_inner();
    let mut conn = pool.acquire().await.map_err(ErrorInternalServerError)?;
    let mut tx = conn.begin().await.map_err(ErrorInternalServerError)?; // expect: CL304
    sqlx::query("UPDATE accounts SET closed_at = now() WHERE id = $1 AND closed_at IS NULL")
        .bind(account_id)
        .execute(&mut *tx)
        .await
        .map_err(ErrorInternalServerError)?;
    sqlx::query("DELETE FROM sessions WHERE account_id = $1")
        .bind(account_id)
        .execute(&mut *tx)
        .await
        .map_err(ErrorInternalServerError)?;
    Ok(HttpResponse::NoContent().finish())
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(close_account);
}
