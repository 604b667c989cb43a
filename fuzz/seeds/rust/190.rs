// A plain closure passed to `.map(..)` runs where it is called: the `pool.get()` inside it blocks the async handler once per id.
use axum::{extract::State, routing::post, Json, Router};
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};
use serde::{Deserialize, Serialize};

mod schema {
    diesel::table! {
        products (id) {
            id -> Int4,
            name -> Text,
            price_cents -> Int8,
        }
    }
}

use schema::products;

type DbPool = Pool<ConnectionManager<PgConnection>>;

#[derive(Queryable, Serialize)]
struct Product {
    id: i32,
    name: String,
    price_cents: i64,
}

#[derive(Deserialize)]
struct BatchRequest {
    ids: Vec<i32>,
}

async fn batch_lookup(
    State(pool): State<DbPool>,
    Json(req): Json<BatchRequest>,
) -> Json<Vec<Option<Product>>> {
    let found = req
        .ids
        .iter()
        .map(|id| {
            let mut conn = pool.get().ok()?; // expect: CL301
            products::table.find(*id).first::<Product>(&mut conn).ok()
        })
        .collect();
    Json(found)
}

pub fn routes(pool: DbPool) -> Router {
    Router::new()
        .route("/products/batch", post(batch_lookup))
        .with_state(pool)
}
