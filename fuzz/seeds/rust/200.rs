// Negative: the axum handler clones the r2d2 pool out of `AppState` and does the checkout inside `tokio::task::spawn_blocking`.
use axum::{
    extract::{Path, State},
    http::{header, StatusCode},
    response::IntoResponse,
    routing::get,
    Router,
};
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};

mod schema {
    diesel::table! {
        report_rows (id) {
            id -> Int8,
            report_id -> Int8,
            label -> Text,
            amount_cents -> Int8,
        }
    }
}

use schema::report_rows;

type DbPool = Pool<ConnectionManager<PgConnection>>;

#[derive(Clone)]
struct AppState {
    pool: DbPool,
}

enum AppError {
    Pool(diesel::r2d2::PoolError),
    Query(diesel::result::Error),
    Join(tokio::task::JoinError),
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(err: diesel::r2d2::PoolError) -> Self {
        AppError::Pool(err)
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(err: diesel::result::Error) -> Self {
        AppError::Query(err)
    }
}

impl From<tokio::task::JoinError> for AppError {
    fn from(err: tokio::task::JoinError) -> Self {
        AppError::Join(err)
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> axum::response::Response {
        let status = match self {
            AppError::Pool(_) => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Query(_) | AppError::Join(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        status.into_response()
    }
}

async fn export_csv(
    State(state): State<AppState>,
    Path(report_id): Path<i64>,
) -> Result<impl IntoResponse, AppError> {
    let pool = state.pool.clone();
    let csv = tokio::task::spawn_blocking(move || -> Result<String, AppError> {
        let mut conn = pool.get()?;
        let rows: Vec<(String, i64)> = report_rows::table
            .filter(report_rows::report_id.eq(report_id))
            .select((report_rows::label, report_rows::amount_cents))
            .load(&mut conn)?;
        let mut out = String::from("label,amount_cents\n");
        for (label, amount) in rows {
            out.push_str(&format!("{label},{amount}\n"));
        }
        Ok(out)
    })
    .await??;
    Ok(([(header::CONTENT_TYPE, "text/csv")], csv))
}

pub fn router(pool: DbPool) -> Router {
    Router::new()
        .route("/reports/{report_id}/export.csv", get(export_csv))
        .with_state(AppState { pool })
}
