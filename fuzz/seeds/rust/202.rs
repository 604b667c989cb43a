// A sync fn hands an `async move` loop to `tokio::spawn`; the r2d2 `pool.get()` inside that block runs on the runtime and blocks it whenever the pool is drained.
use std::time::Duration;

use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};

mod schema {
    diesel::table! {
        sessions (id) {
            id -> Uuid,
            expires_at -> Timestamptz,
        }
    }
}

use schema::sessions;

pub type DbPool = Pool<ConnectionManager<PgConnection>>;

pub fn spawn_session_reaper(pool: DbPool) {
    tokio::spawn(async move {
        let mut ticker = tokio::time::interval(Duration::from_secs(60));
        loop {
            ticker.tick().await;
            let mut conn = match pool.get() { // expect: CL301
                Ok(conn) => conn,
                Err(err) => {
                    tracing::warn!(%err, "session reaper could not get a connection");
                    continue;
                }
            };
            let deleted = diesel::delete(sessions::table.filter(sessions::expires_at.lt(diesel::dsl::now)))
                .execute(&mut conn);
            if let Ok(n) = deleted {
                tracing::debug!(n, "expired sessions removed");
            }
        }
    });
}
