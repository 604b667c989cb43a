// Negative: a websocket handler streaming notifications through sqlx's `PgListener`, which owns a dedicated connection.
use axum::{
    extract::{
        ws::{Message, WebSocket, WebSocketUpgrade},
        State,
    },
    response::Response,
};
use sqlx::postgres::{PgListener, PgPool};

#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
    pub database_url: String,
}

pub async fn inventory_feed(ws: WebSocketUpgrade, State(state): State<AppState>) -> Response {
    ws.on_upgrade(move |socket| stream_inventory(socket, state))
}

async fn stream_inventory(mut socket: WebSocket, state: AppState) {
    let mut listener = match PgListener::connect(&state.database_url).await {
        Ok(listener) => listener,
        Err(e) => {
            tracing::error!(error = %e, "cannot open listener");
            return;
        }
    };
    if listener.listen("inventory_changed").await.is_err() {
        return;
    }
    while let Ok(notification) = listener.recv().await {
        if socket
            .send(Message::Text(notification.payload().to_owned().into()))
            .await
            .is_err()
        {
            break;
        }
    }
}
