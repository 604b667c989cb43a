// A generic `deadpool::managed::Pool` over a hand-written tiberius (SQL Server) manager, built without a wait timeout.
use deadpool::managed::{self, Metrics, Pool, RecycleResult};
use tiberius::Client;
use tokio::net::TcpStream;
use tokio_util::compat::{Compat, TokioAsyncWriteCompatExt};

pub struct MssqlManager {
    config: tiberius::Config,
}

impl managed::Manager for MssqlManager {
    type Type = Client<Compat<TcpStream>>;
    type Error = tiberius::error::Error;

    async fn create(&self) -> Result<Self::Type, Self::Error> {
        let tcp = TcpStream::connect(self.config.get_addr()).await?;
        tcp.set_nodelay(true)?;
        Client::connect(self.config.clone(), tcp.compat_write()).await
    }

    async fn recycle(&self, client: &mut Self::Type, _metrics: &Metrics) -> RecycleResult<Self::Error> {
        client.simple_query("SELECT 1").await?.into_row().await?;
        Ok(())
    }
}

pub type MssqlPool = Pool<MssqlManager>;

pub fn init_mssql_pool(config: tiberius::Config) -> Result<MssqlPool, managed::BuildError> {
    Pool::builder(MssqlManager { config }) // expect: CL205
        .max_size(12)
        .build()
}
