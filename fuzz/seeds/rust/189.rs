// Negative: the transaction is moved into a `UnitOfWork` struct (stored), and the unit of work commits it in `complete()`.
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

pub struct DomainEvent {
    pub aggregate_id: Uuid,
    pub kind: &'static str,
}

pub struct UnitOfWork {
    tx: Transaction<'static, Postgres>,
    events: Vec<DomainEvent>,
}

impl UnitOfWork {
    pub async fn start(pool: &PgPool) -> sqlx::Result<Self> {
        let tx = pool.begin().await?;
        Ok(UnitOfWork { tx, events: Vec::new() })
    }

    pub async fn rename_customer(&mut self, id: Uuid, name: &str) -> sqlx::Result<()> {
        sqlx::query("UPDATE customers SET name = $1 WHERE id = $2")
            .bind(name)
            .bind(id)
            .execute(&mut *self.tx)
            .await?;
        self.events.push(DomainEvent { aggregate_id: id, kind: "customer.renamed" });
        Ok(())
    }

    pub async fn complete(mut self) -> sqlx::Result<Vec<DomainEvent>> {
        for event in &self.events {
            sqlx::query("INSERT INTO outbox (aggregate_id, kind) VALUES ($1, $2)")
                .bind(event.aggregate_id)
                .bind(event.kind)
                .execute(&mut *self.tx)
                .await?;
        }
        self.tx.commit().await?;
        Ok(self.events)
    }
}
