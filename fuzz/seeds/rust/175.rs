// Negative: the result of the import decides — `Ok` arm commits, `Err` arm rolls back explicitly and reports the failing row.
use sqlx::MySqlPool;

pub struct PriceRow {
    pub sku: String,
    pub price_cents: i64,
}

pub enum ImportOutcome {
    Applied(usize),
    Rejected { row: usize, reason: String },
}

pub async fn import_price_list(pool: &MySqlPool, rows: &[PriceRow]) -> sqlx::Result<ImportOutcome> {
    let mut tx = pool.begin().await?;
    let mut failure = None;
    for (i, row) in rows.iter().enumerate() {
        let result = sqlx::query("UPDATE products SET price_cents = ? WHERE sku = ?")
            .bind(row.price_cents)
            .bind(&row.sku)
            .execute(&mut *tx)
            .await;
        match result {
            Ok(done) if done.rows_affected() == 1 => {}
            Ok(_) => {
                failure = Some((i, format!("unknown sku {}", row.sku)));
                break;
            }
            Err(err) => {
                failure = Some((i, err.to_string()));
                break;
            }
        }
    }
    match failure {
        None => {
            tx.commit().await?;
            Ok(ImportOutcome::Applied(rows.len()))
        }
        Some((row, reason)) => {
            tx.rollback().await?;
            Ok(ImportOutcome::Rejected { row, reason })
        }
    }
}
