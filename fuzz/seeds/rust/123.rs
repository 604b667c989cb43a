// deadpool-postgres reindex job takes a "reader" and a "writer" client from the same pool; with several jobs running each waits on the other's second checkout.
use deadpool_postgres::Pool;

pub async fn rebuild_search_index(pool: &Pool) -> anyhow::Result<u64> {
    let reader = pool.get().await?;
    let writer = pool.get().await?; // expect: CL305

    let rows = reader
        .query("SELECT id, title, body FROM articles WHERE search_dirty", &[])
        .await?;
    let update = writer
        .prepare_cached(
            "UPDATE articles SET search = to_tsvector('english', $2), search_dirty = false WHERE id = $1",
        )
        .await?;

    let mut updated = 0;
    for row in &rows {
        let id: i64 = row.get("id");
        let title: String = row.get("title");
        let body: String = row.get("body");
        let document = format!("{title}\n{body}");
        updated += writer.execute(&update, &[&id, &document]).await?;
    }
    Ok(updated)
}
