// Negative: the first connection is given back with `drop(conn)` before the next checkout, and the executor call on the pool runs after that one is dropped too.
use actix_web::{post, web, HttpResponse};
use sqlx::PgPool;

use crate::error::AppError;

#[post("/teams/{team_id}/invites/{code}/accept")]
async fn accept_invite(
    path: web::Path<(i64, String)>,
    pool: web::Data<PgPool>,
) -> Result<HttpResponse, AppError> {
    let (team_id, code) = path.into_inner();

    let mut conn = pool.acquire().await?;
    let user_id: i64 = sqlx::query_scalar(
        "UPDATE invites SET accepted_at = now() WHERE team_id = $1 AND code = $2 RETURNING user_id",
    )
    .bind(team_id)
    .bind(&code)
    .fetch_one(&mut *conn)
    .await?;
    drop(conn);

    let mut conn = pool.acquire().await?;
    sqlx::query("INSERT INTO memberships (team_id, user_id, role) VALUES ($1, $2, 'member')")
        .bind(team_id)
        .bind(user_id)
        .execute(&mut *conn)
        .await?;
    drop(conn);

    let members: i64 = sqlx::query_scalar("SELECT count(*) FROM memberships WHERE team_id = $1")
        .bind(team_id)
        .fetch_one(pool.get_ref())
        .await?;
    Ok(HttpResponse::Ok().json(members))
}
