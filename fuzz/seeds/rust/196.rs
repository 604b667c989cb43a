// Negative: an async actix-web handler starts a long import on `std::thread::spawn` and a rescoring job on `rayon::spawn`; the r2d2 checkouts run on those threads, not on the runtime.
use actix_web::{post, web, HttpResponse};
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};
use serde::Deserialize;

mod schema {
    diesel::table! {
        contacts (id) {
            id -> Int8,
            email -> Text,
            score -> Int4,
        }
    }
}

use schema::contacts;

type DbPool = Pool<ConnectionManager<PgConnection>>;

#[derive(Deserialize)]
struct ImportRequest {
    emails: Vec<String>,
}

#[post("/contacts/import")]
async fn import_contacts(pool: web::Data<DbPool>, body: web::Json<ImportRequest>) -> HttpResponse {
    let emails = body.into_inner().emails;
    std::thread::spawn(move || {
        let mut conn = match pool.get() {
            Ok(conn) => conn,
            Err(err) => {
                log::error!("contact import could not get a connection: {err}");
                return;
            }
        };
        for chunk in emails.chunks(500) {
            let rows: Vec<_> = chunk.iter().map(|e| contacts::email.eq(e)).collect();
            if let Err(err) = diesel::insert_into(contacts::table).values(&rows).execute(&mut conn) {
                log::error!("contact import chunk failed: {err}");
            }
        }
    });
    HttpResponse::Accepted().finish()
}

#[post("/contacts/rescore")]
async fn rescore(pool: web::Data<DbPool>) -> HttpResponse {
    rayon::spawn(move || {
        if let Ok(mut conn) = pool.get() {
            let _ = diesel::update(contacts::table)
                .set(contacts::score.eq(0))
                .execute(&mut conn);
        }
    });
    HttpResponse::Accepted().finish()
}
