// A sync health check that builds an r2d2 pool with `Pool::new`, checks out one connection and throws the pool away.
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};

pub fn check_database(database_url: &str) -> Result<(), Box<dyn std::error::Error>> {
    let manager = ConnectionManager::<PgConnection>::new(database_url);
    let pool = Pool::new(manager)?; // expect: CL202
    let mut conn = pool.get()?;
    diesel::sql_query("SELECT 1").execute(&mut conn)?;
    Ok(())
}

pub fn readiness() -> &'static str {
    let url = std::env::var("DATABASE_URL").unwrap_or_default();
    match check_database(&url) {
        Ok(()) => "ready",
        Err(_) => "database unavailable",
    }
}
