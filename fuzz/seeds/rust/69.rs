// Negative: per-request "pools" and builders that are not database pools (object_pool buffers, rayon, reqwest, semaphores).
use std::sync::Arc;

use axum::{body::Bytes, extract::State, http::StatusCode, routing::post, Router};
use object_pool::Pool;
use tokio::sync::Semaphore;

pub struct AppState {
    pub webhook_url: String,
}

async fn fan_out(State(state): State<Arc<AppState>>, body: Bytes) -> Result<StatusCode, StatusCode> {
    let buffers: Pool<Vec<u8>> = Pool::new(8, || Vec::with_capacity(4096));
    let mut buf = buffers.pull(|| Vec::with_capacity(4096));
    buf.extend_from_slice(&body);

    let checksum = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?
        .install(|| buf.iter().fold(0u32, |acc, b| acc.wrapping_add(*b as u32)));

    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(4)
        .build()
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    let limiter = Semaphore::new(4);
    let _permit = limiter.acquire().await.map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;

    http.post(&state.webhook_url)
        .header("x-checksum", checksum.to_string())
        .body(body)
        .send()
        .await
        .map_err(|_| StatusCode::BAD_GATEWAY)?;
    Ok(StatusCode::ACCEPTED)
}

pub fn router(state: Arc<AppState>) -> Router {
    Router::new().route("/fan-out", post(fan_out)).with_state(state)
}
