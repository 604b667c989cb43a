// A warp handler passed to `.and_then(get_task)` that opens a sqlx `MySqlConnection` on every call.
use serde::Serialize;
use sqlx::{Connection, FromRow, MySqlConnection};
use warp::{reject, Filter, Rejection, Reply};

#[derive(Debug)]
struct DbUnavailable;

impl reject::Reject for DbUnavailable {}

#[derive(Serialize, FromRow)]
struct Task {
    id: i64,
    title: String,
    done: bool,
}

async fn get_task(id: i64) -> Result<impl Reply, Rejection> {
    let url = std::env::var("DATABASE_URL").map_err(|_| reject::custom(DbUnavailable))?;
    let mut conn = MySqlConnection::connect(&url) // expect: CL201
        .await
        .map_err(|_| reject::custom(DbUnavailable))?;

    let task: Option<Task> = sqlx::query_as("SELECT id, title, done FROM tasks WHERE id = ?")
        .bind(id)
        .fetch_optional(&mut conn)
        .await
        .map_err(|_| reject::custom(DbUnavailable))?;

    match task {
        Some(task) => Ok(warp::reply::json(&task)),
        None => Err(reject::not_found()),
    }
}

pub fn tasks_api() -> impl Filter<Extract = (impl Reply,), Error = Rejection> + Clone {
    warp::path!("tasks" / i64)
        .and(warp::get())
        .and_then(get_task)
}
