// An actix-web handler that builds a diesel-async deadpool pool per request (with a wait timeout, so only the per-call problem).
use std::time::Duration;

use actix_web::{error, post, web, HttpResponse, Result};
use deadpool::Runtime;
use diesel::prelude::*;
use diesel_async::pooled_connection::deadpool::Pool;
use diesel_async::pooled_connection::AsyncDieselConnectionManager;
use diesel_async::{AsyncPgConnection, RunQueryDsl};
use serde::Deserialize;

use crate::schema::subscriptions;

#[derive(Deserialize, Insertable)]
#[diesel(table_name = subscriptions)]
struct NewSubscription {
    email: String,
    plan: String,
}

#[post("/subscriptions")]
async fn subscribe(form: web::Json<NewSubscription>) -> Result<HttpResponse> {
    let database_url = std::env::var("DATABASE_URL").map_err(error::ErrorInternalServerError)?;
    let manager = AsyncDieselConnectionManager::<AsyncPgConnection>::new(database_url);
    let pool = Pool::builder(manager) // expect: CL202
        .max_size(4)
        .wait_timeout(Some(Duration::from_secs(3)))
        .runtime(Runtime::Tokio1)
        .build()
        .map_err(error::ErrorInternalServerError)?;

    let mut conn = pool.get().await.map_err(error::ErrorServiceUnavailable)?;
    diesel::insert_into(subscriptions::table)
        .values(form.into_inner())
        .execute(&mut conn)
        .await
        .map_err(error::ErrorInternalServerError)?;

    Ok(HttpResponse::Created().finish())
}
