// Negative: each connection is taken in its own block, which ends (giving it back) before the next block takes one from the same pool.
use deadpool_postgres::Pool;

pub struct NightlyStats {
    pub signups: i64,
    pub churned: i64,
}

pub async fn compute_nightly_stats(pool: &Pool) -> anyhow::Result<NightlyStats> {
    let signups: i64 = {
        let client = pool.get().await?;
        client
            .query_one(
                "SELECT count(*) FROM users WHERE created_at >= current_date - 1 AND created_at < current_date",
                &[],
            )
            .await?
            .get(0)
    };

    let churned: i64 = {
        let client = pool.get().await?;
        client
            .query_one(
                "SELECT count(*) FROM subscriptions WHERE cancelled_at >= current_date - 1 AND cancelled_at < current_date",
                &[],
            )
            .await?
            .get(0)
    };

    {
        let client = pool.get().await?;
        client
            .execute(
                "INSERT INTO nightly_stats (day, signups, churned) VALUES (current_date - 1, $1, $2)",
                &[&signups, &churned],
            )
            .await?;
    }

    Ok(NightlyStats { signups, churned })
}
