// diesel's blocking `MysqlConnection::establish` called straight from an async axum handler: a pool bypass that also blocks the runtime.
use axum::{extract::Query, http::StatusCode, routing::get, Json, Router};
use diesel::mysql::MysqlConnection;
use diesel::prelude::*;
use serde::{Deserialize, Serialize};

use crate::schema::audit_log;

#[derive(Deserialize)]
struct AuditQuery {
    actor: String,
    limit: Option<i64>,
}

#[derive(Queryable, Selectable, Serialize)]
#[diesel(table_name = audit_log)]
struct AuditEntry {
    id: u64,
    actor: String,
    action: String,
}

async fn audit_entries(Query(q): Query<AuditQuery>) -> Result<Json<Vec<AuditEntry>>, StatusCode> {
    let url = std::env::var("MYSQL_URL").map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;
    let mut conn = MysqlConnection::establish(&url).map_err(|_| StatusCode::SERVICE_UNAVAILABLE)?; // expect: CL201 CL301

    let entries = audit_log::table
        .filter(audit_log::actor.eq(&q.actor))
        .order(audit_log::id.desc())
        .limit(q.limit.unwrap_or(100))
        .select(AuditEntry::as_select())
        .load(&mut conn)
        .map_err(|_| StatusCode::INTERNAL_SERVER_ERROR)?;

    Ok(Json(entries))
}

pub fn router() -> Router {
    Router::new().route("/audit", get(audit_entries))
}
