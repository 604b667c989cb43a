// diesel + r2d2 (sync) CLI command: `mem::forget(conn)` on the `PooledConnection` after setting a session variable, so the pool loses that connection for the rest of the run.
use std::mem;

use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};

use crate::schema::imports;

pub type DbPool = Pool<ConnectionManager<PgConnection>>;

pub fn mark_import_batch(pool: &DbPool, batch_id: i64) -> anyhow::Result<usize> {
    let mut conn = pool.get()?;
    diesel::sql_query("SET session_replication_role = replica").execute(&mut conn)?;
    let updated = diesel::update(imports::table.filter(imports::batch_id.eq(batch_id)))
        .set(imports::processed.eq(true))
        .execute(&mut conn)?;
    mem::forget(conn); // expect: CL303
    Ok(updated)
}
