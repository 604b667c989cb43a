// `get(list_notes).post(create_note)`: the POST handler, registered through the method chain, connects directly.
use axum::{
    extract::State,
    http::StatusCode,
    routing::get,
    Json, Router,
};
use serde::{Deserialize, Serialize};
use sqlx::{Connection, FromRow, PgConnection, PgPool};

#[derive(Serialize, FromRow)]
struct Note {
    id: i64,
    title: String,
    body: String,
}

#[derive(Deserialize)]
struct NewNote {
    title: String,
    body: String,
}

async fn list_notes(State(pool): State<PgPool>) -> Result<Json<Vec<Note>>, StatusCode> {
    sqlx::query_as::<_, Note>("SELECT id, title, body FROM notes ORDER BY id DESC LIMIT 50")
        .fetch_all(&pool)
        .await
        .map(Json)
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)
}

async fn create_note(Json(input): Json<NewNote>) -> Result<(StatusCode, Json<Note>), StatusCode> {
    let url = std::env::var("DATABASE_URL").map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    let mut conn = PgConnection::connect(&url) // expect: CL201
        .await
        .map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?;

    let note = sqlx::query_as::<_, Note>(
        "INSERT INTO notes (title, body) VALUES ($1, $2) RETURNING id, title, body",
    )
    .bind(&input.title)
    .bind(&input.body)
    .fetch_one(&mut conn)
    .await
    .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;

    Ok((StatusCode::CREATED, Json(note)))
}

pub fn router(pool: PgPool) -> Router {
    Router::new()
        .route("/notes", get(list_notes).post(create_note))
        .with_state(pool)
}
