// Project: `db::make_pool()` is a correct factory, but `routes::search_products` calls it on every request.
mod db;
mod routes;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let pool = db::make_pool().await;
    let app = routes::router().with_state(pool);
    let listener = tokio::net::TcpListener::bind("0.0.0.0:3000").await?;
    axum::serve(listener, app).await?;
    Ok(())
}
