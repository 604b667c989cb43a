// Two deadpool-postgres pools (primary and read replica) built in `init_databases`; neither builder chain sets a wait timeout, so both are reported.
use deadpool_postgres::{BuildError, Manager, ManagerConfig, Pool, RecyclingMethod};
use tokio_postgres::NoTls;

pub struct Databases {
    pub primary: Pool,
    pub replica: Pool,
}

fn manager(pg_config: tokio_postgres::Config) -> Manager {
    Manager::from_config(
        pg_config,
        NoTls,
        ManagerConfig { recycling_method: RecyclingMethod::Verified },
    )
}

pub fn init_databases(primary: tokio_postgres::Config, replica: tokio_postgres::Config) -> Result<Databases, BuildError> {
    let primary = Pool::builder(manager(primary)) // expect: CL205
        .max_size(32)
        .build()?;
    let replica = Pool::builder(manager(replica)) // expect: CL205
        .max_size(64)
        .build()?;
    Ok(Databases { primary, replica })
}
