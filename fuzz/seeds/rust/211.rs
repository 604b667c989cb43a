// actix-web handlers call `pool.get()` on a diesel r2d2 pool (`web::Data<DbPool>`) right in the `async fn`: when the pool is exhausted the checkout blocks the worker thread and every request queued on it.
use actix_web::{error, get, post, web, App, HttpResponse, HttpServer, Responder};
use diesel::prelude::*;
use diesel::r2d2::{self, ConnectionManager};
use serde::{Deserialize, Serialize};

mod schema {
    diesel::table! {
        users (id) {
            id -> Int4,
            name -> Varchar,
            email -> Varchar,
        }
    }
}

use schema::users;

type DbPool = r2d2::Pool<ConnectionManager<PgConnection>>;

#[derive(Debug, Queryable, Selectable, Serialize)]
#[diesel(table_name = users)]
struct User {
    id: i32,
    name: String,
    email: String,
}

#[derive(Debug, Deserialize, Insertable)]
#[diesel(table_name = users)]
struct NewUser {
    name: String,
    email: String,
}

#[get("/users/{user_id}")]
async fn get_user(pool: web::Data<DbPool>, path: web::Path<i32>) -> actix_web::Result<impl Responder> {
    let user_id = path.into_inner();
    let mut conn = pool.get().map_err(error::ErrorServiceUnavailable)?; // expect: CL301
    let user = users::table
        .find(user_id)
        .select(User::as_select())
        .first(&mut conn)
        .optional()
        .map_err(error::ErrorInternalServerError)?;
    Ok(match user {
        Some(user) => HttpResponse::Ok().json(user),
        None => HttpResponse::NotFound().body(format!("no user with id {user_id}")),
    })
}

#[post("/users")]
async fn create_user(pool: web::Data<DbPool>, form: web::Json<NewUser>) -> actix_web::Result<impl Responder> {
    let mut conn = pool.get().expect("couldn't get db connection from pool"); // expect: CL301
    let user = diesel::insert_into(users::table)
        .values(form.into_inner())
        .returning(User::as_returning())
        .get_result(&mut conn)
        .map_err(error::ErrorInternalServerError)?;
    Ok(HttpResponse::Created().json(user))
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let database_url = std::env::var("DATABASE_URL").expect("DATABASE_URL must be set");
    let manager = ConnectionManager::<PgConnection>::new(database_url);
    let pool = r2d2::Pool::builder()
        .max_size(15)
        .build(manager)
        .expect("database URL should point at a reachable Postgres");

    HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(pool.clone()))
            .service(get_user)
            .service(create_user)
    })
    .bind(("127.0.0.1", 8080))?
    .run()
    .await
}
