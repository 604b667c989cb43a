// `client.build_transaction().isolation_level(..).start()` on a deadpool-postgres client: a serializable transaction that is never committed.
use deadpool_postgres::Pool;
use tokio_postgres::IsolationLevel;

pub async fn reserve_seat(pool: &Pool, flight_id: i64, passenger_id: i64) -> anyhow::Result<bool> {
    let mut client = pool.get().await?;
    let tx = client // expect: CL304
        .build_transaction()
        .isolation_level(IsolationLevel::Serializable)
        .start()
        .await?;
    let free: i64 = tx
        .query_one("SELECT capacity - booked FROM flights WHERE id = $1", &[&flight_id])
        .await?
        .get(0);
    if free == 0 {
        return Ok(false);
    }
    tx.execute(
        "INSERT INTO bookings (flight_id, passenger_id) VALUES ($1, $2)",
        &[&flight_id, &passenger_id],
    )
    .await?;
    tx.execute("UPDATE flights SET booked = booked + 1 WHERE id = $1", &[&flight_id])
        .await?;
    Ok(true)
}
