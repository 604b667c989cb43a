// A warp handler (`.and_then(list_orders)`) that creates a `mysql_async::Pool` per request and disconnects it afterwards.
use mysql_async::prelude::*;
use serde::Serialize;
use warp::{reject, Filter, Rejection, Reply};

#[derive(Debug)]
struct DbError;

impl reject::Reject for DbError {}

#[derive(Serialize)]
struct OrderLine {
    order_id: u64,
    sku: String,
    quantity: u32,
}

async fn list_orders(customer_id: u64) -> Result<impl Reply, Rejection> {
    let url = std::env::var("MYSQL_URL").map_err(|_| reject::custom(DbError))?;
    let pool = mysql_async::Pool::new(url.as_str()); // expect: CL202

    let mut conn = pool.get_conn().await.map_err(|_| reject::custom(DbError))?;
    let lines = conn
        .exec_map(
            "SELECT order_id, sku, quantity FROM order_lines WHERE customer_id = ?",
            (customer_id,),
            |(order_id, sku, quantity)| OrderLine { order_id, sku, quantity },
        )
        .await
        .map_err(|_| reject::custom(DbError))?;
    drop(conn);

    pool.disconnect().await.map_err(|_| reject::custom(DbError))?;
    Ok(warp::reply::json(&lines))
}

pub fn orders_api() -> impl Filter<Extract = (impl Reply,), Error = Rejection> + Clone {
    warp::path!("customers" / u64 / "orders")
        .and(warp::get())
        .and_then(list_orders)
}
