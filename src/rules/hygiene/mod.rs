//! Hygiene: findings about connlint's own suppression comments.

pub mod unused_suppression;
