//! The files that say how the application is served: a `Procfile`, a
//! `Dockerfile`, a gunicorn configuration file.

use super::command::{count, servers, servers_of_words};
use super::{Count, Fact, Server, ServerKind};

/// A Procfile (Heroku, Dokku, foreman): `type: command` per line.
#[must_use]
pub fn procfile(file: &str, text: &str) -> Vec<Fact> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        let Some((kind, command)) = line.split_once(':') else {
            continue;
        };
        let kind = kind.trim();
        if kind.is_empty()
            || !kind
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        {
            continue;
        }
        for server in servers(command) {
            out.push(Fact {
                file: file.to_owned(),
                line: line_no(n),
                what: format!("Procfile `{kind}`"),
                server,
                replicas: None,
            });
        }
    }
    out
}

/// A Dockerfile: the servers of its `CMD` and `ENTRYPOINT` (exec or shell
/// form, with continuation lines), with `ENV`/`ARG` defaults of the
/// variables their counts read. Only the last stage's instructions count.
#[must_use]
pub fn dockerfile(file: &str, text: &str) -> Vec<Fact> {
    let mut env: Vec<(String, String)> = Vec::new();
    let mut last: Vec<Fact> = Vec::new();
    for (n, instruction) in instructions(text) {
        let (keyword, rest) = instruction
            .split_once(char::is_whitespace)
            .map_or((instruction.as_str(), ""), |(k, r)| (k, r.trim()));
        match keyword.to_ascii_uppercase().as_str() {
            "FROM" => {
                env.clear();
                last.clear();
            }
            "ENV" | "ARG" => env.extend(assignments(rest)),
            "CMD" | "ENTRYPOINT" => {
                let words: Option<Vec<String>> = if rest.starts_with('[') {
                    serde_json::from_str(rest).ok()
                } else {
                    shlex::split(rest)
                };
                let found = words.map_or_else(Vec::new, |w| servers_of_words(&w));
                if !found.is_empty() {
                    last = found
                        .into_iter()
                        .map(|server| Fact {
                            file: file.to_owned(),
                            line: line_no(n),
                            what: format!("Dockerfile `{}`", keyword.to_ascii_uppercase()),
                            server,
                            replicas: None,
                        })
                        .collect();
                }
            }
            _ => {}
        }
    }
    for fact in &mut last {
        fill_defaults(&mut fact.server, &env);
    }
    last
}

/// Gives the counts read from environment variables the defaults `env`
/// (the same file's `ENV`, a compose service's `environment`) sets.
pub(super) fn fill_defaults(server: &mut Server, env: &[(String, String)]) {
    for c in [&mut server.workers, &mut server.threads]
        .into_iter()
        .flatten()
    {
        if let Count::Env { var, default } = c {
            if let Some((_, v)) = env.iter().rev().find(|(k, _)| k == var) {
                if let Ok(n) = v.parse() {
                    *default = Some(n);
                }
            }
        }
    }
    // gunicorn and uvicorn read WEB_CONCURRENCY themselves when no count is given.
    if server.workers.is_none() && matches!(server.kind, ServerKind::Gunicorn | ServerKind::Uvicorn)
    {
        if let Some((_, v)) = env.iter().rev().find(|(k, _)| k == "WEB_CONCURRENCY") {
            server.workers = Some(Count::Env {
                var: "WEB_CONCURRENCY".to_owned(),
                default: v.parse().ok(),
            });
        }
    }
}

/// A Dockerfile's instructions, continuation lines joined, with the line
/// each starts on (0-based).
fn instructions(text: &str) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut open = false;
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim();
        if trimmed.starts_with('#') && !open {
            continue;
        }
        let (body, continues) = match trimmed.strip_suffix('\\') {
            Some(b) => (b.trim_end(), true),
            None => (trimmed, false),
        };
        match out.last_mut() {
            Some((_, s)) if open => {
                s.push(' ');
                s.push_str(body);
            }
            _ if !body.is_empty() => out.push((n, body.to_owned())),
            _ => {}
        }
        open = continues;
    }
    out
}

/// `ENV A=1 B=2`, `ENV A 1`, `ARG A=1`.
fn assignments(rest: &str) -> Vec<(String, String)> {
    let words = shlex::split(rest).unwrap_or_default();
    if words.len() == 2 && !words[0].contains('=') {
        return vec![(words[0].clone(), words[1].clone())];
    }
    words
        .iter()
        .filter_map(|w| w.split_once('='))
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
}

/// A gunicorn configuration file (`gunicorn.conf.py`, `gunicorn_config.py`):
/// its top-level `workers = ...` and `threads = ...`.
#[must_use]
pub fn gunicorn_conf(file: &str, text: &str) -> Vec<Fact> {
    let mut server = Server::new(ServerKind::Gunicorn);
    let mut line = None;
    for (n, l) in text.lines().enumerate() {
        // Top level only: a nested assignment may not run.
        if l.starts_with(char::is_whitespace) {
            continue;
        }
        let Some((name, value)) = l.split_once('=') else {
            continue;
        };
        let (name, value) = (name.trim(), value.split('#').next().unwrap_or("").trim());
        if value.starts_with('=') {
            continue;
        }
        match name {
            "workers" => {
                server.workers = Some(expression(value));
                line = Some(n);
            }
            "threads" => server.threads = Some(expression(value)),
            "worker_class" => {
                server.worker_class =
                    Some(value.trim_matches(|c| c == '"' || c == '\'').to_owned());
            }
            _ => {}
        }
    }
    line.map_or_else(Vec::new, |n| {
        vec![Fact {
            file: file.to_owned(),
            line: line_no(n),
            what: format!("`workers` in {file}"),
            server,
            replicas: None,
        }]
    })
}

