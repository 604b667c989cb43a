//! `connlint server`: a Language Server Protocol server over stdio.
//!
//! The editor's open documents are an overlay on the project: every
//! analysis reads the project from disk except the open documents, whose
//! unsaved text it takes instead, and publishes findings for the open
//! documents only (as ruff's server does by default). An edit in `db.py`
//! re-checks the open files that use it, because each analysis rebuilds the
//! project's summaries (from the cache, for the files that did not change).
//!
//! The main loop never analyses: it hands a snapshot of the open documents
//! to a worker thread and goes back to the editor's messages. An idle worker
//! starts at once; a busy one, when it is done, takes the latest snapshot
//! and skips the ones before it; a result that a newer snapshot has
//! overtaken is dropped. Code
//! actions and hovers are answered at once from the last published result,
//! and only while the document is still the text that result was computed on.

mod convert;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use crossbeam_channel::{Receiver, Sender, select, unbounded};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidChangeWorkspaceFolders, DidCloseTextDocument,
    DidOpenTextDocument, DidSaveTextDocument, Initialized, LogMessage, Notification as _,
    PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{CodeActionRequest, HoverRequest, RegisterCapability, Request as _};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, DiagnosticRelatedInformation, DiagnosticSeverity,
    DidChangeTextDocumentParams, DidChangeWatchedFilesRegistrationOptions,
    DidCloseTextDocumentParams, DidOpenTextDocumentParams, DidSaveTextDocumentParams,
    FileSystemWatcher, GlobPattern, Hover, HoverContents, HoverParams, HoverProviderCapability,
    InitializeParams, Location, LogMessageParams, MarkupContent, MarkupKind, MessageType,
    NumberOrString, PositionEncodingKind, PublishDiagnosticsParams, Registration,
    RegistrationParams, SaveOptions, ServerCapabilities, ServerInfo, ShowMessageParams,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, TextEdit, Uri, WorkspaceEdit, WorkspaceFoldersServerCapabilities,
    WorkspaceServerCapabilities,
};

use connlint::diagnostic::{Applicability, Diagnostic, Severity};
use connlint::engine::{Report, RunOptions};
use connlint::source::{Lang, SourceFile};

use convert::{Encoding, Text};

/// Runs the server until the client says `exit`.
pub fn run() -> anyhow::Result<u8> {
    let (connection, io_threads) = Connection::stdio();
    let (id, params) = connection
        .initialize_start()
        .context("waiting for the client's `initialize`")?;
    let params: InitializeParams =
        serde_json::from_value(params).context("reading the `initialize` parameters")?;
    let encoding = if params
        .capabilities
        .general
        .as_ref()
        .and_then(|g| g.position_encodings.as_ref())
        .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8))
    {
        Encoding::Utf8
    } else {
        Encoding::Utf16
    };
    let watch_files = params
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|d| d.dynamic_registration)
        .unwrap_or(false);
    let result = lsp_types::InitializeResult {
        capabilities: capabilities(encoding),
        server_info: Some(ServerInfo {
            name: "connlint".to_owned(),
            version: Some(env!("CARGO_PKG_VERSION").to_owned()),
        }),
    };
    connection
        .initialize_finish(id, serde_json::to_value(result)?)
        .context("answering `initialize`")?;

    let (jobs, job_rx) = unbounded::<Job>();
    let (done_tx, done) = unbounded::<Done>();
    let worker = std::thread::Builder::new()
        .name("connlint-analysis".to_owned())
        .spawn(move || analyse(&job_rx, &done_tx))
        .context("starting the analysis thread")?;

    let mut server = Server {
        connection: &connection,
        encoding,
        watch_files,
        documents: HashMap::new(),
        published: HashMap::new(),
        generation: 0,
        jobs,
        next_request: 0,
    };
    let outcome = server.main_loop(&done);
    // The worker stops when its queue closes; the writer thread when the
    // connection's sender goes.
    drop(server);
    let _ = worker.join();
    drop(connection);
    io_threads.join().context("closing stdio")?;
    outcome.map(|()| 0)
}

