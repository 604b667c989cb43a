// Negative: an SSE handler that needs its own session for `LISTEN`, which a pooled connection cannot provide.
use std::convert::Infallible;
use std::sync::Arc;

use axum::{
    extract::State,
    http::StatusCode,
    response::sse::{Event, KeepAlive, Sse},
};
use futures::stream::{self, Stream};
use tokio_postgres::{AsyncMessage, NoTls};

pub struct AppState {
    pub database_url: String,
}

pub async fn order_events(
    State(state): State<Arc<AppState>>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, StatusCode> {
    let (client, mut connection) = tokio_postgres::connect(&state.database_url, NoTls)
        .await
        .map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?;

    let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
    let messages = stream::poll_fn(move |cx| connection.poll_message(cx));
    tokio::spawn(async move {
        use futures::StreamExt;
        let mut messages = Box::pin(messages);
        while let Some(Ok(AsyncMessage::Notification(n))) = messages.next().await {
            if tx.send(n.payload().to_owned()).is_err() {
                break;
            }
        }
    });

    client
        .batch_execute("LISTEN order_events")
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;

    let events = stream::unfold((rx, client), |(mut rx, client)| async move {
        let payload = rx.recv().await?;
        Some((Ok(Event::default().data(payload)), (rx, client)))
    });
    Ok(Sse::new(events).keep_alive(KeepAlive::default()))
}
