// A per-request `PgConnection::establish` in an axum handler: a blocking connect in async code (CL301) that also bypasses the pool (CL201).
use axum::{
    extract::{Path, State},
    http::StatusCode,
    routing::get,
    Json, Router,
};
use diesel::prelude::*;
use diesel::PgConnection;
use serde::Serialize;

mod schema {
    diesel::table! {
        reports (id) {
            id -> Int8,
            title -> Text,
            row_count -> Int8,
        }
    }
}

use schema::reports;

#[derive(Clone)]
struct AppState {
    database_url: String,
}

#[derive(Queryable, Serialize)]
struct Report {
    id: i64,
    title: String,
    row_count: i64,
}

async fn download_report(
    State(state): State<AppState>,
    Path(report_id): Path<i64>,
) -> Result<Json<Report>, StatusCode> {
    let mut conn = PgConnection::establish(&state.database_url) // expect: CL201 CL301
        .map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?;
    let report = reports::table
        .find(report_id)
        .first::<Report>(&mut conn)
        .map_err(|_| StatusCode::NOT_FOUND)?;
    Ok(Json(report))
}

#[tokio::main]
async fn main() {
    let state = AppState {
        database_url: std::env::var("DATABASE_URL").expect("DATABASE_URL must be set"),
    };
    let app = Router::new()
        .route("/reports/{report_id}", get(download_report))
        .with_state(state);
    let listener = tokio::net::TcpListener::bind("0.0.0.0:8080").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
