// The connect sits two calls below the handler (handler -> service -> repository); it is still reachable from a request.
use axum::{extract::Path, http::StatusCode, routing::get, Json, Router};
use serde::Serialize;
use sqlx::{Connection, FromRow, MySqlConnection};

#[derive(Serialize, FromRow)]
pub struct Shipment {
    pub id: i64,
    pub carrier: String,
    pub tracking_number: String,
}

mod repository {
    use super::*;

    pub async fn find_shipments(order_id: i64) -> Result<Vec<Shipment>, sqlx::Error> {
        let url = std::env::var("MYSQL_URL").unwrap_or_else(|_| "mysql://app@localhost/shop".into());
        let mut conn = MySqlConnection::connect(&url).await?; // expect: CL201
        sqlx::query_as::<_, Shipment>(
            "SELECT id, carrier, tracking_number FROM shipments WHERE order_id = ?",
        )
        .bind(order_id)
        .fetch_all(&mut conn)
        .await
    }
}

mod service {
    use super::*;

    pub async fn shipments_for_order(order_id: i64) -> Result<Vec<Shipment>, StatusCode> {
        repository::find_shipments(order_id)
            .await
            .map_err(|_| StatusCode::BAD_GATEWAY)
    }
}

async fn order_shipments(Path(order_id): Path<i64>) -> Result<Json<Vec<Shipment>>, StatusCode> {
    let shipments = service::shipments_for_order(order_id).await?;
    Ok(Json(shipments))
}

pub fn router() -> Router {
    Router::new().route("/orders/:order_id/shipments", get(order_shipments))
}
