// Negative: the r2d2 connection lives only inside the `spawn_blocking` closure; the handler awaits the search index after the closure has finished.
use axum::{
    extract::{Path, State},
    http::StatusCode,
};
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};
use serde::Serialize;

use crate::error::AppError;
use crate::schema::articles;

pub type DbPool = Pool<ConnectionManager<PgConnection>>;

#[derive(Clone)]
pub struct AppState {
    pub pool: DbPool,
    pub http: reqwest::Client,
    pub search_url: String,
}

#[derive(Queryable, Serialize)]
struct Article {
    id: i64,
    title: String,
    body: String,
}

pub async fn reindex_article(
    State(state): State<AppState>,
    Path(article_id): Path<i64>,
) -> Result<StatusCode, AppError> {
    let pool = state.pool.clone();
    let article = tokio::task::spawn_blocking(move || {
        let mut conn = pool.get()?;
        articles::table
            .find(article_id)
            .select((articles::id, articles::title, articles::body))
            .first::<Article>(&mut conn)
            .map_err(anyhow::Error::from)
    })
    .await??;

    state
        .http
        .put(format!("{}/articles/{}", state.search_url, article.id))
        .json(&article)
        .send()
        .await?
        .error_for_status()?;
    Ok(StatusCode::NO_CONTENT)
}
