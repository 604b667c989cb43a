//! The floor of the cold-run target of issue 23: tree-sitter alone parsing,
//! once each, the files connlint's pass 1 takes, with as many threads as a
//! connlint run uses. Nothing else: no reading (the texts are read before
//! timing), no facts, no rules.
//!
//! `scripts/parse-floor.sh CORPUS` makes the file list (from a cold
//! `CONNLINT_TRACE=1` run) and runs this with it:
//!
//!     CONNLINT_PARSE_LIST=FILE CONNLINT_PARSE_THREADS=2 cargo bench --bench parse_floor
//!
//! Prints the median of 7 runs. Without `CONNLINT_PARSE_LIST` it says so and
//! does nothing (a plain `cargo bench` runs it too).

// A benchmark's report goes to stdout.
#![allow(clippy::print_stdout)]

use std::hint::black_box;
use std::time::{Duration, Instant};

use rayon::prelude::*;

fn main() {
    let Ok(list) = std::env::var("CONNLINT_PARSE_LIST") else {
        println!(
            "parse_floor: set CONNLINT_PARSE_LIST (see scripts/parse-floor.sh); nothing to do"
        );
        return;
    };
    let threads = std::env::var("CONNLINT_PARSE_THREADS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(2);
    let paths = std::fs::read_to_string(&list).unwrap_or_else(|e| panic!("{list}: {e}"));
    let texts: Vec<(bool, String)> = paths
        .lines()
        .filter(|l| !l.is_empty())
        .filter_map(|p| {
            let rust = std::path::Path::new(p)
                .extension()
                .is_some_and(|e| e == "rs");
            std::fs::read_to_string(p).ok().map(|t| (rust, t))
        })
        .collect();
    let bytes: usize = texts.iter().map(|(_, t)| t.len()).sum();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap_or_else(|e| panic!("threads: {e}"));
    let mut times: Vec<Duration> = (0..7)
        .map(|_| {
            let started = Instant::now();
            pool.install(|| {
                texts.par_iter().for_each_init(
                    || {
                        let mut python = tree_sitter::Parser::new();
                        let mut rust = tree_sitter::Parser::new();
                        let ok = python
                            .set_language(&tree_sitter_python::LANGUAGE.into())
                            .is_ok()
                            && rust
                                .set_language(&tree_sitter_rust::LANGUAGE.into())
                                .is_ok();
                        assert!(ok, "tree-sitter grammar version mismatch");
                        (python, rust)
                    },
                    |(python, rust), (is_rust, text)| {
                        let parser = if *is_rust { rust } else { python };
                        black_box(parser.parse(text, None));
                    },
                );
            });
            started.elapsed()
        })
        .collect();
    times.sort();
    println!(
        "parse floor: {} files, {} MB, {threads} threads: median {:.3} s (min {:.3} s, max {:.3} s)",
        texts.len(),
        bytes / 1_000_000,
        times[3].as_secs_f64(),
        times[0].as_secs_f64(),
        times[6].as_secs_f64()
    );
}
