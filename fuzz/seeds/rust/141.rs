// diesel + r2d2 (sync): a service takes a second `pool.get()` for the audit row, directly and through `log_action(pool, ..)`, while the first connection is held.
use actix_web::{post, web, HttpResponse};
use diesel::prelude::*;
use diesel::r2d2::{ConnectionManager, Pool};

use crate::auth::CurrentUser;
use crate::error::ServiceError;
use crate::models::{NewAuditEntry, Project};
use crate::schema::{audit_log, projects};

pub type DbPool = Pool<ConnectionManager<PgConnection>>;

pub fn log_action(pool: &DbPool, actor_id: i32, action: &str, project_id: i32) -> Result<(), ServiceError> {
    let mut conn = pool.get()?;
    diesel::insert_into(audit_log::table)
        .values(&NewAuditEntry { actor_id, action, project_id })
        .execute(&mut conn)?;
    Ok(())
}

pub fn archive_project(pool: &DbPool, actor_id: i32, project_id: i32) -> Result<Project, ServiceError> {
    let mut conn = pool.get()?;
    let project: Project = projects::table.find(project_id).first(&mut conn)?;

    let mut audit_conn = pool.get()?; // expect: CL305
    diesel::insert_into(audit_log::table)
        .values(&NewAuditEntry { actor_id, action: "archive", project_id })
        .execute(&mut audit_conn)?;

    let archived = diesel::update(projects::table.find(project.id))
        .set(projects::archived.eq(true))
        .get_result(&mut conn)?;
    Ok(archived)
}

pub fn rename_project(pool: &DbPool, actor_id: i32, project_id: i32, name: &str) -> Result<Project, ServiceError> {
    let mut conn = pool.get()?;
    let renamed = diesel::update(projects::table.find(project_id))
        .set(projects::name.eq(name))
        .get_result(&mut conn)?;
    log_action(pool, actor_id, "rename", project_id)?; // expect: CL305
    Ok(renamed)
}

#[post("/projects/{project_id}/archive")]
async fn archive(
    path: web::Path<i32>,
    user: web::ReqData<CurrentUser>,
    pool: web::Data<DbPool>,
) -> actix_web::Result<HttpResponse> {
    let project_id = path.into_inner();
    let actor_id = user.id;
    let project = web::block(move || archive_project(&pool, actor_id, project_id))
        .await?
        .map_err(actix_web::error::ErrorInternalServerError)?;
    Ok(HttpResponse::Ok().json(project))
}
