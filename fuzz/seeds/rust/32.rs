// An actix-web handler registered with `.to(list_comments)` that calls `AsyncPgConnection::establish` per request.
use actix_web::{error, web, HttpResponse, Result};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde::Serialize;

use crate::schema::comments;

#[derive(Queryable, Selectable, Serialize)]
#[diesel(table_name = comments)]
struct Comment {
    id: i64,
    post_id: i64,
    author: String,
    body: String,
}

async fn list_comments(post_id: web::Path<i64>) -> Result<HttpResponse> {
    let database_url = std::env::var("DATABASE_URL").map_err(error::ErrorInternalServerError)?;
    let mut conn = AsyncPgConnection::establish(&database_url) // expect: CL201
        .await
        .map_err(error::ErrorServiceUnavailable)?;

    let rows = comments::table
        .filter(comments::post_id.eq(post_id.into_inner()))
        .select(Comment::as_select())
        .load(&mut conn)
        .await
        .map_err(error::ErrorInternalServerError)?;

    Ok(HttpResponse::Ok().json(rows))
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/posts/{post_id}/comments").route(web::get().to(list_comments)));
}
