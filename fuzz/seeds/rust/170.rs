// Negative: diesel-async's `conn.transaction(|conn| async move { .. }.scope_boxed())` on a bb8 checkout commits when the future returns Ok — a closure, not a transaction binding.
use axum::{
    extract::{Path, State},
    http::StatusCode,
    routing::post,
    Router,
};
use diesel::prelude::*;
use diesel_async::pooled_connection::bb8::Pool;
use diesel_async::scoped_futures::ScopedFutureExt;
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};

mod schema {
    diesel::table! {
        accounts (id) {
            id -> Int8,
            balance_cents -> Int8,
        }
    }
}

use schema::accounts;

type AsyncPool = Pool<AsyncPgConnection>;

fn internal_error<E: std::fmt::Display>(err: E) -> (StatusCode, String) {
    (StatusCode::INTERNAL_SERVER_ERROR, err.to_string())
}

async fn apply_interest(
    State(pool): State<AsyncPool>,
    Path(account_id): Path<i64>,
) -> Result<StatusCode, (StatusCode, String)> {
    let mut conn = pool.get().await.map_err(internal_error)?;
    conn.transaction::<_, diesel::result::Error, _>(|conn| {
        async move {
            let balance: i64 = accounts::table
                .find(account_id)
                .select(accounts::balance_cents)
                .for_update()
                .first(conn)
                .await?;
            diesel::update(accounts::table.find(account_id))
                .set(accounts::balance_cents.eq(balance + balance / 100))
                .execute(conn)
                .await?;
            Ok(())
        }
        .scope_boxed()
    })
    .await
    .map_err(internal_error)?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router(pool: AsyncPool) -> Router {
    Router::new()
        .route("/accounts/{account_id}/interest", post(apply_interest))
        .with_state(pool)
}
