// Negative: `connect` calls that are not database drivers (TCP, Redis, AMQP via lapin's own `Connection`).
use std::sync::Arc;

use axum::{extract::State, routing::get, Json, Router};
use lapin::{Connection, ConnectionProperties};
use serde::Serialize;
use tokio::net::TcpStream;

pub struct Config {
    pub smtp_addr: String,
    pub redis_url: String,
    pub amqp_url: String,
}

#[derive(Serialize)]
struct Dependencies {
    smtp: bool,
    redis: bool,
    amqp: bool,
}

async fn dependencies(State(cfg): State<Arc<Config>>) -> Json<Dependencies> {
    let smtp = TcpStream::connect(&cfg.smtp_addr).await.is_ok();

    let redis = match redis::Client::open(cfg.redis_url.as_str()) {
        Ok(client) => client.get_multiplexed_async_connection().await.is_ok(),
        Err(_) => false,
    };

    let amqp = match Connection::connect(&cfg.amqp_url, ConnectionProperties::default()).await {
        Ok(conn) => conn.close(200, "health check done").await.is_ok(),
        Err(_) => false,
    };

    Json(Dependencies { smtp, redis, amqp })
}

pub fn router(cfg: Arc<Config>) -> Router {
    Router::new()
        .route("/health/dependencies", get(dependencies))
        .with_state(cfg)
}
