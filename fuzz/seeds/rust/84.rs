// An operator tool under `src/bin/`: one short-lived pool per tenant database is acceptable here.
use sqlx::PgPool;

async fn reindex_tenant_databases(urls: &[String]) -> Result<(), sqlx::Error> {
    for url in urls {
        let pool = PgPool::connect(url).await?;
        sqlx::query("REINDEX TABLE CONCURRENTLY vehicles")
            .execute(&pool)
            .await?;
        println!("reindexed {url}");
    }
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let urls: Vec<String> = std::env::args().skip(1).collect();
    reindex_tenant_databases(&urls).await?;
    Ok(())
}
