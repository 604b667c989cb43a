//! Pool rules: pools bypassed, built per call or misconfigured.

pub mod invalid_pool_option;
pub mod pool_bypass;
pub mod pool_per_call;
pub mod pool_without_timeout;
