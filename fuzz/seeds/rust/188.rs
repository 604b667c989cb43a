// Interplay: the signup transaction is never committed (CL304), and it is also held open across an unrelated webhook call (CL302).
use axum::{
    extract::State,
    http::StatusCode,
    routing::post,
    Extension, Json, Router,
};
use serde::Deserialize;
use sqlx::MySqlPool;

#[derive(Deserialize)]
struct Signup {
    email: String,
    plan: String,
}

fn internal_error<E: std::fmt::Display>(err: E) -> (StatusCode, String) {
    (StatusCode::INTERNAL_SERVER_ERROR, err.to_string())
}

async fn signup(
    State(pool): State<MySqlPool>,
    Extension(http): Extension<reqwest::Client>,
    Json(form): Json<Signup>,
) -> Result<Json<u64>, (StatusCode, String)> {
    let mut tx = pool.begin().await.map_err(internal_error)?; // expect: CL304
    let user_id = sqlx::query("INSERT INTO users (email, plan) VALUES (?, ?)")
        .bind(&form.email)
        .bind(&form.plan)
        .execute(&mut *tx)
        .await
        .map_err(internal_error)?
        .last_insert_id();
    http // expect: CL302
        .post("https://hooks.example.com/signup")
        .json(&serde_json::json!({ "user_id": user_id, "plan": form.plan }))
        .send()
        .await
        .map_err(internal_error)?;
    Ok(Json(user_id))
}

pub fn router(pool: MySqlPool, http: reqwest::Client) -> Router {
    Router::new()
        .route("/signup", post(signup))
        .layer(Extension(http))
        .with_state(pool)
}
