// Negative: sync diesel + r2d2 worker on its own thread; it blocks on HTTP and `thread::sleep` with a connection held, but there is no async context and no `.await`.
use std::thread;
use std::time::Duration;

use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};
use serde::Serialize;

use crate::schema::digests;

pub type DbPool = Pool<ConnectionManager<PgConnection>>;

#[derive(Serialize)]
struct DigestMail<'a> {
    to: &'a str,
    template: &'static str,
}

pub fn spawn_digest_worker(pool: DbPool, http: reqwest::blocking::Client) -> thread::JoinHandle<()> {
    thread::spawn(move || loop {
        if let Err(err) = send_pending_digests(&pool, &http) {
            log::error!("digest run failed: {err:#}");
        }
        thread::sleep(Duration::from_secs(60));
    })
}

fn send_pending_digests(pool: &DbPool, http: &reqwest::blocking::Client) -> anyhow::Result<()> {
    let mut conn = pool.get()?;
    let due: Vec<(i64, String)> = digests::table
        .filter(digests::sent_at.is_null())
        .select((digests::id, digests::email))
        .load(&mut conn)?;

    for (id, email) in due {
        http.post("https://mail.example.com/api/send")
            .json(&DigestMail { to: &email, template: "weekly-digest" })
            .send()?
            .error_for_status()?;
        diesel::update(digests::table.find(id))
            .set(digests::sent_at.eq(diesel::dsl::now))
            .execute(&mut conn)?;
        thread::sleep(Duration::from_millis(200));
    }
    Ok(())
}
