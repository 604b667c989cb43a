// Negative: `permit.forget()` and `mem::forget(permit)` on tokio semaphore permits (acquired with `Semaphore::acquire`) shrink a rate limit, not a pool.
use std::mem;
use std::sync::Arc;

use tokio::sync::Semaphore;

pub struct ExportLimiter {
    slots: Arc<Semaphore>,
}

impl ExportLimiter {
    pub fn new(slots: usize) -> Self {
        Self { slots: Arc::new(Semaphore::new(slots)) }
    }

    /// Permanently removes `n` slots, e.g. while a tenant is suspended.
    pub async fn reserve(&self, n: u32) -> Result<(), tokio::sync::AcquireError> {
        let permit = self.slots.acquire_many(n).await?;
        permit.forget();
        Ok(())
    }

    pub async fn retire_one(&self) -> Result<(), tokio::sync::AcquireError> {
        let permit = self.slots.acquire().await?;
        mem::forget(permit);
        Ok(())
    }
}
