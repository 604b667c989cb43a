// A connector: it returns a fresh connection, so CL201 is reported where a handler calls it
// (`routes.rs`), not here: connecting is this helper's job, calling it per request is the bug.
use sqlx::{Connection, PgConnection};

pub fn database_url() -> String {
    std::env::var("DATABASE_URL").unwrap_or_else(|_| "postgres://tracker@localhost/tracker".to_owned())
}

pub async fn connect() -> PgConnection {
    PgConnection::connect(&database_url())
        .await
        .expect("cannot connect to Postgres")
}
