// Negative: the seat hold is committed only when the payment is authorised; on the other path `tx` is simply dropped, which rolls it back — a commit on one path is enough.
use actix_web::{error::ErrorInternalServerError, post, web, HttpResponse};
use serde::Deserialize;
use sqlx::PgPool;

#[derive(Deserialize)]
struct Checkout {
    seat_id: i64,
    payment_token: String,
}

async fn authorise_payment(token: &str) -> bool {
    !token.is_empty()
}

#[post("/checkout")]
async fn checkout(pool: web::Data<PgPool>, body: web::Json<Checkout>) -> actix_web::Result<HttpResponse> {
    let authorised = authorise_payment(&body.payment_token).await;
    let mut tx = pool.begin().await.map_err(ErrorInternalServerError)?;
    let held = sqlx::query("UPDATE seats SET held_until = now() + interval '10 minutes' WHERE id = $1 AND held_until IS NULL")
        .bind(body.seat_id)
        .execute(&mut *tx)
        .await
        .map_err(ErrorInternalServerError)?
        .rows_affected();
    if held == 1 && authorised {
        tx.commit().await.map_err(ErrorInternalServerError)?;
        return Ok(HttpResponse::Ok().finish());
    }
    Ok(HttpResponse::Conflict().finish())
}
