// `SqliteConnection::establish` in an actix-web `async fn`: opening the file and running the query block the worker (CL301); SQLite is exempt from pool-bypass, so no CL201.
use actix_web::{get, post, web, App, HttpResponse, HttpServer};
use diesel::prelude::*;
use diesel::SqliteConnection;
use serde::{Deserialize, Serialize};

mod schema {
    diesel::table! {
        notes (id) {
            id -> Integer,
            body -> Text,
        }
    }
}

use schema::notes;

struct AppConfig {
    db_path: String,
}

#[derive(Queryable, Serialize)]
struct Note {
    id: i32,
    body: String,
}

#[derive(Deserialize, Insertable)]
#[diesel(table_name = notes)]
struct NewNote {
    body: String,
}

#[get("/notes")]
async fn list_notes(config: web::Data<AppConfig>) -> HttpResponse {
    let mut conn = match SqliteConnection::establish(&config.db_path) { // expect: CL301
        Ok(conn) => conn,
        Err(_) => return HttpResponse::ServiceUnavailable().finish(),
    };
    match notes::table.load::<Note>(&mut conn) {
        Ok(rows) => HttpResponse::Ok().json(rows),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

#[post("/notes")]
async fn add_note(config: web::Data<AppConfig>, note: web::Json<NewNote>) -> HttpResponse {
    let mut conn = SqliteConnection::establish(&config.db_path).expect("notes.db must be writable"); // expect: CL301
    match diesel::insert_into(notes::table).values(note.into_inner()).execute(&mut conn) {
        Ok(_) => HttpResponse::Created().finish(),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

#[actix_web::main]
async fn main() -> std::io::Result<()> {
    let config = web::Data::new(AppConfig { db_path: "notes.db".to_owned() });
    HttpServer::new(move || {
        App::new()
            .app_data(config.clone())
            .service(list_notes)
            .service(add_note)
    })
    .bind(("127.0.0.1", 8080))?
    .run()
    .await
}
