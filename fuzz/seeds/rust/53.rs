// A migration installer opens a transaction, then downloads the SQL scripts over HTTP while holding it.
use sqlx::{PgPool, Row};

pub async fn install(pool: &PgPool, http: &reqwest::Client, base: &str) -> Result<(), Error> {
    let mut tx = pool.begin().await?;
    let applied: Vec<String> = sqlx::query("SELECT name FROM applied_migrations")
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(|r| r.get(0))
        .collect();
    let index = http // expect: CL302
        .get(format!("{base}/index.txt"))
        .send()
        .await?;
    let names = index.text().await?; // expect: CL302
    for name in names.lines().filter(|n| !applied.iter().any(|a| a == n)) {
        let sql = http.get(format!("{base}/{name}")).send().await?; // expect: CL302
        let body = sql.text().await?; // expect: CL302
        sqlx::raw_sql(&body).execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}
