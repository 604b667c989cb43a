// A billing service holds a transaction from `self.pool` and then takes another connection from `self.pool`, directly and through `fetch_plan(&self.pool, ..)`.
use sqlx::PgPool;

#[derive(sqlx::FromRow)]
pub struct Plan {
    pub code: String,
    pub price_cents: i64,
}

pub async fn fetch_plan(pool: &PgPool, account_id: i64) -> Result<Plan, sqlx::Error> {
    let mut conn = pool.acquire().await?;
    sqlx::query_as("SELECT p.code, p.price_cents FROM accounts a JOIN plans p ON p.code = a.plan WHERE a.id = $1")
        .bind(account_id)
        .fetch_one(&mut *conn)
        .await
}

pub struct BillingService {
    pool: PgPool,
}

impl BillingService {
    pub fn new(pool: PgPool) -> Self {
        Self { pool }
    }

    pub async fn renew(&self, account_id: i64) -> Result<i64, sqlx::Error> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("SELECT 1 FROM accounts WHERE id = $1 FOR UPDATE")
            .bind(account_id)
            .execute(&mut *tx)
            .await?;

        let plan = fetch_plan(&self.pool, account_id).await?; // expect: CL305
        let invoice_id: i64 = sqlx::query_scalar(
            "INSERT INTO invoices (account_id, plan, amount_cents) VALUES ($1, $2, $3) RETURNING id",
        )
        .bind(account_id)
        .bind(&plan.code)
        .bind(plan.price_cents)
        .fetch_one(&mut *tx)
        .await?;

        let mut audit = self.pool.acquire().await?; // expect: CL305
        sqlx::query("INSERT INTO billing_events (account_id, invoice_id, kind) VALUES ($1, $2, 'renewal')")
            .bind(account_id)
            .bind(invoice_id)
            .execute(&mut *audit)
            .await?;

        tx.commit().await?;
        Ok(invoice_id)
    }
}
