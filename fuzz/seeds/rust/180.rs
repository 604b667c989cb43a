// Negative: diesel's `conn.transaction(|conn| ..)` takes a closure and commits when it returns Ok — not a transaction binding, even when its result is bound with `let` (run inside `web::block`).
use actix_web::{error::ErrorInternalServerError, post, web, HttpResponse};
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};

mod schema {
    diesel::table! {
        accounts (id) {
            id -> Int8,
            balance_cents -> Int8,
        }
    }
}

use schema::accounts;

type DbPool = Pool<ConnectionManager<PgConnection>>;

fn move_funds(conn: &mut PgConnection, from: i64, to: i64, cents: i64) -> QueryResult<()> {
    conn.transaction::<_, diesel::result::Error, _>(|conn| {
        diesel::update(accounts::table.find(from))
            .set(accounts::balance_cents.eq(accounts::balance_cents - cents))
            .execute(conn)?;
        diesel::update(accounts::table.find(to))
            .set(accounts::balance_cents.eq(accounts::balance_cents + cents))
            .execute(conn)?;
        Ok(())
    })
}

#[post("/transfers/{from}/{to}/{cents}")]
async fn transfer(pool: web::Data<DbPool>, path: web::Path<(i64, i64, i64)>) -> actix_web::Result<HttpResponse> {
    let (from, to, cents) = path.into_inner();
    web::block(move || {
        let mut conn = pool.get()?;
        move_funds(&mut conn, from, to, cents).map_err(Box::<dyn std::error::Error + Send + Sync>::from)
    })
    .await?
    .map_err(ErrorInternalServerError)?;
    Ok(HttpResponse::NoContent().finish())
}

#[post("/accounts/{id}/close")]
async fn close_account(pool: web::Data<DbPool>, path: web::Path<i64>) -> actix_web::Result<HttpResponse> {
    let account_id = path.into_inner();
    let refunded = web::block(move || -> Result<i64, Box<dyn std::error::Error + Send + Sync>> {
        let mut conn = pool.get()?;
        let balance = conn.transaction(|conn| {
            let balance: i64 = accounts::table
                .find(account_id)
                .select(accounts::balance_cents)
                .for_update()
                .first(conn)?;
            diesel::delete(accounts::table.find(account_id)).execute(conn)?;
            diesel::result::QueryResult::Ok(balance)
        })?;
        Ok(balance)
    })
    .await?
    .map_err(ErrorInternalServerError)?;
    Ok(HttpResponse::Ok().json(refunded))
}
