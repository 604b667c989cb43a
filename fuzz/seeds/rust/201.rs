// Negative: sync code only — an outbox relay on a dedicated OS thread and a CLI command, both checking out from an r2d2 pool in plain `fn`s.
use std::thread;
use std::time::Duration;

use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};

mod schema {
    diesel::table! {
        outbox (id) {
            id -> Int8,
            topic -> Text,
            payload -> Jsonb,
            sent_at -> Nullable<Timestamptz>,
        }
    }
}

use schema::outbox;

type DbPool = Pool<ConnectionManager<PgConnection>>;

fn relay_batch(pool: &DbPool, publisher: &dyn Fn(&str, &serde_json::Value)) -> QueryResult<usize> {
    let mut conn = pool.get().map_err(|e| diesel::result::Error::QueryBuilderError(e.into()))?;
    let pending: Vec<(i64, String, serde_json::Value)> = outbox::table
        .filter(outbox::sent_at.is_null())
        .select((outbox::id, outbox::topic, outbox::payload))
        .limit(100)
        .load(&mut conn)?;
    for (id, topic, payload) in &pending {
        publisher(topic, payload);
        diesel::update(outbox::table.find(id))
            .set(outbox::sent_at.eq(diesel::dsl::now))
            .execute(&mut conn)?;
    }
    Ok(pending.len())
}

fn run_outbox_relay(pool: DbPool) {
    let publish = |topic: &str, payload: &serde_json::Value| println!("{topic}: {payload}");
    loop {
        match relay_batch(&pool, &publish) {
            Ok(0) => thread::sleep(Duration::from_millis(500)),
            Ok(n) => log::debug!("relayed {n} messages"),
            Err(err) => log::error!("outbox relay failed: {err}"),
        }
    }
}

fn count_pending(pool: &DbPool) -> QueryResult<i64> {
    let mut conn = pool.get().expect("no connection available");
    outbox::table.filter(outbox::sent_at.is_null()).count().get_result(&mut conn)
}

fn main() {
    let manager = ConnectionManager::<PgConnection>::new(std::env::var("DATABASE_URL").unwrap());
    let pool = Pool::builder().max_size(4).build(manager).expect("failed to build pool");

    if std::env::args().nth(1).as_deref() == Some("pending") {
        println!("{}", count_pending(&pool).expect("query failed"));
        return;
    }

    let relay_pool = pool.clone();
    let relay = thread::spawn(move || run_outbox_relay(relay_pool));
    relay.join().expect("outbox relay panicked");
}