/// A Python expression for a count: a literal, the cores, an environment
/// variable with its default.
fn expression(value: &str) -> Count {
    if let Ok(n) = value.parse::<u32>() {
        return Count::Known(n);
    }
    if value.contains("cpu_count") {
        return Count::Cores(value.to_owned());
    }
    // `int(os.environ.get("WEB_CONCURRENCY", 4))`, `os.getenv("W", "4")`.
    for call in ["environ.get(", "getenv("] {
        if let Some(args) = value.split_once(call).map(|(_, a)| a) {
            let args = args.split(')').next().unwrap_or("");
            let mut parts = args
                .split(',')
                .map(|p| p.trim().trim_matches(|c| c == '"' || c == '\''));
            if let Some(var) = parts.next().filter(|v| !v.is_empty()) {
                let default = parts.next().and_then(|d| d.parse().ok());
                return Count::Env {
                    var: var.to_owned(),
                    default,
                };
            }
        }
    }
    if let Some(var) = value
        .split_once("environ[")
        .and_then(|(_, a)| a.split(']').next())
    {
        return Count::Env {
            var: var.trim_matches(|c| c == '"' || c == '\'').to_owned(),
            default: None,
        };
    }
    count(value)
}

fn line_no(n: usize) -> u32 {
    u32::try_from(n + 1).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outage_procfile() {
        let facts = procfile(
            "Procfile",
            "release: python manage.py migrate\nweb: gunicorn app.main:app -w 4 -k uvicorn.workers.UvicornWorker --bind 0.0.0.0:$PORT\nworker: celery -A app.tasks worker --concurrency 8\n",
        );
        assert_eq!(facts.len(), 2, "{facts:?}");
        assert_eq!(facts[0].line, 2);
        assert_eq!(facts[0].what, "Procfile `web`");
        assert_eq!(facts[0].server.processes(), Count::Known(4));
        assert_eq!(facts[1].server.kind, ServerKind::Celery);
        assert_eq!(facts[1].server.processes(), Count::Known(8));
    }

    #[test]
    fn dockerfile_exec_and_shell_forms_with_env_defaults() {
        let text = "FROM python:3.12 AS build\nCMD [\"gunicorn\", \"-w\", \"9\", \"x:app\"]\n\nFROM python:3.12-slim\nENV WEB_CONCURRENCY=3 \\\n    PORT=8000\n# CMD gunicorn -w 99 app:app\nCMD gunicorn app.main:app \\\n    --workers ${WEB_CONCURRENCY} \\\n    --bind 0.0.0.0:$PORT\n";
        let facts = dockerfile("Dockerfile", text);
        assert_eq!(facts.len(), 1, "{facts:?}");
        assert_eq!(facts[0].line, 8);
        assert_eq!(
            facts[0].server.processes(),
            Count::Env {
                var: "WEB_CONCURRENCY".into(),
                default: Some(3)
            }
        );
        let exec = dockerfile(
            "Dockerfile",
            "FROM x\nENV WEB_CONCURRENCY 5\nENTRYPOINT [\"uvicorn\", \"main:app\"]\n",
        );
        assert_eq!(
            exec[0].server.processes(),
            Count::Env {
                var: "WEB_CONCURRENCY".into(),
                default: Some(5)
            }
        );
        assert!(dockerfile("Dockerfile", "FROM x\nCMD [\"python\", \"bot.py\"]\n").is_empty());
    }

    #[test]
    fn gunicorn_configuration_files() {
        let f = gunicorn_conf(
            "gunicorn.conf.py",
            "import multiprocessing\n\nbind = \"0.0.0.0:8000\"\nworkers = multiprocessing.cpu_count() * 2 + 1\nthreads = 4\n",
        );
        assert_eq!(f[0].line, 4);
        assert!(matches!(f[0].server.processes(), Count::Cores(_)));
        assert_eq!(f[0].server.threads, Some(Count::Known(4)));
        let f = gunicorn_conf(
            "gunicorn_config.py",
            "import os\nworkers = int(os.environ.get(\"GUNICORN_WORKERS\", 4))  # per box\n",
        );
        assert_eq!(
            f[0].server.processes(),
            Count::Env {
                var: "GUNICORN_WORKERS".into(),
                default: Some(4)
            }
        );
        assert_eq!(
            gunicorn_conf("g.py", "workers = 2\n")[0].server.processes(),
            Count::Known(2)
        );
        // Only inside a branch, or not set at all: no fact.
        assert!(gunicorn_conf("g.py", "if DEBUG:\n    workers = 1\n").is_empty());
        assert!(gunicorn_conf("g.py", "bind = ':80'\n").is_empty());
    }
}
