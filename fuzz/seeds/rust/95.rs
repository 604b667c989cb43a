// A nightly job that builds one `Pool::<Postgres>` per tenant inside its loop instead of reusing pools.
use serde::Deserialize;
use sqlx::{Pool, Postgres};

#[derive(Deserialize)]
pub struct Tenant {
    pub slug: String,
    pub database_url: String,
}

pub async fn refresh_tenant_usage(tenants: &[Tenant]) -> Result<(), sqlx::Error> {
    for tenant in tenants {
        let pool = Pool::<Postgres>::connect(&tenant.database_url).await?; // expect: CL202
        let rows = sqlx::query("REFRESH MATERIALIZED VIEW usage_daily")
            .execute(&pool)
            .await?
            .rows_affected();
        tracing::info!(tenant = %tenant.slug, rows, "usage view refreshed");
    }
    Ok(())
}
