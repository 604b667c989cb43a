//! `connlint server` at the protocol level, with what a careless or unusual
//! client sends: requests it does not handle, malformed parameters, a
//! document that is no Python or Rust file, an `untitled:` buffer, a change
//! to a document never opened, a file with a syntax error, a file outside
//! any project. The server must answer each properly, never die, and exit
//! cleanly on `shutdown` then `exit`.

// Test helpers: a failed unwrap is a failed test.
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    next_id: i64,
}

impl Client {
    fn start() -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_connlint"))
            .arg("server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, messages) = channel();
        std::thread::spawn(move || {
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if stdout.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(n) = line.strip_prefix("Content-Length: ") {
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.unwrap()];
                stdout.read_exact(&mut body).unwrap();
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        Client {
            child,
            stdin,
            messages,
            next_id: 0,
        }
    }

    fn send(&mut self, message: &Value) {
        let body = serde_json::to_vec(message).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(&body).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: &Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request; its response (other messages before it are dropped).
    fn request(&mut self, method: &str, params: &Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(|m| m["id"] == id && m.get("method").is_none())
    }

    /// The next message that `matches`, within 20 s.
    fn wait(&self, matches: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            let m = self
                .messages
                .recv_timeout(left)
                .expect("no such message from the server within 20 s");
            if matches(&m) {
                return m;
            }
        }
    }

    fn diagnostics(&self, uri: &str) -> Vec<Value> {
        let m = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            &json!({"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}}),
        );
    }
}

fn uri(path: &std::path::Path) -> String {
    format!("file://{}", path.display())
}

#[test]
fn the_server_answers_odd_clients_and_exits_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    let project = dir.path().join("proj");
    std::fs::create_dir(&project).unwrap();
    std::fs::write(project.join("pyproject.toml"), "[project]\nname = \"p\"\n").unwrap();
    let mut c = Client::start();
    let init = c.request(
        "initialize",
        &json!({"processId": null, "rootUri": uri(&project), "capabilities": {
            "general": {"positionEncodings": ["utf-8", "utf-16"]}
        }}),
    );
    assert_eq!(init["result"]["serverInfo"]["name"], "connlint");
    // The client offered UTF-8: the server takes it.
    assert_eq!(init["result"]["capabilities"]["positionEncoding"], "utf-8");
    c.notify("initialized", &json!({}));

    // A request it does not handle: an error response, not silence.
    let r = c.request("textDocument/completion", &json!({}));
    assert_eq!(r["error"]["code"], -32601, "{r}");
    // Malformed parameters of a request it handles.
    let r = c.request("textDocument/hover", &json!({"nonsense": true}));
    assert_eq!(r["error"]["code"], -32602, "{r}");
    // Hover and code actions on a document never opened: empty answers.
    let r = c.request(
        "textDocument/hover",
        &json!({"textDocument": {"uri": uri(&project.join("x.py"))}, "position": {"line": 0, "character": 0}}),
    );
    assert!(r["result"].is_null(), "{r}");

    // Neither Python nor Rust, an untitled buffer, a change to a document
    // never opened: ignored.
    c.open(&uri(&project.join("notes.md")), "# notes\n");
    c.open(
        "untitled:Untitled-1",
        "import psycopg2\nconn = psycopg2.connect('')\n",
    );
    c.notify(
        "textDocument/didChange",
        &json!({"textDocument": {"uri": uri(&project.join("ghost.py")), "version": 2},
               "contentChanges": [{"text": "x = 1\n"}]}),
    );

    // A file with a syntax error still gets its findings (and the error).
    let broken = project.join("broken.py");
    c.open(
        &uri(&broken),
        "import sqlite3\n\ndef names(path):\n    conn = sqlite3.connect(path)\n    return conn.execute('x'\n",
    );
    let ds = c.diagnostics(&uri(&broken));
    let codes: Vec<&str> = ds.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(codes.contains(&"syntax-error"), "{codes:?}");

    // Non-ASCII before a finding: columns in UTF-8 bytes, as negotiated.
    let accents = project.join("accents.py");
    c.open(
        &uri(&accents),
        "import sqlite3\n\n\ndef f(p):\n    é = 1; conn = sqlite3.connect(p)\n    return conn.execute('x')\n",
    );
    let ds = c.diagnostics(&uri(&accents));
    let cl101 = ds.iter().find(|d| d["code"] == "CL101").unwrap();
    // `    é = 1; ` is 12 bytes (é is two), 11 characters.
    assert_eq!(
        cl101["range"]["start"],
        json!({"line": 4, "character": 19}),
        "{cl101}"
    );

    // A file outside any project (no pyproject, no repository): checked alone.
    let loose_dir = dir.path().join("loose");
    std::fs::create_dir(&loose_dir).unwrap();
    let loose = loose_dir.join("script.py");
    c.open(
        &uri(&loose),
        "import sqlite3\n\n\ndef f(p):\n    conn = sqlite3.connect(p)\n    return conn.execute('x')\n",
    );
    let ds = c.diagnostics(&uri(&loose));
    assert!(ds.iter().any(|d| d["code"] == "CL101"), "{ds:?}");

    // Shutdown, then exit: the process ends with status 0.
    let r = c.request("shutdown", &Value::Null);
    assert!(r["result"].is_null(), "{r}");
    c.notify("exit", &Value::Null);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = c.child.try_wait().unwrap() {
            assert!(status.success(), "{status}");
            break;
        }
        assert!(Instant::now() < deadline, "the server did not exit");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_server_exits_when_the_client_goes_away() {
    let mut c = Client::start();
    let _ = c.request(
        "initialize",
        &json!({"processId": null, "rootUri": null, "capabilities": {}}),
    );
    // The editor crashed: stdin closes without shutdown.
    drop(c.stdin);
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if c.child.try_wait().unwrap().is_some() {
            break;
        }
        assert!(Instant::now() < deadline, "the server outlived its client");
        std::thread::sleep(Duration::from_millis(20));
    }
}
