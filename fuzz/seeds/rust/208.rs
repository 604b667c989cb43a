// `PgConnection::establish` inside background `async fn`s spawned from `main` (not handlers, so not CL201): the blocking connect and TLS handshake run on a runtime worker thread.
use std::time::Duration;

use diesel::{Connection, PgConnection, RunQueryDsl};

async fn refresh_materialized_views(database_url: String) {
    let mut ticker = tokio::time::interval(Duration::from_secs(600));
    loop {
        ticker.tick().await;
        let connected = PgConnection::establish(&database_url); // expect: CL301
        let mut conn = match connected {
            Ok(conn) => conn,
            Err(err) => {
                tracing::warn!(%err, "skipping refresh, database unreachable");
                continue;
            }
        };
        if let Err(err) = diesel::sql_query("REFRESH MATERIALIZED VIEW CONCURRENTLY daily_revenue")
            .execute(&mut conn)
        {
            tracing::error!(%err, "refresh of daily_revenue failed");
        }
    }
}

async fn purge_expired_sessions(database_url: String) -> anyhow::Result<usize> {
    let mut conn = diesel::PgConnection::establish(&database_url)?; // expect: CL301
    let purged = diesel::sql_query("DELETE FROM sessions WHERE expires_at < now()").execute(&mut conn)?;
    Ok(purged)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt::init();
    let database_url = std::env::var("DATABASE_URL")?;

    let purged = purge_expired_sessions(database_url.clone()).await?;
    tracing::info!(purged, "startup cleanup done");

    tokio::spawn(refresh_materialized_views(database_url));
    tokio::signal::ctrl_c().await?;
    Ok(())
}
