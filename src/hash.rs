//! Stable, dependency-free hashes for fingerprints and cache keys: the same
//! bytes give the same value on every machine and run.

/// FNV-1a, 64-bit: a stable, dependency-free hash for fingerprints.
#[must_use]
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// A hash of several parts, each length-prefixed so that no two lists of
/// parts give the same bytes.
#[must_use]
pub fn key(parts: &[&[u8]]) -> u64 {
    let mut bytes = Vec::new();
    for p in parts {
        bytes.extend_from_slice(&(p.len() as u64).to_le_bytes());
        bytes.extend_from_slice(p);
    }
    fnv1a(&bytes)
}

/// A hash of a file's content for the cache: xxh3, stable across machines
/// and runs, and fast enough to hash every file of a project on each cold
/// run (a few GB/s, where FNV-1a goes a byte at a time).
#[must_use]
pub fn content(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}
