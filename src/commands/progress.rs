//! The progress line on a terminal's stderr, for runs longer than a second.

/// Draws how far the run has got on stderr, from one second in, until dropped.
pub struct Spinner {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Spinner {
    pub fn start(progress: std::sync::Arc<connlint::Progress>) -> Spinner {
        use std::sync::atomic::Ordering::Relaxed;
        use std::time::{Duration, Instant};
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = std::sync::Arc::clone(&stop);
        let thread = std::thread::spawn(move || {
            let start = Instant::now();
            // Parked, not asleep: `drop` unparks it, so a short run does not
            // wait for the end of a sleep before exiting.
            while start.elapsed() < Duration::from_secs(1) {
                if flag.load(Relaxed) {
                    return;
                }
                std::thread::park_timeout(Duration::from_secs(1).saturating_sub(start.elapsed()));
            }
            let bar = indicatif::ProgressBar::with_draw_target(
                None,
                indicatif::ProgressDrawTarget::stderr(),
            );
            if let Ok(style) =
                indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            {
                bar.set_style(style);
            }
            while !flag.load(Relaxed) {
                let files = progress.files.load(Relaxed);
                let read = progress.read.load(Relaxed);
                let analysed = progress.analysed.load(Relaxed);
                bar.set_message(format!(
                    "checking: {read}/{files} files read, {analysed} analysed"
                ));
                bar.tick();
                std::thread::park_timeout(Duration::from_millis(80));
            }
            bar.finish_and_clear();
        });
        Spinner {
            stop,
            thread: Some(thread),
        }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            t.thread().unpark();
            let _ = t.join();
        }
    }
}
