// A savepoint is handed by value to the task inside `tokio::select!`; the outer transaction is committed.
use sqlx::{PgPool, Postgres, Transaction};
use std::time::Duration;

pub trait Task {
    async fn execute(&self, tx: Transaction<'_, Postgres>, input: serde_json::Value) -> Result<(), Error>;
}

pub async fn run_one<T: Task>(pool: &PgPool, task: &T, input: serde_json::Value, timeout: Duration) -> Result<(), Error> {
    let mut tx = pool.begin().await?;
    let execute_tx = tx.begin().await?;
    tokio::select! {
        result = task.execute(execute_tx, input) => {
            result?;
            sqlx::query("UPDATE tasks SET state = 'succeeded'").execute(&mut *tx).await?;
        }
        _ = tokio::time::sleep(timeout) => {
            sqlx::query("UPDATE tasks SET state = 'timed_out'").execute(&mut *tx).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