fn capabilities(encoding: Encoding) -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::FULL),
                save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                    include_text: Some(false),
                })),
                ..TextDocumentSyncOptions::default()
            },
        )),
        code_action_provider: Some(CodeActionProviderCapability::Options(
            lsp_types::CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, fix_all_kind()]),
                ..lsp_types::CodeActionOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(lsp_types::OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..ServerCapabilities::default()
    }
}

/// An open document.
struct Document {
    uri: Uri,
    path: PathBuf,
    /// Its project root: found when it is opened, and again when files
    /// change on disk (a new `pyproject.toml`), not on every keystroke.
    root: PathBuf,
    version: i32,
    text: String,
}

/// The project root of `path`, as the CLI finds it.
fn root_of(path: &Path) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    connlint::project_root(path, &cwd)
}

/// What the last analysis found in an open document, for code actions and
/// hovers: valid while the document is still at `version`.
struct Published {
    version: i32,
    source: Arc<SourceFile>,
    findings: Vec<Diagnostic>,
}

/// A project root and its open documents: (uri, path, version).
type Project = (PathBuf, Vec<(Uri, PathBuf, i32)>);

/// A snapshot of the open documents to check.
struct Job {
    generation: u64,
    /// Each project root with its open documents: (uri, path, version).
    projects: Vec<Project>,
    overlay: HashMap<PathBuf, String>,
}

/// What a job found.
struct Done {
    generation: u64,
    projects: Vec<Project>,
    /// The texts the documents were checked with.
    overlay: HashMap<PathBuf, String>,
    reports: Vec<Result<Report, String>>,
    elapsed: Duration,
}

struct Server<'a> {
    connection: &'a Connection,
    encoding: Encoding,
    watch_files: bool,
    documents: HashMap<Uri, Document>,
    published: HashMap<Uri, Published>,
    generation: u64,
    jobs: Sender<Job>,
    next_request: i32,
}

