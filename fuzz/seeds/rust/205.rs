// Negative: the actix-web diesel example — every r2d2 checkout and query runs inside `web::block(move || ..)` on the blocking thread pool.
use actix_web::{error, get, post, web, App, HttpResponse, HttpServer, Responder};
use diesel::prelude::*;
use diesel::r2d2;
use uuid::Uuid;

type DbPool = r2d2::Pool<r2d2::ConnectionManager<PgConnection>>;

mod models {
    use diesel::prelude::*;
    use serde::{Deserialize, Serialize};

    diesel::table! {
        users (id) {
            id -> Uuid,
            name -> Varchar,
        }
    }

    #[derive(Debug, Clone, Serialize, Queryable, Insertable)]
    #[diesel(table_name = users)]
    pub struct User {
        pub id: uuid::Uuid,
        pub name: String,
    }

    #[derive(Debug, Clone, Deserialize)]
    pub struct NewUser {
        pub name: String,
    }
}

mod actions {
    use diesel::prelude::*;
    use uuid::Uuid;

    use crate::models::{self, users};

    type DbError = Box<dyn std::error::Error + Send + Sync>;

    pub fn find_user_by_uid(conn: &mut PgConnection, uid: Uuid) -> Result<Option<models::User>, DbError> {
        let user = users::table
            .filter(users::id.eq(uid))
            .first::<models::User>(conn)
            .optional()?;
        Ok(user)
    }

    pub fn insert_new_user(conn: &mut PgConnection, nm: &str) -> Result<models::User, DbError> {
        let new_user = models::User { id: Uuid::new_v4(), name: nm.to_owned() };
        diesel::insert_into(users::table).values(&new_user).execute(conn)?;
        Ok(new_user)
    }
}

#[get("/user/{user_id}")]
async fn get_user(pool: web::Data<DbPool>, user_uid: web::Path<Uuid>) -> actix_web::Result<impl Responder> {
    let user_uid = user_uid.into_inner();
    let user = web::block(move || {
        let mut conn = pool.get()?;
        actions::find_user_by_uid(&mut conn, user_uid)
    })
    .await?
    .map_err(error::ErrorInternalServerError)?;

    Ok(match user {
        Some(user) => HttpResponse::Ok().json(user),
        None => HttpResponse::NotFound().body(format!("No user found with UID: {user_uid}")),
    })
}

#[post("/user")]
async fn add_user(pool: web::Data<DbPool>, form: web::Json<models::NewUser>) -> actix_web::Result<impl Responder> {
    let user = web::block(move || {
        let mut conn = pool.get()?;
        actions::insert_new_user(&mut conn, &form.name)
    })
    .await?
    .map_err(error::ErrorInternalServerError)?;
    Ok(HttpResponse::Created().json(user))
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let conn_spec = std::env::var("DATABASE_URL").expect("DATABASE_URL should be set");
    let manager = r2d2::ConnectionManager::<PgConnection>::new(conn_spec);
    let pool = r2d2::Pool::builder()
        .build(manager)
        .expect("database URL should be valid path to Postgres DB");

    HttpServer::new(move || {
        App::new()
            .app_data(web::Data::new(pool.clone()))
            .service(get_user)
            .service(add_user)
    })
    .bind(("127.0.0.1", 8080))?
    .run()
    .await
}
