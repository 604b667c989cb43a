//! Reading a file's text from the disk (the driver takes stdin's and
//! `--diff`'s texts first), with a clear message for everything that is not
//! UTF-8 source of a sane size.

use std::path::Path;

use crate::discover;

/// Reads a file as UTF-8 source, with a clear message for everything that is not one.
pub(crate) fn read_source(path: &Path, max_size: u64) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| discover::describe_io(&e))?;
    read_source_of(path, &meta, max_size)
}

/// [`read_source`] of a file whose metadata the caller already has.
pub(crate) fn read_source_of(
    path: &Path,
    meta: &std::fs::Metadata,
    max_size: u64,
) -> Result<String, String> {
    if !meta.is_file() {
        return Err("not a regular file; skipped".to_owned());
    }
    if meta.len() > max_size {
        return Err(format!(
            "file is {} bytes, larger than the limit of {max_size} bytes (`--max-file-size`); skipped",
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| discover::describe_io(&e))?;
    if bytes.len() as u64 > max_size {
        return Err(format!(
            "file grew beyond the limit of {max_size} bytes while reading; skipped"
        ));
    }
    decode(bytes)
}

/// Decodes file bytes as UTF-8, refusing binary files.
pub fn decode(bytes: Vec<u8>) -> Result<String, String> {
    if let Some(pos) = memchr::memchr(0, &bytes) {
        if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
            return Err("file is UTF-16 encoded; only UTF-8 is supported; skipped".to_owned());
        }
        return Err(format!("binary file (NUL byte at offset {pos}); skipped"));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        #[allow(clippy::naive_bytecount)]
        let line = e.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        format!("not valid UTF-8 (invalid byte at line {line}, byte offset {at}); skipped")
    })
}