impl Server<'_> {
    fn main_loop(&mut self, done: &Receiver<Done>) -> anyhow::Result<()> {
        loop {
            select! {
                recv(self.connection.receiver) -> message => {
                    let Ok(message) = message else { return Ok(()) };
                    match message {
                        Message::Request(req) => {
                            if self.connection.handle_shutdown(&req)? {
                                return Ok(());
                            }
                            self.request(req)?;
                        }
                        Message::Notification(n) => self.notification(n)?,
                        Message::Response(_) => {}
                    }
                }
                recv(done) -> finished => {
                    if let Ok(finished) = finished {
                        self.publish(&finished)?;
                    }
                }
            }
        }
    }

    fn send(&self, message: Message) -> anyhow::Result<()> {
        self.connection
            .sender
            .send(message)
            .context("the client went away")
    }

    fn notify<N: lsp_types::notification::Notification>(
        &self,
        params: N::Params,
    ) -> anyhow::Result<()> {
        self.send(Message::Notification(Notification::new(
            N::METHOD.to_owned(),
            params,
        )))
    }

    fn log(&self, typ: MessageType, message: String) -> anyhow::Result<()> {
        self.notify::<LogMessage>(LogMessageParams { typ, message })
    }

    fn request(&mut self, req: Request) -> anyhow::Result<()> {
        let response = match req.method.as_str() {
            CodeActionRequest::METHOD => match serde_json::from_value(req.params) {
                Ok(params) => {
                    let actions = self.code_actions(&params);
                    if let Some(job) = self.fix_all_job(&params) {
                        // Fixing every finding runs the checks again: off
                        // the loop, answered when done.
                        let sender = self.connection.sender.clone();
                        let encoding = self.encoding;
                        std::thread::spawn(move || {
                            let mut actions = actions;
                            actions.extend(job.run(encoding));
                            let _ =
                                sender.send(Message::Response(Response::new_ok(req.id, actions)));
                        });
                        return Ok(());
                    }
                    Response::new_ok(req.id, actions)
                }
                Err(e) => invalid(req.id, &e),
            },
            HoverRequest::METHOD => match serde_json::from_value(req.params) {
                Ok(params) => Response::new_ok(req.id, self.hover(&params)),
                Err(e) => invalid(req.id, &e),
            },
            _ => Response::new_err(
                req.id,
                ErrorCode::MethodNotFound as i32,
                format!("connlint does not handle `{}`", req.method),
            ),
        };
        self.send(Message::Response(response))
    }

    fn notification(&mut self, n: Notification) -> anyhow::Result<()> {
        match n.method.as_str() {
            Initialized::METHOD if self.watch_files => self.register_watchers()?,
            DidOpenTextDocument::METHOD => {
                let p: DidOpenTextDocumentParams = serde_json::from_value(n.params)?;
                let Some(path) = convert::path(&p.text_document.uri) else {
                    return Ok(());
                };
                if Lang::from_path(&path).is_none() {
                    return Ok(());
                }
                self.documents.insert(
                    p.text_document.uri.clone(),
                    Document {
                        uri: p.text_document.uri,
                        root: root_of(&path),
                        path,
                        version: p.text_document.version,
                        text: p.text_document.text,
                    },
                );
                self.schedule()?;
            }
            DidChangeTextDocument::METHOD => {
                let p: DidChangeTextDocumentParams = serde_json::from_value(n.params)?;
                if let Some(doc) = self.documents.get_mut(&p.text_document.uri) {
                    // Full synchronisation: the last change is the whole text.
                    if let Some(change) = p.content_changes.into_iter().next_back() {
                        doc.text = change.text;
                        doc.version = p.text_document.version;
                        self.schedule()?;
                    }
                }
            }
            DidSaveTextDocument::METHOD => {
                let _: DidSaveTextDocumentParams = serde_json::from_value(n.params)?;
                // A saved configuration file or module changes what the
                // other open documents' findings depend on.
                self.schedule()?;
            }
            DidCloseTextDocument::METHOD => {
                let p: DidCloseTextDocumentParams = serde_json::from_value(n.params)?;
                if self.documents.remove(&p.text_document.uri).is_some() {
                    self.published.remove(&p.text_document.uri);
                    self.notify::<PublishDiagnostics>(PublishDiagnosticsParams {
                        uri: p.text_document.uri,
                        diagnostics: Vec::new(),
                        version: None,
                    })?;
                    self.schedule()?;
                }
            }
            // A configuration file, or a module no editor has open, changed
            // on disk; or the workspace's folders did: check again.
            DidChangeWatchedFiles::METHOD | DidChangeWorkspaceFolders::METHOD => {
                // Each document on its own: the order is of no consequence.
                self.documents
                    .values_mut()
                    .for_each(|doc| doc.root = root_of(&doc.path));
                self.schedule()?;
            }
            _ => {}
        }
        Ok(())
    }

    /// Asks the client to tell the server when configuration files and
    /// modules change on disk.
    fn register_watchers(&mut self) -> anyhow::Result<()> {
        let watchers = [
            "**/connlint.toml",
            "**/pyproject.toml",
            "**/*.py",
            "**/*.rs",
        ]
        .into_iter()
        .map(|glob| FileSystemWatcher {
            glob_pattern: GlobPattern::String(glob.to_owned()),
            kind: None,
        })
        .collect();
        let params = RegistrationParams {
            registrations: vec![Registration {
                id: "connlint-watched-files".to_owned(),
                method: DidChangeWatchedFiles::METHOD.to_owned(),
                register_options: Some(serde_json::to_value(
                    DidChangeWatchedFilesRegistrationOptions { watchers },
                )?),
            }],
        };
        self.next_request += 1;
        self.send(Message::Request(Request::new(
            RequestId::from(format!("connlint-{}", self.next_request)),
            RegisterCapability::METHOD.to_owned(),
            params,
        )))
    }

    /// Hands a snapshot of the open documents to the worker.
    fn schedule(&mut self) -> anyhow::Result<()> {
        self.generation += 1;
        let mut projects: Vec<Project> = Vec::new();
        let mut overlay = HashMap::new();
        let mut docs: Vec<&Document> = self.documents.values().collect();
        docs.sort_by(|a, b| a.path.cmp(&b.path));
        for doc in docs {
            overlay.insert(doc.path.clone(), doc.text.clone());
            let entry = (doc.uri.clone(), doc.path.clone(), doc.version);
            match projects.iter_mut().find(|(r, _)| *r == doc.root) {
                Some((_, list)) => list.push(entry),
                None => projects.push((doc.root.clone(), vec![entry])),
            }
        }
        self.jobs
            .send(Job {
                generation: self.generation,
                projects,
                overlay,
            })
            .context("the analysis thread stopped")
    }

    fn publish(&mut self, done: &Done) -> anyhow::Result<()> {
        if done.generation != self.generation {
            // A newer snapshot is on its way: these findings are stale.
            return Ok(());
        }
        for ((root, docs), report) in done.projects.iter().zip(done.reports.iter()) {
            let report = match report {
                Ok(r) => r,
                Err(e) => {
                    let message = format!("connlint: {}: {e}", root.display());
                    self.notify::<ShowMessage>(ShowMessageParams {
                        typ: MessageType::ERROR,
                        message: message.clone(),
                    })?;
                    self.log(MessageType::ERROR, message)?;
                    continue;
                }
            };
            for p in &report.problems {
                self.log(
                    if p.error {
                        MessageType::ERROR
                    } else {
                        MessageType::WARNING
                    },
                    format!("connlint: {}: {}", p.path.display(), p.message),
                )?;
            }
            for (uri, path, version) in docs {
                let file = report
                    .files
                    .iter()
                    .find(|f| absolute(root, &f.source.path) == *path);
                let published = if let Some(f) = file {
                    Published {
                        version: *version,
                        source: Arc::clone(&f.source),
                        findings: f.diagnostics.clone(),
                    }
                } else {
                    // No finding: the text as analysed, for `current`.
                    let text = done.overlay.get(path).cloned().unwrap_or_default();
                    let lang = Lang::from_path(path).unwrap_or(Lang::Python);
                    Published {
                        version: *version,
                        source: Arc::new(SourceFile::new(path.clone(), text, lang)),
                        findings: Vec::new(),
                    }
                };
                let diagnostics = published
                    .findings
                    .iter()
                    .map(|d| self.to_lsp(uri, &published.source, d))
                    .collect();
                self.notify::<PublishDiagnostics>(PublishDiagnosticsParams {
                    uri: uri.clone(),
                    diagnostics,
                    version: Some(*version),
                })?;
                self.published.insert(uri.clone(), published);
            }
        }
        self.log(
            MessageType::LOG,
            format!("connlint: checked in {} ms", done.elapsed.as_millis()),
        )
    }

    fn text(source: &SourceFile) -> Text<'_> {
        Text {
            text: &source.text,
            lines: &source.lines,
        }
    }

    fn to_lsp(&self, uri: &Uri, source: &SourceFile, d: &Diagnostic) -> lsp_types::Diagnostic {
        let text = Self::text(source);
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let related: Vec<DiagnosticRelatedInformation> = d
            .labels
            .iter()
            .map(|l| DiagnosticRelatedInformation {
                location: Location {
                    uri: uri.clone(),
                    range: text.range(l.range, self.encoding),
                },
                message: l.message.clone(),
            })
            .collect();
        lsp_types::Diagnostic {
            range: text.range(d.range, self.encoding),
            severity: Some(match d.severity() {
                Severity::Error => DiagnosticSeverity::ERROR,
                Severity::Warning => DiagnosticSeverity::WARNING,
            }),
            code: Some(NumberOrString::String(d.rule.code.to_owned())),
            code_description: None,
            source: Some("connlint".to_owned()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            tags: None,
            data: None,
        }
    }

    /// The findings of a document the editor still shows as analysed.
    fn current(&self, uri: &Uri) -> Option<&Published> {
        let published = self.published.get(uri)?;
        let doc = self.documents.get(uri)?;
        (doc.version == published.version && doc.text == published.source.text).then_some(published)
    }

    fn code_actions(&self, params: &CodeActionParams) -> Vec<CodeActionOrCommand> {
        let uri = &params.text_document.uri;
        let Some(published) = self.current(uri) else {
            return Vec::new();
        };
        let source = &published.source;
        let text = Self::text(source);
        let from = text.offset(params.range.start, self.encoding);
        let to = text.offset(params.range.end, self.encoding);
        let mut actions = Vec::new();
        for d in &published.findings {
            if d.range.end < from || d.range.start > to || d.rule.is_pseudo() {
                continue;
            }
            let diagnostic = self.to_lsp(uri, source, d);
            if let Some(fix) = d
                .fix
                .as_ref()
                .filter(|f| f.applicability != Applicability::DisplayOnly)
            {
                let edits = fix
                    .edits
                    .iter()
                    .map(|e| TextEdit {
                        range: text.range(e.range, self.encoding),
                        new_text: e.content.clone(),
                    })
                    .collect();
                let safe = fix.applicability == Applicability::Safe;
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: if safe {
                        format!("{} ({})", fix.title, d.rule.code)
                    } else {
                        format!("{} ({}, unsafe: review the change)", fix.title, d.rule.code)
                    },
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic.clone()]),
                    edit: Some(workspace_edit(uri, edits)),
                    is_preferred: Some(safe),
                    ..CodeAction::default()
                }));
            }
            if let Some(edit) = self.noqa_edit(source, d) {
                let marker = match source.lang {
                    Lang::Python => "#",
                    Lang::Rust => "//",
                };
                actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                    title: format!(
                        "Suppress {} on this statement (`{marker} noqa: {}`)",
                        d.rule.code, d.rule.code
                    ),
                    kind: Some(CodeActionKind::QUICKFIX),
                    diagnostics: Some(vec![diagnostic]),
                    edit: Some(workspace_edit(uri, vec![edit])),
                    is_preferred: Some(false),
                    ..CodeAction::default()
                }));
            }
        }
        actions
    }

    /// What "fix all" needs, when the client may want it (`only` is absent or
    /// asks for `source.fixAll`) and a safe fix is there to apply.
    fn fix_all_job(&self, params: &CodeActionParams) -> Option<FixAll> {
        let wanted = params.context.only.as_ref().is_none_or(|only| {
            only.iter().any(|k| {
                let k = k.as_str();
                k == "source" || k == "source.fixAll" || k == fix_all_kind().as_str()
            })
        });
        let uri = &params.text_document.uri;
        let published = self.current(uri)?;
        let any_safe = published.findings.iter().any(|d| {
            d.fix
                .as_ref()
                .is_some_and(|f| f.applicability == Applicability::Safe)
        });
        if !(wanted && any_safe) {
            return None;
        }
        let doc = self.documents.get(uri)?;
        Some(FixAll {
            uri: uri.clone(),
            path: doc.path.clone(),
            root: doc.root.clone(),
            source: Arc::clone(&published.source),
            overlay: self
                .documents
                .values()
                .map(|d| (d.path.clone(), d.text.clone()))
                .collect(),
        })
    }

    /// The edit that adds `# noqa: CODE` to the last line of the finding's
    /// statement, as `check --add-noqa` does.
    fn noqa_edit(&self, source: &SourceFile, d: &Diagnostic) -> Option<TextEdit> {
        let tree = connlint::lang::parse(source.lang, &source.text)?;
        let root = tree.root_node();
        let offset = d.range.start as usize;
        let (_, last) = match source.lang {
            Lang::Python => connlint::lang::python::statement_lines(source, root, offset),
            Lang::Rust => connlint::lang::rust::statement_lines(source, root, offset),
        };
        let span = source.lines.line_range(&source.text, last);
        let line = source.text[span.as_range()].trim_end_matches(['\n', '\r']);
        let codes: BTreeSet<&str> = std::iter::once(d.rule.code).collect();
        let new_line = super::add_noqa::with_noqa(source.lang, line, &codes);
        if new_line == line {
            return None;
        }
        let text = Self::text(source);
        let range = connlint::source::TextRange {
            start: span.start,
            end: span.start + line.len() as u32,
        };
        Some(TextEdit {
            range: text.range(range, self.encoding),
            new_text: new_line,
        })
    }

    fn hover(&self, params: &HoverParams) -> Option<Hover> {
        let uri = &params.text_document_position_params.text_document.uri;
        let published = self.current(uri)?;
        let text = Self::text(&published.source);
        let at = text.offset(params.text_document_position_params.position, self.encoding);
        let d = published
            .findings
            .iter()
            .find(|d| d.range.start <= at && at <= d.range.end)?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: d.rule.doc.to_owned(),
            }),
            range: Some(text.range(d.range, self.encoding)),
        })
    }
}

