// Negative: the connection lives in an inner block that has ended before the handler awaits the SMTP send.
use actix_web::{post, web, HttpResponse};
use lettre::message::Message;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use sqlx::PgPool;

use crate::error::AppError;

pub struct AppState {
    pub pool: PgPool,
    pub mailer: AsyncSmtpTransport<Tokio1Executor>,
}

#[post("/users/{user_id}/password-reset")]
async fn send_password_reset(
    path: web::Path<i64>,
    data: web::Data<AppState>,
) -> Result<HttpResponse, AppError> {
    let user_id = path.into_inner();
    let (email, token) = {
        let mut conn = data.pool.acquire().await?;
        sqlx::query_as::<_, (String, String)>(
            "INSERT INTO password_resets (user_id, token) VALUES ($1, encode(gen_random_bytes(24), 'hex')) \
             RETURNING (SELECT email FROM users WHERE id = $1), token",
        )
        .bind(user_id)
        .fetch_one(&mut *conn)
        .await?
    };

    let message = Message::builder()
        .from("Support <support@example.com>".parse()?)
        .to(email.parse()?)
        .subject("Reset your password")
        .body(format!("https://app.example.com/reset?token={token}"))?;
    data.mailer.send(message).await?;

    Ok(HttpResponse::Accepted().finish())
}
