// A command-line migration tool: a single direct connection is the right tool here.
use sqlx::{Connection, PgConnection};

async fn apply_migrations(database_url: &str) -> anyhow::Result<()> {
    let mut conn = PgConnection::connect(database_url).await?;
    sqlx::migrate!("./migrations").run(&mut conn).await?;
    conn.close().await?;
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let database_url = std::env::var("DATABASE_URL")?;
    apply_migrations(&database_url).await?;
    println!("migrations applied");
    Ok(())
}
