// deadpool-postgres worker: a transaction from `client.transaction()` stays open while it awaits an exchange-rate API.
use std::collections::HashMap;

use deadpool_postgres::Pool;
use rust_decimal::Decimal;
use serde::Deserialize;

const RATES_URL: &str = "https://rates.example.com/v1/latest?base=EUR";

#[derive(Deserialize)]
struct Rates {
    rates: HashMap<String, Decimal>,
}

pub async fn settle_foreign_invoices(pool: &Pool, http: &reqwest::Client) -> anyhow::Result<u64> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let rows = tx
        .query(
            "SELECT id, currency, amount FROM invoices WHERE settled = false AND currency <> 'EUR' FOR UPDATE",
            &[],
        )
        .await?;

    let response = http.get(RATES_URL).send().await?; // expect: CL302
    let rates: Rates = response.json().await?; // expect: CL302

    let mut settled = 0;
    for row in &rows {
        let id: i64 = row.get("id");
        let currency: String = row.get("currency");
        let amount: Decimal = row.get("amount");
        let Some(rate) = rates.rates.get(&currency) else {
            continue;
        };
        let amount_eur = amount / *rate;
        settled += tx
            .execute(
                "UPDATE invoices SET amount_eur = $1, settled = true WHERE id = $2",
                &[&amount_eur, &id],
            )
            .await?;
    }
    tx.commit().await?;
    Ok(settled)
}
