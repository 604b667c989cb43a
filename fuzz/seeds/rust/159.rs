// Negative: `String::leak` and `Vec::leak` (`.leak()` on values that are not pool guards) build `'static` lookup data.
use std::collections::HashMap;

use sqlx::PgPool;

pub struct Catalog {
    pub names: HashMap<&'static str, i64>,
    pub regions: &'static [&'static str],
}

pub async fn load_catalog(pool: &PgPool) -> Result<Catalog, sqlx::Error> {
    let rows: Vec<(i64, String)> = sqlx::query_as("SELECT id, slug FROM products")
        .fetch_all(pool)
        .await?;
    let names = rows
        .into_iter()
        .map(|(id, slug)| {
            let slug: &'static str = slug.leak();
            (slug, id)
        })
        .collect();

    let region_names: Vec<String> = sqlx::query_scalar("SELECT code FROM regions ORDER BY code")
        .fetch_all(pool)
        .await?;
    let regions: Vec<&'static str> = region_names.into_iter().map(String::leak).collect();
    Ok(Catalog { names, regions: regions.leak() })
}
