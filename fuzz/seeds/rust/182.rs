// Negative: `begin_for_tenant` opens the transaction, sets the RLS tenant and returns `Ok(tx)`; the caller commits it.
use sqlx::{PgPool, Postgres, Transaction};
use uuid::Uuid;

pub async fn begin_for_tenant(pool: &PgPool, tenant_id: Uuid) -> sqlx::Result<Transaction<'static, Postgres>> {
    let mut tx = pool.begin().await?;
    sqlx::query("SELECT set_config('app.tenant_id', $1, true)")
        .bind(tenant_id.to_string())
        .execute(&mut *tx)
        .await?;
    Ok(tx)
}

pub async fn rename_workspace(pool: &PgPool, tenant_id: Uuid, workspace_id: Uuid, name: &str) -> sqlx::Result<()> {
    let mut tx = begin_for_tenant(pool, tenant_id).await?;
    sqlx::query("UPDATE workspaces SET name = $1 WHERE id = $2")
        .bind(name)
        .bind(workspace_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}
