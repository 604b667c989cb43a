// axum chat endpoint opens a transaction on `state.pool`, then awaits the OpenAI completion while the transaction and its connection stay open.
use async_openai::{
    config::OpenAIConfig,
    types::{ChatCompletionRequestUserMessageArgs, CreateChatCompletionRequestArgs},
    Client,
};
use axum::{
    extract::{Path, State},
    Json,
};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use uuid::Uuid;

use crate::error::AppError;

#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
    pub openai: Client<OpenAIConfig>,
}

#[derive(Deserialize)]
pub struct NewMessage {
    content: String,
}

#[derive(Serialize)]
pub struct Reply {
    answer: String,
}

pub async fn post_message(
    State(state): State<AppState>,
    Path(thread_id): Path<Uuid>,
    Json(body): Json<NewMessage>,
) -> Result<Json<Reply>, AppError> {
    let mut tx = state.pool.begin().await?;

    sqlx::query("INSERT INTO messages (thread_id, role, content) VALUES ($1, 'user', $2)")
        .bind(thread_id)
        .bind(&body.content)
        .execute(&mut *tx)
        .await?;

    let request = CreateChatCompletionRequestArgs::default()
        .model("gpt-4o-mini")
        .messages([ChatCompletionRequestUserMessageArgs::default()
            .content(body.content.as_str())
            .build()?
            .into()])
        .build()?;
    let completion = state.openai.chat().create(request).await?; // expect: CL302
    let answer = completion
        .choices
        .first()
        .and_then(|choice| choice.message.content.clone())
        .unwrap_or_default();

    sqlx::query("INSERT INTO messages (thread_id, role, content) VALUES ($1, 'assistant', $2)")
        .bind(thread_id)
        .bind(&answer)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;

    Ok(Json(Reply { answer }))
}
