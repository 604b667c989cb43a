// The sync `postgres::Client::connect` inside an `async move` block handed to `tokio::spawn`: the block is async context even though the enclosing fn is not.
use postgres::{Client, NoTls};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

pub struct AuditEvent {
    pub actor: String,
    pub action: String,
}

pub fn spawn_audit_writer(database_url: String, mut events: mpsc::Receiver<AuditEvent>) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut client = Client::connect(&database_url, NoTls).expect("audit database unreachable"); // expect: CL301
        while let Some(event) = events.recv().await {
            if let Err(err) = client.execute(
                "INSERT INTO audit_log (actor, action) VALUES ($1, $2)",
                &[&event.actor, &event.action],
            ) {
                eprintln!("audit write failed: {err}");
            }
        }
    })
}

fn main() -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new()?;
    let _entered = runtime.enter();
    let (events_tx, events_rx) = mpsc::channel(1024);
    let writer = spawn_audit_writer(std::env::var("AUDIT_DATABASE_URL")?, events_rx);
    runtime.block_on(async move {
        events_tx.send(AuditEvent { actor: "system".into(), action: "boot".into() }).await?;
        drop(events_tx);
        writer.await?;
        Ok(())
    })
}
