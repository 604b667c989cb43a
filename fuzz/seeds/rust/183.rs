// bb8 + tokio-postgres: `conn.transaction()` on a pooled connection archives a project and its tasks, then returns without `commit()`.
use axum::{
    extract::{Path, State},
    http::StatusCode,
    routing::post,
    Router,
};
use bb8::Pool;
use bb8_postgres::PostgresConnectionManager;
use tokio_postgres::NoTls;

type ConnectionPool = Pool<PostgresConnectionManager<NoTls>>;

fn internal_error<E: std::fmt::Display>(err: E) -> (StatusCode, String) {
    (StatusCode::INTERNAL_SERVER_ERROR, err.to_string())
}

async fn archive_project(
    State(pool): State<ConnectionPool>,
    Path(project_id): Path<i64>,
) -> Result<StatusCode, (StatusCode, String)> {
    let mut conn = pool.get().await.map_err(internal_error)?;
    let tx = conn.transaction().await.map_err(internal_error)?; // expect: CL304
    tx.execute("UPDATE tasks SET archived = true WHERE project_id = $1", &[&project_id])
        .await
        .map_err(internal_error)?;
    tx.execute("UPDATE projects SET archived_at = now() WHERE id = $1", &[&project_id])
        .await
        .map_err(internal_error)?;
    Ok(StatusCode::NO_CONTENT)
}

#[tokio::main]
async fn main() {
    let manager = PostgresConnectionManager::new_from_stringlike("host=localhost user=postgres", NoTls).unwrap();
    let pool = Pool::builder().max_size(16).build(manager).await.unwrap();
    let app = Router::new()
        .route("/projects/{project_id}/archive", post(archive_project))
        .with_state(pool);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3000").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
