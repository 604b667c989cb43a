//! A server's command line (`gunicorn app.main:app -w 4 -k
//! uvicorn.workers.UvicornWorker`), read for how many processes and threads
//! it runs. Read as a shell would split it (shlex), through `sh -c '...'`,
//! `exec`, `python -m gunicorn`, environment assignments and `&&` chains.

use super::{Count, Server, ServerKind};

/// The servers a command line starts (usually one).
#[must_use]
pub fn servers(command: &str) -> Vec<Server> {
    let Some(words) = shlex::split(command) else {
        return Vec::new();
    };
    servers_of_words(&words)
}

/// The servers of an already split command line (a Dockerfile's or a
/// compose file's exec form).
#[must_use]
pub fn servers_of_words(words: &[String]) -> Vec<Server> {
    let mut out = Vec::new();
    // `a && b`, `a; b`: each part on its own.
    for part in words.split(|w| matches!(w.as_str(), "&&" | "||" | ";" | "|" | "&")) {
        out.extend(server_of(part));
    }
    out
}

fn server_of(words: &[String]) -> Vec<Server> {
    let mut i = 0;
    // Environment assignments, `exec`, `env`.
    while i < words.len() {
        let w = words[i].as_str();
        if w == "exec" || w == "env" || is_assignment(w) {
            i += 1;
        } else {
            break;
        }
    }
    let Some(first) = words.get(i) else {
        return Vec::new();
    };
    let program = first.rsplit('/').next().unwrap_or(first);
    // `sh -c "gunicorn ..."`, `bash -lc "..."`.
    if matches!(program, "sh" | "bash" | "dash" | "ash") {
        let script = words[i + 1..]
            .iter()
            .position(|w| w.starts_with('-') && w.ends_with('c'))
            .and_then(|p| words.get(i + 2 + p));
        return script.map_or_else(Vec::new, |s| servers(s));
    }
    // `python -m gunicorn`, `python3 -m uvicorn`, `poetry run gunicorn`.
    let (kind, rest) = if program.starts_with("python") {
        match (words.get(i + 1).map(String::as_str), words.get(i + 2)) {
            (Some("-m"), Some(module)) => (kind_of(module), &words[(i + 3).min(words.len())..]),
            _ => return Vec::new(),
        }
    } else if matches!(program, "poetry" | "pipenv" | "uv" | "pdm" | "hatch")
        && words.get(i + 1).is_some_and(|w| w == "run")
    {
        return server_of(&words[i + 2..]);
    } else {
        (kind_of(program), &words[(i + 1).min(words.len())..])
    };
    let Some(kind) = kind else {
        return Vec::new();
    };
    vec![parse(kind, rest)]
}

