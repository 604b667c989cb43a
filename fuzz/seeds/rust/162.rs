// diesel + r2d2 (sync): wrapping the `PooledConnection` in `ManuallyDrop::new(conn)` means its drop, which returns it to the pool, never runs.
use std::mem::ManuallyDrop;

use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool, PoolError, PooledConnection};

pub type DbPool = Pool<ConnectionManager<PgConnection>>;

pub struct ReportSession {
    conn: ManuallyDrop<PooledConnection<ConnectionManager<PgConnection>>>,
}

impl ReportSession {
    pub fn open(pool: &DbPool) -> Result<Self, PoolError> {
        let conn = pool.get()?;
        Ok(Self {
            conn: ManuallyDrop::new(conn), // expect: CL303
        })
    }

    pub fn run(&mut self, sql: &str) -> QueryResult<usize> {
        diesel::sql_query(sql).execute(&mut *self.conn)
    }
}
