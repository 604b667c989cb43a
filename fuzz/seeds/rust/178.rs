// A repository function takes a `tokio_postgres::Client`, opens `client.transaction()`, inserts a batch and returns the count — without committing, so nothing is stored.
use tokio_postgres::{Client, Error, NoTls};

pub struct Reading {
    pub sensor_id: i32,
    pub taken_at: chrono::DateTime<chrono::Utc>,
    pub value: f64,
}

pub async fn import_readings(client: &mut Client, readings: &[Reading]) -> Result<u64, Error> {
    let tx = client.transaction().await?; // expect: CL304
    let stmt = tx
        .prepare("INSERT INTO readings (sensor_id, taken_at, value) VALUES ($1, $2, $3)")
        .await?;
    let mut inserted = 0;
    for r in readings {
        inserted += tx.execute(&stmt, &[&r.sensor_id, &r.taken_at, &r.value]).await?;
    }
    Ok(inserted)
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (mut client, connection) = tokio_postgres::connect(&std::env::var("DATABASE_URL")?, NoTls).await?;
    tokio::spawn(async move {
        if let Err(e) = connection.await {
            eprintln!("connection error: {e}");
        }
    });
    let batch = vec![Reading { sensor_id: 7, taken_at: chrono::Utc::now(), value: 21.5 }];
    let n = import_readings(&mut client, &batch).await?;
    println!("imported {n} readings");
    Ok(())
}