fn is_assignment(w: &str) -> bool {
    w.split_once('=').is_some_and(|(name, _)| {
        !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

fn kind_of(program: &str) -> Option<ServerKind> {
    match program {
        "gunicorn" => Some(ServerKind::Gunicorn),
        "uvicorn" => Some(ServerKind::Uvicorn),
        "hypercorn" => Some(ServerKind::Hypercorn),
        "celery" => Some(ServerKind::Celery),
        _ => None,
    }
}

/// Options whose value follows them, which could be taken for the app.
const TAKES_VALUE: &[&str] = &[
    "-b",
    "--bind",
    "--host",
    "--port",
    "--log-level",
    "--timeout",
    "-t",
    "--access-logfile",
    "--error-logfile",
    "--name",
    "-n",
    "--env-file",
    "--root-path",
    "--forwarded-allow-ips",
    "--graceful-timeout",
    "--keep-alive",
    "--max-requests",
    "--max-requests-jitter",
    "-Q",
    "--queues",
    "-l",
    "--loglevel",
    "--chdir",
    "--pythonpath",
    "--app-dir",
    "--user",
    "-u",
    "--group",
    "-g",
];

/// The options of a server's command line after its program name.
fn parse(kind: ServerKind, args: &[String]) -> Server {
    let mut server = Server::new(kind);
    let mut i = 0;
    while i < args.len() {
        let arg = args[i].as_str();
        // `--workers=4`, `--workers 4`, `-w 4`, `-w4`.
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f, Some(v.to_owned())),
            _ => (arg, None),
        };
        let mut value = |short: &str| -> Option<String> {
            if let Some(v) = &inline {
                return Some(v.clone());
            }
            if !short.is_empty() && flag.len() > short.len() && flag.starts_with(short) {
                return Some(flag[short.len()..].to_owned());
            }
            i += 1;
            args.get(i).cloned()
        };
        match (kind, flag) {
            (ServerKind::Gunicorn | ServerKind::Hypercorn, f)
                if f == "--workers" || f.starts_with("-w") =>
            {
                server.workers = value("-w").map(|v| count(&v));
            }
            (ServerKind::Uvicorn, "--workers") => server.workers = value("").map(|v| count(&v)),
            (ServerKind::Celery, f) if f == "--concurrency" || f.starts_with("-c") => {
                server.workers = value("-c").map(|v| count(&v));
            }
            (ServerKind::Gunicorn, "--threads") => server.threads = value("").map(|v| count(&v)),
            (ServerKind::Gunicorn, f) if f == "--worker-class" || f.starts_with("-k") => {
                server.worker_class = value("-k");
            }
            (ServerKind::Celery, f) if f == "--pool" || f.starts_with("-P") => {
                server.worker_class = value("-P");
            }
            (ServerKind::Gunicorn | ServerKind::Hypercorn, f)
                if f == "--config" || f.starts_with("-c") =>
            {
                server.config = value("-c");
            }
            (ServerKind::Celery, "-A" | "--app") => server.app = value(""),
            // Options with a value that could be taken for the app.
            (_, f) if TAKES_VALUE.contains(&f) && inline.is_none() => i += 1,
            (_, a) if !a.starts_with('-') && server.app.is_none() && kind != ServerKind::Celery => {
                server.app = Some(a.to_owned());
            }
            _ => {}
        }
        i += 1;
    }
    server
}

/// A count as written: `4`, `$WEB_CONCURRENCY`, `${WEB_CONCURRENCY:-4}`.
#[must_use]
pub fn count(value: &str) -> Count {
    let v = value.trim();
    if let Ok(n) = v.parse::<u32>() {
        return Count::Known(n);
    }
    let inner = v
        .strip_prefix("${")
        .and_then(|s| s.strip_suffix('}'))
        .or_else(|| v.strip_prefix('$'));
    if let Some(inner) = inner {
        let (var, default) = match inner.split_once(":-").or_else(|| inner.split_once('-')) {
            Some((var, d)) => (var, d.trim().parse::<u32>().ok()),
            None => (inner, None),
        };
        if !var.is_empty() && var.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Count::Env {
                var: var.to_owned(),
                default,
            };
        }
    }
    Count::Unknown(v.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(command: &str) -> Server {
        let mut s = servers(command);
        assert_eq!(s.len(), 1, "{command}: {s:?}");
        s.remove(0)
    }

    #[test]
    fn gunicorn_of_the_outage() {
        let s =
            one("gunicorn app.main:app -w 4 -k uvicorn.workers.UvicornWorker --bind 0.0.0.0:$PORT");
        assert_eq!(s.kind, ServerKind::Gunicorn);
        assert_eq!(s.app.as_deref(), Some("app.main:app"));
        assert_eq!(s.workers, Some(Count::Known(4)));
        assert_eq!(
            s.worker_class.as_deref(),
            Some("uvicorn.workers.UvicornWorker")
        );
    }

    #[test]
    fn worker_options_in_every_spelling() {
        assert_eq!(
            one("gunicorn --workers=3 app:app").workers,
            Some(Count::Known(3))
        );
        assert_eq!(
            one("gunicorn --workers 5 app:app").workers,
            Some(Count::Known(5))
        );
        assert_eq!(one("gunicorn -w8 app:app").workers, Some(Count::Known(8)));
        assert_eq!(
            one("uvicorn main:app --workers 2").workers,
            Some(Count::Known(2))
        );
        assert_eq!(
            one("hypercorn -w 6 main:app").workers,
            Some(Count::Known(6))
        );
        assert_eq!(
            one("celery -A proj worker -c 10").workers,
            Some(Count::Known(10))
        );
        assert_eq!(
            one("celery -A proj worker --concurrency=16 -P threads")
                .worker_class
                .as_deref(),
            Some("threads")
        );
        assert_eq!(
            one("gunicorn --threads 40 app:app").threads,
            Some(Count::Known(40))
        );
    }

    #[test]
    fn counts_from_the_environment() {
        assert_eq!(
            one("gunicorn -w ${WEB_CONCURRENCY:-4} app:app").workers,
            Some(Count::Env {
                var: "WEB_CONCURRENCY".into(),
                default: Some(4)
            })
        );
        assert_eq!(
            one("gunicorn -w $GUNICORN_WORKERS app:app").workers,
            Some(Count::Env {
                var: "GUNICORN_WORKERS".into(),
                default: None
            })
        );
        // Not said: the server's own default applies (see `Server::processes`).
        assert_eq!(one("gunicorn app:app").workers, None);
    }

    #[test]
    fn wrappers_around_the_server() {
        let s = one("sh -c 'alembic upgrade head && exec gunicorn -w 2 app:app'");
        assert_eq!(s.workers, Some(Count::Known(2)));
        assert_eq!(
            one("python -m gunicorn -w 3 app:app").workers,
            Some(Count::Known(3))
        );
        assert_eq!(
            one("poetry run uvicorn app:app --workers 4").workers,
            Some(Count::Known(4))
        );
        assert_eq!(
            one("ENV=prod /usr/local/bin/gunicorn -w 7 app:app").workers,
            Some(Count::Known(7))
        );
        assert!(servers("python manage.py migrate").is_empty());
        assert!(servers("npm start").is_empty());
        assert!(servers("unbalanced 'quote").is_empty());
    }

    #[test]
    fn an_option_value_is_not_the_app() {
        let s = one("gunicorn --bind 0.0.0.0:8000 --timeout 120 wsgi:application");
        assert_eq!(s.app.as_deref(), Some("wsgi:application"));
        assert_eq!(
            one("gunicorn -c gunicorn.conf.py app:app")
                .config
                .as_deref(),
            Some("gunicorn.conf.py")
        );
    }
}
