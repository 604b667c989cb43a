// A by-value `deadpool_postgres::Client` parameter is a guard; `client.transaction()` on it rebuilds the leaderboard inside a transaction that is dropped uncommitted.
use deadpool_postgres::Client;

pub async fn rebuild_leaderboard(mut client: Client, season: i32) -> Result<u64, tokio_postgres::Error> {
    let tx = client.transaction().await?; // expect: CL304
    tx.execute("DELETE FROM leaderboard WHERE season = $1", &[&season])
        .await?;
    let inserted = tx
        .execute(
            "INSERT INTO leaderboard (season, player_id, points) \
             SELECT $1, player_id, sum(points) FROM matches WHERE season = $1 GROUP BY player_id",
            &[&season],
        )
        .await?;
    Ok(inserted)
}