fn fix_all_kind() -> CodeActionKind {
    CodeActionKind::new("source.fixAll.connlint")
}

/// "Fix all": every safe fix of one document, applied in passes as
/// `check --fix` applies them, on the editor's text; one edit that replaces
/// the document.
struct FixAll {
    uri: Uri,
    path: PathBuf,
    root: PathBuf,
    source: Arc<SourceFile>,
    overlay: HashMap<PathBuf, String>,
}

impl FixAll {
    fn run(self, encoding: Encoding) -> Option<CodeActionOrCommand> {
        let opts = RunOptions {
            paths: vec![self.path.clone()],
            cwd: self.root.clone(),
            overlay: self.overlay,
            ..RunOptions::default()
        };
        let outcome = connlint::fix::run(&opts, false, false).ok()?;
        let (_, _, new) = outcome
            .diffs
            .into_iter()
            .find(|(p, _, _)| absolute(&self.root, p) == self.path)?;
        let text = Text {
            text: &self.source.text,
            lines: &self.source.lines,
        };
        let whole = connlint::source::TextRange {
            start: 0,
            end: self.source.text.len() as u32,
        };
        let n = outcome.applied.values().sum::<usize>();
        Some(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("Fix all connlint findings with a safe fix ({n})"),
            kind: Some(fix_all_kind()),
            edit: Some(workspace_edit(
                &self.uri,
                vec![TextEdit {
                    range: text.range(whole, encoding),
                    new_text: new,
                }],
            )),
            ..CodeAction::default()
        }))
    }
}

