// A poem `#[handler]` that opens a `mysql_async::Conn` for every request instead of using a `mysql_async::Pool`.
use mysql_async::prelude::*;
use mysql_async::{Conn, Opts};
use poem::error::InternalServerError;
use poem::web::{Json, Path};
use poem::{get, handler, Route};
use serde::Serialize;

#[derive(Serialize)]
struct Product {
    id: u64,
    sku: String,
    price_cents: u32,
}

#[handler]
async fn get_product(Path(id): Path<u64>) -> poem::Result<Json<Option<Product>>> {
    let url = std::env::var("MYSQL_URL").map_err(InternalServerError)?;
    let opts = Opts::from_url(&url).map_err(InternalServerError)?;
    let mut conn = Conn::new(opts).await.map_err(InternalServerError)?; // expect: CL201

    let product = conn
        .exec_first::<(u64, String, u32), _, _>(
            "SELECT id, sku, price_cents FROM products WHERE id = ?",
            (id,),
        )
        .await
        .map_err(InternalServerError)?
        .map(|(id, sku, price_cents)| Product { id, sku, price_cents });

    conn.disconnect().await.map_err(InternalServerError)?;
    Ok(Json(product))
}

pub fn routes() -> Route {
    Route::new().at("/products/:id", get(get_product))
}
