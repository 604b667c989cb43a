// `state.db.begin()` on the `PgPool` field of `AppState`: the invite is written and the handler answers 200, but the transaction is never committed.
use axum::{
    extract::{Path, State},
    http::StatusCode,
    routing::post,
    Json, Router,
};
use serde::{Deserialize, Serialize};
use sqlx::PgPool;
use uuid::Uuid;

#[derive(Clone)]
pub struct AppState {
    pub db: PgPool,
    pub invite_ttl_hours: i32,
}

#[derive(Deserialize)]
pub struct InviteRequest {
    email: String,
    role: String,
}

#[derive(Serialize)]
pub struct Invite {
    id: Uuid,
    token: String,
}

fn internal_error(err: sqlx::Error) -> (StatusCode, String) {
    (StatusCode::INTERNAL_SERVER_ERROR, err.to_string())
}

async fn invite_member(
    State(state): State<AppState>,
    Path(team_id): Path<Uuid>,
    Json(req): Json<InviteRequest>,
) -> Result<Json<Invite>, (StatusCode, String)> {
    let ttl_hours = state.invite_ttl_hours;
    let mut tx = state.db.begin().await.map_err(internal_error)?; // expect: CL304
    let seats_left: i64 = sqlx::query_scalar("SELECT seats - used_seats FROM teams WHERE id = $1 FOR UPDATE")
        .bind(team_id)
        .fetch_one(&mut *tx)
        .await
        .map_err(internal_error)?;
    if seats_left <= 0 {
        return Err((StatusCode::CONFLICT, "no seats left".to_owned()));
    }
    let token = Uuid::new_v4().simple().to_string();
    let id: Uuid = sqlx::query_scalar(
        "INSERT INTO invites (team_id, email, role, token, expires_at) \
         VALUES ($1, $2, $3, $4, now() + make_interval(hours => $5)) RETURNING id",
    )
    .bind(team_id)
    .bind(&req.email)
    .bind(&req.role)
    .bind(&token)
    .bind(ttl_hours)
    .fetch_one(&mut *tx)
    .await
    .map_err(internal_error)?;
    sqlx::query("UPDATE teams SET used_seats = used_seats + 1 WHERE id = $1")
        .bind(team_id)
        .execute(&mut *tx)
        .await
        .map_err(internal_error)?;
    Ok(Json(Invite { id, token }))
}

pub fn router(state: AppState) -> Router {
    Router::new()
        .route("/teams/{team_id}/invites", post(invite_member))
        .with_state(state)
}
