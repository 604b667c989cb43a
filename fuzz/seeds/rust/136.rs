// Negative: sync diesel + r2d2; each `pool.get()` lives in its own scope or is dropped before the next one, and the helper is called after the connection is gone.
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};

use crate::error::ServiceError;
use crate::models::{NewAuditEntry, Invoice};
use crate::schema::{audit_log, invoices};

pub type DbPool = Pool<ConnectionManager<PgConnection>>;

pub fn log_action(pool: &DbPool, actor_id: i32, action: &str, invoice_id: i32) -> Result<(), ServiceError> {
    let mut conn = pool.get()?;
    diesel::insert_into(audit_log::table)
        .values(&NewAuditEntry { actor_id, action, invoice_id })
        .execute(&mut conn)?;
    Ok(())
}

pub fn void_invoice(pool: &DbPool, actor_id: i32, invoice_id: i32) -> Result<Invoice, ServiceError> {
    let invoice: Invoice = {
        let mut conn = pool.get()?;
        diesel::update(invoices::table.find(invoice_id))
            .set(invoices::status.eq("void"))
            .get_result(&mut conn)?
    };

    let mut conn = pool.get()?;
    diesel::delete(invoices::table.filter(invoices::parent_id.eq(invoice.id))).execute(&mut conn)?;
    drop(conn);

    log_action(pool, actor_id, "void", invoice.id)?;
    Ok(invoice)
}
