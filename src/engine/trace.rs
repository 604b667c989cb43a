//! `CONNLINT_TRACE`: phase timings and memory on stderr, for profiling.

/// Phase timings on stderr when `CONNLINT_TRACE` is set (for profiling; not an interface).
pub(crate) struct Trace {
    on: bool,
    start: std::time::Instant,
}

impl Trace {
    pub(crate) fn new() -> Trace {
        Trace {
            on: std::env::var_os("CONNLINT_TRACE").is_some(),
            start: std::time::Instant::now(),
        }
    }

    #[allow(clippy::print_stderr)]
    pub(crate) fn mark(&self, what: impl FnOnce() -> String) {
        if self.on {
            // Resident and peak memory (Linux), to see which stage holds what.
            let memory = std::fs::read_to_string("/proc/self/status")
                .ok()
                .map(|status| {
                    let field = |name: &str| {
                        status
                            .lines()
                            .find_map(|l| l.strip_prefix(name))
                            .and_then(|v| v.split_whitespace().next())
                            .and_then(|kb| kb.parse::<u64>().ok())
                            .map_or(0, |kb| kb / 1024)
                    };
                    format!(
                        " {:>5} MB rss {:>5} MB peak",
                        field("VmRSS:"),
                        field("VmHWM:")
                    )
                })
                .unwrap_or_default();
            eprintln!(
                "[trace {:>8.1} ms{memory}] {}",
                self.start.elapsed().as_secs_f64() * 1e3,
                what()
            );
        }
    }
}
