//! Docker Compose files (`docker-compose.yml`, `compose.yaml`, ...): each
//! service's `command`/`entrypoint`, its `environment` defaults, and how
//! many copies of it run (`deploy.replicas`, `scale`).

use yaml_rust2::{Yaml, YamlLoader};

use super::command::{count, servers, servers_of_words};
use super::files::fill_defaults;
use super::{Count, Fact};

/// The servers of a compose file's services; `Err` names what does not parse.
///
/// # Errors
/// The file is not YAML.
pub fn compose(file: &str, text: &str) -> Result<Vec<Fact>, String> {
    let docs = YamlLoader::load_from_str(text).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    for doc in &docs {
        let Some(services) = doc["services"].as_hash() else {
            continue;
        };
        for (name, service) in services {
            let Some(name) = name.as_str() else {
                continue;
            };
            let env = environment(&service["environment"]);
            let replicas = match (&service["deploy"]["replicas"], &service["scale"]) {
                (Yaml::Integer(n), _) | (_, Yaml::Integer(n)) => Some(
                    u32::try_from(*n).map_or_else(|_| Count::Unknown(n.to_string()), Count::Known),
                ),
                (Yaml::String(s), _) | (_, Yaml::String(s)) => Some(count(s)),
                _ => None,
            };
            for key in ["entrypoint", "command"] {
                let found = match &service[key] {
                    Yaml::String(s) => servers(s),
                    Yaml::Array(items) => {
                        let words: Vec<String> = items
                            .iter()
                            .filter_map(|w| w.as_str().map(str::to_owned))
                            .collect();
                        servers_of_words(&words)
                    }
                    _ => Vec::new(),
                };
                for mut server in found {
                    fill_defaults(&mut server, &env);
                    out.push(Fact {
                        file: file.to_owned(),
                        line: line_of(text, name, key),
                        what: format!("compose service `{name}`"),
                        server,
                        replicas: replicas.clone(),
                    });
                }
            }
        }
    }
    Ok(out)
}

/// `environment:` as a map or as `KEY=value` items.
fn environment(env: &Yaml) -> Vec<(String, String)> {
    let scalar = |v: &Yaml| match v {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(n) => Some(n.to_string()),
        _ => None,
    };
    match env {
        Yaml::Hash(h) => h
            .iter()
            .filter_map(|(k, v)| Some((k.as_str()?.to_owned(), scalar(v)?)))
            .collect(),
        Yaml::Array(items) => items
            .iter()
            .filter_map(|i| i.as_str()?.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect(),
        _ => Vec::new(),
    }
}

/// The line of the service's `key:` (1-based), else the service's, else 1.
fn line_of(text: &str, service: &str, key: &str) -> u32 {
    let lines: Vec<&str> = text.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.trim_start().starts_with(&format!("{service}:")))
        .unwrap_or(0);
    let at = lines[start..]
        .iter()
        .position(|l| l.trim_start().starts_with(&format!("{key}:")))
        .map_or(start, |p| start + p);
    u32::try_from(at + 1).unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_with_replicas_and_environment() {
        let text = r#"
services:
  db:
    image: postgres:16
  web:
    build: .
    command: gunicorn app.main:app -w ${WEB_CONCURRENCY:-2} -k uvicorn.workers.UvicornWorker
    environment:
      WEB_CONCURRENCY: 6
    deploy:
      replicas: 3
  worker:
    command: ["celery", "-A", "app.tasks", "worker", "--concurrency", "4"]
    environment:
      - C_FORCE_ROOT=1
  api:
    entrypoint: uvicorn api:app
    environment:
      - WEB_CONCURRENCY=5
"#;
        let facts = compose("docker-compose.yml", text).unwrap();
        assert_eq!(facts.len(), 3, "{facts:?}");
        let web = &facts[0];
        assert_eq!(web.what, "compose service `web`");
        assert_eq!(web.line, 7);
        assert_eq!(web.replicas, Some(Count::Known(3)));
        assert_eq!(
            web.server.processes(),
            Count::Env {
                var: "WEB_CONCURRENCY".into(),
                default: Some(6)
            }
        );
        assert_eq!(facts[1].server.processes(), Count::Known(4));
        assert_eq!(facts[1].replicas, None);
        assert_eq!(
            facts[2].server.processes(),
            Count::Env {
                var: "WEB_CONCURRENCY".into(),
                default: Some(5)
            }
        );
    }

    #[test]
    fn not_yaml_is_an_error_and_no_services_no_facts() {
        assert!(compose("compose.yaml", "services: [unclosed").is_err());
        assert!(
            compose("compose.yaml", "version: '3'\n")
                .unwrap()
                .is_empty()
        );
    }
}
