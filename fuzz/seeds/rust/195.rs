// The pool type is an alias in a module of the crate, named through the module (`db::DbPool`).
use actix_web::{get, web, HttpResponse};
use diesel::prelude::*;

pub mod db {
    use diesel::pg::PgConnection;
    use diesel::r2d2::{ConnectionManager, Pool};

    pub type DbPool = Pool<ConnectionManager<PgConnection>>;
}

#[get("/tags")]
pub async fn list_tags(pool: web::Data<db::DbPool>) -> HttpResponse {
    let mut conn = pool.get().expect("no connection"); // expect: CL301
    let tags: Vec<String> = crate::schema::tags::table
        .select(crate::schema::tags::name)
        .load(&mut conn)
        .unwrap_or_default();
    HttpResponse::Ok().json(tags)
}
