// Negative project: the server only uses the pool; direct connections live in `src/bin/` tools and `tests/`.
mod db;
mod routes;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let settings = db::Settings::from_env()?;
    let pool = db::create_pool(&settings).await?;

    let app = routes::router().with_state(pool);
    let listener = tokio::net::TcpListener::bind(&settings.listen_addr).await?;
    axum::serve(listener, app).await?;
    Ok(())
}
