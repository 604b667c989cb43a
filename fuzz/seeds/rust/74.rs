// An actix-web handler that builds a diesel r2d2 pool per request before off-loading the query with `web::block`.
use actix_web::{error, get, web, HttpResponse, Result};
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};
use serde::Serialize;

use crate::schema::books;

#[derive(Queryable, Selectable, Serialize)]
#[diesel(table_name = books)]
struct Book {
    id: i32,
    title: String,
    author: String,
}

#[get("/books")]
async fn list_books() -> Result<HttpResponse> {
    let database_url = std::env::var("DATABASE_URL").map_err(error::ErrorInternalServerError)?;
    let manager = ConnectionManager::<PgConnection>::new(database_url);
    let pool = Pool::builder() // expect: CL202
        .max_size(4)
        .build(manager)
        .map_err(error::ErrorServiceUnavailable)?;

    let rows = web::block(move || {
        let mut conn = pool.get()?;
        books::table
            .order(books::title.asc())
            .select(Book::as_select())
            .load(&mut conn)
            .map_err(Into::into)
    })
    .await?
    .map_err(|e: Box<dyn std::error::Error + Send + Sync>| error::ErrorInternalServerError(e.to_string()))?;

    Ok(HttpResponse::Ok().json(rows))
}
