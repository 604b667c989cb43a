// An axum handler taking `Extension<Arc<Settings>>` that calls `tokio_postgres::connect` with the configured URL.
use std::sync::Arc;

use axum::{extract::Query, http::StatusCode, Extension, Json};
use serde::{Deserialize, Serialize};
use tokio_postgres::NoTls;

pub struct Settings {
    pub database_url: String,
    pub search_limit: i64,
}

#[derive(Deserialize)]
pub struct SearchParams {
    pub q: String,
}

#[derive(Serialize)]
pub struct Hit {
    pub id: i64,
    pub title: String,
}

pub async fn search_articles(
    Extension(settings): Extension<Arc<Settings>>,
    Query(params): Query<SearchParams>,
) -> Result<Json<Vec<Hit>>, StatusCode> {
    let (client, connection) = tokio_postgres::connect(&settings.database_url, NoTls) // expect: CL201
        .await
        .map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            tracing::warn!(error = %e, "search connection closed with error");
        }
    });

    let rows = client
        .query(
            "SELECT id, title FROM articles WHERE tsv @@ plainto_tsquery($1) LIMIT $2",
            &[&params.q, &settings.search_limit],
        )
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;

    let hits = rows
        .iter()
        .map(|row| Hit { id: row.get("id"), title: row.get("title") })
        .collect();
    Ok(Json(hits))
}
