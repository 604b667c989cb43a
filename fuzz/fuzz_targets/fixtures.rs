//! See `connlint::fuzzing::fixtures` for what this target runs and checks.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| connlint::fuzzing::fixtures(data));
