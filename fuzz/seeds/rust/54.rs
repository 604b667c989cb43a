// deadpool-postgres: a row stream from `query_raw(..).await` is tied to the client; awaiting it is database work.
use axum::extract::State;
use deadpool_postgres::Pool;
use futures_util::{pin_mut, TryStreamExt};

#[derive(Clone)]
pub struct AppState {
    pub pool: Pool,
}

pub async fn export_orders(State(state): State<AppState>) -> Result<String, AppError> {
    let client = state.pool.get().await?;
    let rows = client
        .query_raw("SELECT id, total_cents FROM orders ORDER BY id", &[] as &[i64])
        .await?;
    pin_mut!(rows);
    let mut csv = String::from("id,total_cents\n");
    while let Some(row) = rows.try_next().await? {
        let id: i64 = row.get(0);
        let total: i64 = row.get(1);
        csv.push_str(&format!("{id},{total}\n"));
    }
    Ok(csv)
}
