//! Between connlint's byte offsets and paths and the protocol's positions and
//! URIs. Positions count UTF-16 code units unless the client accepts UTF-8
//! (`positionEncoding`), as the protocol says.

use std::path::PathBuf;

use lsp_types::{Position, Range, Uri};

use connlint::source::{LineIndex, TextRange};

/// How a client counts the characters of a position.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
}

/// A text and its line index: what positions are measured in.
pub struct Text<'a> {
    pub text: &'a str,
    pub lines: &'a LineIndex,
}

impl Text<'_> {
    pub fn position(&self, offset: u32, encoding: Encoding) -> Position {
        let offset = offset.min(self.text.len() as u32);
        let line = self.lines.line_of(offset);
        let start = self.lines.line_start(line) as usize;
        let mut end = offset as usize;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let prefix = &self.text[start..end];
        let character = match encoding {
            Encoding::Utf8 => prefix.len(),
            Encoding::Utf16 => prefix.encode_utf16().count(),
        };
        Position::new(line as u32, character as u32)
    }

    pub fn range(&self, range: TextRange, encoding: Encoding) -> Range {
        Range::new(
            self.position(range.start, encoding),
            self.position(range.end, encoding),
        )
    }

    /// The byte offset of a position; past the end of its line, the line's
    /// end (before its line break); past the last line, the text's end.
    pub fn offset(&self, position: Position, encoding: Encoding) -> u32 {
        let line = position.line as usize;
        if line >= self.lines.line_count() {
            return self.text.len() as u32;
        }
        let span = self.lines.line_range(self.text, line);
        let content = &self.text[span.as_range()];
        let content = content.trim_end_matches(['\n', '\r']);
        let wanted = position.character as usize;
        let mut units = 0;
        for (i, c) in content.char_indices() {
            if units >= wanted {
                return span.start + i as u32;
            }
            units += match encoding {
                Encoding::Utf8 => c.len_utf8(),
                Encoding::Utf16 => c.len_utf16(),
            };
        }
        span.start + content.len() as u32
    }
}

/// The path of a `file:` URI; `None` for other schemes (an unsaved
/// `untitled:` buffer).
pub fn path(uri: &Uri) -> Option<PathBuf> {
    let text = uri.as_str();
    let rest = text.strip_prefix("file://")?;
    // `file://localhost/x` and `file:///x`.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let bytes = rest.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            decoded.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            decoded.push(bytes[i]);
            i += 1;
        }
    }
    let mut s = String::from_utf8(decoded).ok()?;
    // `file:///C:/x` on Windows.
    if s.len() > 2 && s.as_bytes()[2] == b':' && s.starts_with('/') {
        s.remove(0);
    }
    Some(PathBuf::from(s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fmt::Write as _;
    use std::path::Path;
    use std::str::FromStr;

    /// The `file:` URI of an absolute path, percent-encoded.
    pub fn uri(path: &Path) -> Option<Uri> {
        let text = path.to_str()?;
        let mut out = String::from("file://");
        if !text.starts_with('/') {
            out.push('/');
        }
        for b in text.replace('\\', "/").bytes() {
            if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
                out.push(char::from(b));
            } else {
                let _ = write!(out, "%{b:02X}");
            }
        }
        Uri::from_str(&out).ok()
    }

    #[test]
    fn utf16_and_utf8_positions_round_trip() {
        let text = "x = 1\ns = \"é😀\"; conn = f()\r\nlast";
        let lines = LineIndex::new(text);
        let t = Text {
            text,
            lines: &lines,
        };
        let conn = text.find("conn").unwrap() as u32;
        // é is one UTF-16 unit and two bytes, 😀 two units and four bytes:
        // `s = "é😀"; ` is 11 units, 14 bytes.
        assert_eq!(t.position(conn, Encoding::Utf16), Position::new(1, 11));
        assert_eq!(t.position(conn, Encoding::Utf8), Position::new(1, 14));
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            assert_eq!(t.offset(t.position(conn, enc), enc), conn);
        }
        // Past the end of a line: its end, before the line break.
        let end_of_line_1 = text.find("\r\n").unwrap() as u32;
        assert_eq!(
            t.offset(Position::new(1, 99), Encoding::Utf16),
            end_of_line_1
        );
        assert_eq!(
            t.offset(Position::new(9, 0), Encoding::Utf16),
            text.len() as u32
        );
        assert_eq!(
            t.position(text.len() as u32, Encoding::Utf16),
            Position::new(2, 4)
        );
    }

    #[test]
    fn file_uris_round_trip() {
        let p = Path::new("/home/dev/my app/db#1.py");
        let u = uri(p).unwrap();
        assert_eq!(u.as_str(), "file:///home/dev/my%20app/db%231.py");
        assert_eq!(path(&u).unwrap(), p);
        let vscode = Uri::from_str("file:///c%3A/Users/x.py").unwrap();
        assert_eq!(path(&vscode).unwrap(), PathBuf::from("c:/Users/x.py"));
        assert!(path(&Uri::from_str("untitled:Untitled-1").unwrap()).is_none());
    }
}
