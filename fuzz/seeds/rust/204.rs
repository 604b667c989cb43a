// Negative: a `.map(|id| ..)` closure nested in a `web::block` closure inherits its blocking-pool context, and a nested `fn` item has its own (sync) context.
use actix_web::{get, web, HttpResponse};
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};
use serde::{Deserialize, Serialize};

mod schema {
    diesel::table! {
        warehouses (id) {
            id -> Int4,
            name -> Text,
            stock -> Int8,
        }
    }
}

use schema::warehouses;

type DbPool = Pool<ConnectionManager<PgConnection>>;

#[derive(Queryable, Serialize)]
struct Warehouse {
    id: i32,
    name: String,
    stock: i64,
}

#[derive(Deserialize)]
struct Ids {
    ids: String,
}

#[get("/warehouses")]
async fn warehouses_by_id(pool: web::Data<DbPool>, query: web::Query<Ids>) -> actix_web::Result<HttpResponse> {
    let ids: Vec<i32> = query.ids.split(',').filter_map(|s| s.parse().ok()).collect();
    let found = web::block(move || {
        ids.iter()
            .map(|id| {
                let mut conn = pool.get().ok()?;
                warehouses::table.find(*id).first::<Warehouse>(&mut conn).ok()
            })
            .collect::<Vec<_>>()
    })
    .await?;
    Ok(HttpResponse::Ok().json(found))
}

#[get("/warehouses/total-stock")]
async fn total_stock(pool: web::Data<DbPool>) -> actix_web::Result<HttpResponse> {
    fn sum_stock(pool: &DbPool) -> Result<i64, Box<dyn std::error::Error + Send + Sync>> {
        let mut conn = pool.get()?;
        let total: Option<i64> = warehouses::table
            .select(diesel::dsl::sum(warehouses::stock))
            .first(&mut conn)?;
        Ok(total.unwrap_or(0))
    }

    let total = web::block(move || sum_stock(&pool))
        .await?
        .map_err(actix_web::error::ErrorInternalServerError)?;
    Ok(HttpResponse::Ok().json(total))
}
