// axum handlers check out from `state.pool`, an r2d2 `DbPool` field of `AppState`; `get()` and even `get_timeout(..)` park the runtime thread while they wait.
use std::time::Duration;

use axum::{
    extract::{Query, State},
    http::StatusCode,
    routing::get,
    Json, Router,
};
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};
use serde::{Deserialize, Serialize};

mod schema {
    diesel::table! {
        posts (id) {
            id -> Int8,
            title -> Text,
            body -> Text,
            published -> Bool,
        }
    }
}

use schema::posts;

type DbPool = Pool<ConnectionManager<PgConnection>>;

#[derive(Clone)]
struct AppState {
    pool: DbPool,
    site_name: String,
}

#[derive(Queryable, Selectable, Serialize)]
#[diesel(table_name = posts)]
struct Post {
    id: i64,
    title: String,
    body: String,
    published: bool,
}

#[derive(Deserialize, Insertable)]
#[diesel(table_name = posts)]
struct NewPost {
    title: String,
    body: String,
}

#[derive(Deserialize)]
struct Pagination {
    limit: Option<i64>,
}

fn internal_error<E: std::error::Error>(err: E) -> (StatusCode, String) {
    (StatusCode::INTERNAL_SERVER_ERROR, err.to_string())
}

async fn list_posts(
    State(state): State<AppState>,
    Query(page): Query<Pagination>,
) -> Result<Json<Vec<Post>>, (StatusCode, String)> {
    let mut conn = state.pool.get().map_err(internal_error)?; // expect: CL301
    let rows = posts::table
        .filter(posts::published.eq(true))
        .order(posts::id.desc())
        .limit(page.limit.unwrap_or(20))
        .select(Post::as_select())
        .load(&mut conn)
        .map_err(internal_error)?;
    Ok(Json(rows))
}

async fn create_post(
    State(state): State<AppState>,
    Json(new_post): Json<NewPost>,
) -> Result<(StatusCode, Json<Post>), (StatusCode, String)> {
    let mut conn = state // expect: CL301
        .pool
        .get_timeout(Duration::from_millis(250))
        .map_err(|_| (StatusCode::SERVICE_UNAVAILABLE, format!("{} is busy", state.site_name)))?;
    let post = diesel::insert_into(posts::table)
        .values(&new_post)
        .returning(Post::as_returning())
        .get_result(&mut conn)
        .map_err(internal_error)?;
    Ok((StatusCode::CREATED, Json(post)))
}

#[tokio::main]
async fn main() {
    let manager = ConnectionManager::<PgConnection>::new(std::env::var("DATABASE_URL").unwrap());
    let pool = Pool::builder().max_size(10).build(manager).expect("failed to build pool");
    let state = AppState { pool, site_name: "blog".to_owned() };

    let app = Router::new()
        .route("/posts", get(list_posts).post(create_post))
        .with_state(state);

    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
