// Sync project helpers (`get_conn`, and `find_invoice` which calls it) check out from an r2d2 pool; calling them from an `async fn` handler blocks just like calling `pool.get()` there.
use actix_web::{get, post, web, HttpResponse};
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool, PooledConnection};
use serde::Serialize;

mod schema {
    diesel::table! {
        invoices (id) {
            id -> Int8,
            customer_id -> Int8,
            total_cents -> Int8,
            paid -> Bool,
        }
    }
}

use schema::invoices;

pub type DbPool = Pool<ConnectionManager<PgConnection>>;

#[derive(Queryable, Serialize)]
pub struct Invoice {
    pub id: i64,
    pub customer_id: i64,
    pub total_cents: i64,
    pub paid: bool,
}

pub fn get_conn(pool: &DbPool) -> PooledConnection<ConnectionManager<PgConnection>> {
    pool.get().expect("database pool exhausted")
}

pub fn find_invoice(pool: &DbPool, invoice_id: i64) -> QueryResult<Invoice> {
    let mut conn = get_conn(pool);
    invoices::table.find(invoice_id).first(&mut conn)
}

#[get("/invoices/{id}")]
async fn show_invoice(pool: web::Data<DbPool>, path: web::Path<i64>) -> HttpResponse {
    let invoice = find_invoice(&pool, path.into_inner()); // expect: CL301
    match invoice {
        Ok(invoice) => HttpResponse::Ok().json(invoice),
        Err(diesel::result::Error::NotFound) => HttpResponse::NotFound().finish(),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}

#[post("/invoices/{id}/pay")]
async fn mark_paid(pool: web::Data<DbPool>, path: web::Path<i64>) -> HttpResponse {
    let invoice_id = path.into_inner();
    let mut conn = get_conn(&pool); // expect: CL301
    let updated = diesel::update(invoices::table.find(invoice_id))
        .set(invoices::paid.eq(true))
        .execute(&mut conn);
    match updated {
        Ok(0) => HttpResponse::NotFound().finish(),
        Ok(_) => HttpResponse::NoContent().finish(),
        Err(_) => HttpResponse::InternalServerError().finish(),
    }
}
