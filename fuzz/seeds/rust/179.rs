// Negative: `.begin()` and `.transaction()` on project types that are not pools or connections (a multipart upload, an in-memory ledger) are not database transactions.
use std::collections::HashMap;

use axum::{
    body::Bytes,
    extract::{Path, State},
    http::StatusCode,
    routing::post,
    Router,
};
use sqlx::PgPool;

pub struct MultipartUpload {
    key: String,
    parts: Vec<Vec<u8>>,
}

impl MultipartUpload {
    pub fn begin(key: &str) -> Self {
        MultipartUpload { key: key.to_owned(), parts: Vec::new() }
    }

    pub fn push(&mut self, part: &[u8]) {
        self.parts.push(part.to_vec());
    }

    pub fn total_len(&self) -> usize {
        self.parts.iter().map(Vec::len).sum()
    }
}

pub struct UploadStore {
    bucket: String,
}

impl UploadStore {
    pub fn begin(&self, name: &str) -> MultipartUpload {
        MultipartUpload::begin(&format!("{}/{}", self.bucket, name))
    }
}

#[derive(Default)]
pub struct Ledger {
    balances: HashMap<String, i64>,
}

pub struct LedgerTxn<'a> {
    ledger: &'a mut Ledger,
    pending: Vec<(String, i64)>,
}

impl Ledger {
    pub fn transaction(&mut self) -> LedgerTxn<'_> {
        LedgerTxn { ledger: self, pending: Vec::new() }
    }
}

impl LedgerTxn<'_> {
    pub fn credit(&mut self, account: &str, cents: i64) {
        self.pending.push((account.to_owned(), cents));
    }
}

#[derive(Clone)]
pub struct AppState {
    pub pool: PgPool,
    pub uploads: std::sync::Arc<UploadStore>,
}

async fn upload(
    State(state): State<AppState>,
    Path(name): Path<String>,
    body: Bytes,
) -> Result<StatusCode, StatusCode> {
    let mut upload = state.uploads.begin(&name);
    for chunk in body.chunks(5 * 1024 * 1024) {
        upload.push(chunk);
    }
    let mut ledger = Ledger::default();
    let mut txn = ledger.transaction();
    txn.credit(&name, upload.total_len() as i64);
    sqlx::query("INSERT INTO uploads (key, size) VALUES ($1, $2)")
        .bind(&upload.key)
        .bind(upload.total_len() as i64)
        .execute(&state.pool)
        .await
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    Ok(StatusCode::CREATED)
}

pub fn router(state: AppState) -> Router {
    Router::new().route("/uploads/{name}", post(upload)).with_state(state)
}
