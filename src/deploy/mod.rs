//! Deployment facts: how many processes and threads serve the application,
//! read without running anything from the files that say it (`Procfile`,
//! `Dockerfile` `CMD`/`ENTRYPOINT`, `gunicorn.conf.py`). A pool module is
//! imported once per process, so each process builds its own pool: the
//! database sees processes × `maxconn` connections (issue 24: the
//! pool-capacity rule to come).
//!
//! A count that cannot be read is kept as what it is (an environment
//! variable, "depends on the cores", an expression), never guessed.

mod command;
mod compose;
mod files;
mod scan;

pub use command::{count, servers, servers_of_words};
pub use compose::compose;
pub use files::{dockerfile, gunicorn_conf, procfile};
pub use scan::{describe, scan};

/// The program that serves the application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServerKind {
    Gunicorn,
    Uvicorn,
    Hypercorn,
    Celery,
}

impl ServerKind {
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            ServerKind::Gunicorn => "gunicorn",
            ServerKind::Uvicorn => "uvicorn",
            ServerKind::Hypercorn => "hypercorn",
            ServerKind::Celery => "celery",
        }
    }
}

/// A number of processes or threads, as the deployment says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Count {
    Known(u32),
    /// Read from an environment variable at start-up, with the default the
    /// same file gives it, if any (`${WEB_CONCURRENCY:-4}`).
    Env {
        var: String,
        default: Option<u32>,
    },
    /// Computed from the machine's cores (`multiprocessing.cpu_count() * 2 + 1`).
    Cores(String),
    /// Anything else, as written.
    Unknown(String),
}

/// One server the deployment starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Server {
    pub kind: ServerKind,
    /// The application it serves (`app.main:app`, Celery's `-A proj`).
    pub app: Option<String>,
    /// Processes (`-w`, `--workers`, Celery's `--concurrency`); `None`: not
    /// said on the command line (see [`Server::processes`]).
    pub workers: Option<Count>,
    /// Threads per process (gunicorn `--threads`).
    pub threads: Option<Count>,
    /// gunicorn `-k`, Celery `-P`.
    pub worker_class: Option<String>,
    /// gunicorn `-c`: a configuration file that may set the workers.
    pub config: Option<String>,
}

impl Server {
    #[must_use]
    pub fn new(kind: ServerKind) -> Server {
        Server {
            kind,
            app: None,
            workers: None,
            threads: None,
            worker_class: None,
            config: None,
        }
    }

    /// Its processes: as said, else the server's own default. gunicorn and
    /// uvicorn read `WEB_CONCURRENCY` when no count is given (else 1),
    /// hypercorn starts 1, Celery one per core.
    #[must_use]
    pub fn processes(&self) -> Count {
        if let Some(c) = &self.workers {
            return c.clone();
        }
        match self.kind {
            ServerKind::Gunicorn | ServerKind::Uvicorn => Count::Env {
                var: "WEB_CONCURRENCY".to_owned(),
                default: Some(1),
            },
            ServerKind::Hypercorn => Count::Known(1),
            ServerKind::Celery => Count::Cores("one per core (Celery's default)".to_owned()),
        }
    }
}

/// A deployment fact and where it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fact {
    /// The file, relative to the project root.
    pub file: String,
    /// 1-based.
    pub line: u32,
    /// What said it: `Procfile web`, `Dockerfile CMD`, `gunicorn.conf.py`.
    pub what: String,
    pub server: Server,
    /// Copies of the whole service (compose `deploy.replicas`, `scale`).
    pub replicas: Option<Count>,
}
