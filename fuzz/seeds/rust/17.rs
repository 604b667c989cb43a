// A one-off backfill binary that streams invoices over its own tokio-postgres connection.
use tokio_postgres::NoTls;

async fn backfill_numbers(database_url: &str) -> anyhow::Result<u64> {
    let (client, connection) = tokio_postgres::connect(database_url, NoTls).await?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            eprintln!("connection error: {e}");
        }
    });
    let updated = client
        .execute(
            "UPDATE invoices SET number = 'INV-' || lpad(id::text, 8, '0') WHERE number IS NULL",
            &[],
        )
        .await?;
    Ok(updated)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let database_url = std::env::var("DATABASE_URL")?;
    let updated = backfill_numbers(&database_url).await?;
    println!("backfilled {updated} invoices");
    Ok(())
}
