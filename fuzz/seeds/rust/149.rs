// Negative: `ManuallyDrop::new` on a tokio `Runtime` (so shutdown does not block) is not a pool guard; the r2d2 connection is dropped normally.
use std::mem::ManuallyDrop;

use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};

use crate::schema::jobs;

pub type DbPool = Pool<ConnectionManager<PgConnection>>;

pub struct JobRunner {
    runtime: ManuallyDrop<tokio::runtime::Runtime>,
    pool: DbPool,
}

impl JobRunner {
    pub fn new(pool: DbPool) -> std::io::Result<Self> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()?;
        Ok(Self { runtime: ManuallyDrop::new(runtime), pool })
    }

    pub fn pending_jobs(&self) -> anyhow::Result<i64> {
        let mut conn = self.pool.get()?;
        let count = jobs::table
            .filter(jobs::finished_at.is_null())
            .count()
            .get_result(&mut conn)?;
        Ok(count)
    }

    pub fn spawn_reporter(&self) {
        self.runtime.spawn(async {
            tracing::info!("reporter started");
        });
    }
}