fn workspace_edit(uri: &Uri, edits: Vec<TextEdit>) -> WorkspaceEdit {
    WorkspaceEdit {
        changes: Some(std::iter::once((uri.clone(), edits)).collect()),
        ..WorkspaceEdit::default()
    }
}

fn invalid(id: RequestId, e: &serde_json::Error) -> Response {
    Response::new_err(id, ErrorCode::InvalidParams as i32, e.to_string())
}

fn absolute(root: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        root.join(path)
    }
}

/// The worker: checks the latest snapshot it has, one at a time.
fn analyse(jobs: &Receiver<Job>, done: &Sender<Done>) {
    while let Ok(mut job) = jobs.recv() {
        // An idle worker starts at once; the edits that came while it was
        // busy are a burst, and only the last of them matters.
        while let Ok(newer) = jobs.try_recv() {
            job = newer;
        }
        let started = std::time::Instant::now();
        let reports = job
            .projects
            .iter()
            .map(|(root, docs)| {
                let opts = RunOptions {
                    paths: docs.iter().map(|(_, p, _)| p.clone()).collect(),
                    cwd: root.clone(),
                    overlay: job.overlay.clone(),
                    cache: true,
                    cache_overlay: true,
                    ..RunOptions::default()
                };
                connlint::check(&opts).map_err(|e| e.to_string())
            })
            .collect();
        let finished = Done {
            generation: job.generation,
            projects: job.projects,
            overlay: job.overlay,
            reports,
            elapsed: started.elapsed(),
        };
        if done.send(finished).is_err() {
            return;
        }
    }
}
