// Negative: every await while the connection is held is database work on it (`fetch_one(&mut *conn)`, `ping`, a helper taking `&mut *conn`).
use axum::{
    extract::{Path, State},
    Json,
};
use serde::Serialize;
use sqlx::{Connection, PgConnection, PgPool};

use crate::error::AppError;

#[derive(Serialize, sqlx::FromRow)]
pub struct Team {
    id: i64,
    name: String,
    seats: i32,
}

#[derive(Serialize)]
pub struct TeamView {
    team: Team,
    members: Vec<String>,
}

async fn member_emails(conn: &mut PgConnection, team_id: i64) -> Result<Vec<String>, sqlx::Error> {
    sqlx::query_scalar("SELECT u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.team_id = $1")
        .bind(team_id)
        .fetch_all(conn)
        .await
}

pub async fn show_team(
    State(pool): State<PgPool>,
    Path(team_id): Path<i64>,
) -> Result<Json<TeamView>, AppError> {
    let mut conn = pool.acquire().await?;
    conn.ping().await?;
    let team: Team = sqlx::query_as("SELECT id, name, seats FROM teams WHERE id = $1")
        .bind(team_id)
        .fetch_one(&mut *conn)
        .await?;
    let members = member_emails(&mut conn, team_id).await?;
    sqlx::query("UPDATE teams SET last_viewed_at = now() WHERE id = $1")
        .bind(team_id)
        .execute(&mut *conn)
        .await?;
    Ok(Json(TeamView { team, members }))
}
