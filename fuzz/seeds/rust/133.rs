// mysql_async inventory sync takes a second `get_conn()` from the same pool for snapshot rows while the first connection is still held.
use mysql_async::prelude::*;
use mysql_async::Pool;

pub async fn snapshot_inventory(pool: &Pool, warehouse_id: u32) -> Result<usize, mysql_async::Error> {
    let mut conn = pool.get_conn().await?;
    let stock: Vec<(String, i32)> = conn
        .exec("SELECT sku, qty FROM stock WHERE warehouse_id = ?", (warehouse_id,))
        .await?;

    let mut log_conn = pool.get_conn().await?; // expect: CL305
    for (sku, qty) in &stock {
        log_conn
            .exec_drop(
                "INSERT INTO stock_snapshots (warehouse_id, sku, qty) VALUES (?, ?, ?)",
                (warehouse_id, sku, qty),
            )
            .await?;
    }

    conn.exec_drop(
        "UPDATE warehouses SET snapshot_at = NOW() WHERE id = ?",
        (warehouse_id,),
    )
    .await?;
    Ok(stock.len())
}
