// A backfill loop opens `pool.begin()` per batch and moves on without committing: each batch is rolled back when `tx` drops at the end of the iteration.
use sqlx::PgPool;

pub async fn backfill_search_vectors(pool: &PgPool, batch_size: i64) -> sqlx::Result<u64> {
    let mut last_id = 0_i64;
    let mut updated = 0_u64;
    loop {
        let mut tx = pool.begin().await?; // expect: CL304
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT id FROM documents WHERE id > $1 ORDER BY id LIMIT $2 FOR UPDATE SKIP LOCKED",
        )
        .bind(last_id)
        .bind(batch_size)
        .fetch_all(&mut *tx)
        .await?;
        let Some(&max_id) = ids.last() else {
            break;
        };
        updated += sqlx::query("UPDATE documents SET search_vector = to_tsvector('english', body) WHERE id = ANY($1)")
            .bind(&ids)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        last_id = max_id;
    }
    Ok(updated)
}
