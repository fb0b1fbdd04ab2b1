//! The language server's input framing: `Content-Length: N` headers, a blank
//! line, then N bytes of JSON (the base protocol of LSP).
//!
//! lsp-server's reader trusts the header: a length that does not parse leaves
//! the stream out of step for good, and a huge one allocates it up front or
//! aborts. [`read_frame`] instead caps a frame at the size it is given
//! ([`MAX_FRAME_BYTES`] in the server), grows the body only as bytes arrive,
//! bounds header lines, and after a malformed frame skips to the next
//! `Content-Length:` and goes on, reporting what it skipped. It is a pure
//! function over any `BufRead`, so tests and fuzz targets drive it directly.

use std::io::{BufRead, Read as _};

/// The largest message the server accepts, 64 MiB: an open document of the
/// 16 MiB that wirec reads from disk still fits after JSON escaping.
pub const MAX_FRAME_BYTES: usize = 64 * 1024 * 1024;

/// The longest header line, in bytes (a real one is under 100).
pub const MAX_HEADER_LINE_BYTES: usize = 1024;

/// How many skipped frames one result lists (the rest are counted).
const LISTED_SKIPS: usize = 16;

/// What one call of [`read_frame`] read.
#[derive(Debug)]
pub enum FrameResult {
    /// One message's body: exactly the bytes its `Content-Length` announced.
    Frame {
        /// The body (JSON, if the client is well behaved).
        body: Vec<u8>,
        /// Malformed input skipped before it.
        skipped: Skipped,
    },
    /// The input ended, at a frame boundary or inside a frame.
    End {
        /// Malformed input skipped before the end.
        skipped: Skipped,
    },
    /// The input could not be read.
    Failed(std::io::Error),
}

/// What was wrong with the input that [`read_frame`] skipped.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Why each skipped frame was skipped, the first few.
    pub reasons: Vec<String>,
    /// How many more were skipped than `reasons` lists.
    pub unlisted: usize,
}

impl Skipped {
    fn add(&mut self, reason: String) {
        if self.reasons.len() < LISTED_SKIPS {
            self.reasons.push(reason);
        } else {
            self.unlisted += 1;
        }
    }
}

/// The header name that starts every frame, lowercase.
const CONTENT_LENGTH: &[u8] = b"content-length:";

/// Reads the next frame's body from `reader`. A frame whose headers are
/// malformed (a line that is not `Name: value`, a `Content-Length` that is
/// missing, not a decimal number or over `max_len`, a line over
/// [`MAX_HEADER_LINE_BYTES`]) is skipped up to the next `Content-Length:`,
/// and reading goes on from there; the reasons come back with the next body.
pub fn read_frame(reader: &mut impl BufRead, max_len: usize) -> FrameResult {
    let mut skipped = Skipped::default();
    // After a skip the next `Content-Length:` has been read already, up to its value.
    let mut resumed = false;
    loop {
        let header = match read_header(reader, max_len, resumed, &mut skipped) {
            Ok(header) => header,
            Err(error) => return FrameResult::Failed(error),
        };
        match header {
            Header::Length(length) => {
                let mut body = Vec::new();
                // `take` + `read_to_end` grows the body only as bytes arrive.
                let limit = u64::try_from(length).unwrap_or(u64::MAX);
                if let Err(error) = reader.take(limit).read_to_end(&mut body) {
                    return FrameResult::Failed(error);
                }
                if body.len() < length {
                    skipped.add(format!(
                        "the input ended {} bytes into a body of {length}",
                        body.len()
                    ));
                    return FrameResult::End { skipped };
                }
                return FrameResult::Frame { body, skipped };
            }
            Header::End { inside } => {
                if inside {
                    skipped.add("the input ended inside a frame's headers".to_string());
                }
                return FrameResult::End { skipped };
            }
            Header::Malformed(reason) => {
                skipped.add(reason);
                match skip_to_next_frame(reader) {
                    Ok(true) => resumed = true,
                    Ok(false) => return FrameResult::End { skipped },
                    Err(error) => return FrameResult::Failed(error),
                }
            }
        }
    }
}

/// What a frame's headers said.
enum Header {
    /// The body's length.
    Length(usize),
    /// The input ended (`inside`: after part of a header).
    End { inside: bool },
    /// They are malformed; why.
    Malformed(String),
}

/// Reads header lines up to the blank line. With `resumed`, the first line
/// is the rest of a `Content-Length:` line: its value. Bytes before a
/// `Content-Length:` on one line (the tail of a skipped body) are skipped.
fn read_header(
    reader: &mut impl BufRead,
    max_len: usize,
    resumed: bool,
    skipped: &mut Skipped,
) -> std::io::Result<Header> {
    let mut length: Option<usize> = None;
    let mut first = true;
    loop {
        let line = match read_line(reader)? {
            Line::End { empty } => {
                return Ok(Header::End {
                    inside: !(first && empty && !resumed),
                });
            }
            Line::TooLong => {
                return Ok(Header::Malformed(format!(
                    "a header line longer than {MAX_HEADER_LINE_BYTES} bytes"
                )));
            }
            Line::Text(line) => line,
        };
        let value = if resumed && first {
            Some(line.as_slice())
        } else if let Some(at) = content_length_inside(&line) {
            skipped.add(format!(
                "{at} bytes before a header ({})",
                shown(line.get(..at).unwrap_or_default())
            ));
            // A frame starts at the header.
            length = None;
            line.get(at + CONTENT_LENGTH.len()..)
        } else if line.is_empty() {
            return Ok(match length {
                Some(length) => Header::Length(length),
                None => Header::Malformed("a frame without a Content-Length".to_string()),
            });
        } else {
            match line.iter().position(|byte| *byte == b':') {
                None => {
                    return Ok(Header::Malformed(format!(
                        "a header line without `:` ({})",
                        shown(&line)
                    )));
                }
                Some(colon) => line
                    .get(..=colon)
                    .filter(|name| name.eq_ignore_ascii_case(CONTENT_LENGTH))
                    .and_then(|_| line.get(colon + 1..)),
            }
        };
        first = false;
        if let Some(value) = value {
            match (parse_length(value, max_len), length) {
                (Err(reason), _) => return Ok(Header::Malformed(reason)),
                (Ok(new), Some(old)) if new != old => {
                    return Ok(Header::Malformed(format!(
                        "two Content-Length headers ({old} and {new})"
                    )));
                }
                (Ok(new), _) => length = Some(new),
            }
        }
    }
}

/// Where `Content-Length:` (any case) starts in a line, when not at its start.
fn content_length_inside(line: &[u8]) -> Option<usize> {
    line.windows(CONTENT_LENGTH.len())
        .skip(1)
        .position(|window| window.eq_ignore_ascii_case(CONTENT_LENGTH))
        .map(|index| index + 1)
}

/// A `Content-Length` value: decimal digits (spaces around them allowed), at
/// most `max_len`.
fn parse_length(value: &[u8], max_len: usize) -> Result<usize, String> {
    let digits = value.trim_ascii();
    if digits.is_empty() || !digits.iter().all(u8::is_ascii_digit) {
        return Err(format!(
            "a Content-Length that is not a number ({})",
            shown(value)
        ));
    }
    let mut length: usize = 0;
    for digit in digits {
        length = length
            .checked_mul(10)
            .and_then(|length| length.checked_add(usize::from(digit - b'0')))
            .filter(|length| *length <= max_len)
            .ok_or_else(|| {
                let ellipsis = if digits.len() > 40 { "..." } else { "" };
                format!(
                    "a Content-Length of {}{ellipsis} bytes, over the {max_len} the server accepts",
                    String::from_utf8_lossy(digits.get(..40).unwrap_or(digits))
                )
            })?;
    }
    Ok(length)
}

/// One header line.
enum Line {
    /// Its text, without the line ending (`\r\n`, or a bare `\n`).
    Text(Vec<u8>),
    /// The input ended; `empty` when no byte of a line had been read.
    End { empty: bool },
    /// It is longer than [`MAX_HEADER_LINE_BYTES`]; what was read is dropped.
    TooLong,
}

fn read_line(reader: &mut impl BufRead) -> std::io::Result<Line> {
    let mut line = Vec::new();
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if available.is_empty() {
            return Ok(Line::End {
                empty: line.is_empty(),
            });
        }
        let newline = available.iter().position(|byte| *byte == b'\n');
        let taken = newline.map_or(available.len(), |index| index + 1);
        if line.len() + taken > MAX_HEADER_LINE_BYTES + 2 {
            return Ok(Line::TooLong);
        }
        line.extend_from_slice(available.get(..taken).unwrap_or_default());
        reader.consume(taken);
        if newline.is_some() {
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            return Ok(Line::Text(line));
        }
    }
}

/// Consumes the input through the next `Content-Length:` (any case), wherever
/// it is (a skipped body does not end with a line break). False when the
/// input ends first.
fn skip_to_next_frame(reader: &mut impl BufRead) -> std::io::Result<bool> {
    // How much of CONTENT_LENGTH the input has matched so far. The name has no
    // prefix that recurs inside it, so a mismatch restarts the match at this byte.
    let mut matched = 0;
    loop {
        let available = match reader.fill_buf() {
            Ok(available) => available,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(error),
        };
        if available.is_empty() {
            return Ok(false);
        }
        let mut used = available.len();
        for (index, byte) in available.iter().enumerate() {
            let lower = byte.to_ascii_lowercase();
            if CONTENT_LENGTH.get(matched) == Some(&lower) {
                matched += 1;
            } else {
                matched = usize::from(CONTENT_LENGTH.first() == Some(&lower));
            }
            if matched == CONTENT_LENGTH.len() {
                used = index + 1;
                break;
            }
        }
        reader.consume(used);
        if matched == CONTENT_LENGTH.len() {
            return Ok(true);
        }
    }
}

/// A bit of raw input for a message: at most 40 bytes, lossy UTF-8, escaped.
fn shown(bytes: &[u8]) -> String {
    let head = bytes.get(..40).unwrap_or(bytes);
    let text = String::from_utf8_lossy(head);
    let ellipsis = if head.len() < bytes.len() { "..." } else { "" };
    format!("{:?}{ellipsis}", text.as_ref())
}

#[cfg(test)]
mod tests {
    use super::{FrameResult, read_frame};

    fn frames(input: &[u8], max_len: usize) -> Vec<(Option<String>, Vec<String>)> {
        let mut reader = std::io::BufReader::with_capacity(7, input);
        let mut found = Vec::new();
        loop {
            match read_frame(&mut reader, max_len) {
                FrameResult::Frame { body, skipped } => {
                    found.push((Some(String::from_utf8(body).unwrap()), skipped.reasons));
                }
                FrameResult::End { skipped } => {
                    found.push((None, skipped.reasons));
                    return found;
                }
                FrameResult::Failed(error) => panic!("{error}"),
            }
        }
    }

    #[test]
    fn well_formed_frames_are_read_in_order() {
        let input = b"Content-Length: 2\r\n\r\n{}content-length:3\r\nContent-Type: x\r\n\r\n[1]";
        assert_eq!(
            frames(input, 100),
            [
                (Some("{}".to_string()), vec![]),
                (Some("[1]".to_string()), vec![]),
                (None, vec![]),
            ]
        );
    }

    #[test]
    fn a_malformed_frame_is_skipped_to_the_next_header() {
        for bad in [
            "Content-Length: abc\r\n\r\n{}",
            "Content-Length: -5\r\n\r\n{}",
            "Content-Type: text\r\n\r\n{}",
            "Content-Length: 99999999999999\r\n\r\n{}",
            "Content-Length: 18446744073709551615\r\n\r\n{}",
            "Content-Length: 184467440737095516150000\r\n\r\n{}",
            "Content-Length: 1000000000\r\n\r\n{}",
            "Content-Length: 2\r\nContent-Length: 3\r\n\r\n{}",
            "no colon here\r\n\r\n",
            "garbage with no line end at all",
            &"x".repeat(5000),
        ] {
            let input = format!("{bad}Content-Length: 4\r\n\r\nnext");
            let found = frames(input.as_bytes(), 1000);
            assert_eq!(found.len(), 2, "{bad:?}: {found:?}");
            assert_eq!(found[0].0.as_deref(), Some("next"), "{bad:?}");
            assert_eq!(found[0].1.len(), 1, "{bad:?}: {found:?}");
        }
    }

    #[test]
    fn a_cut_off_frame_is_reported_at_the_end() {
        let found = frames(b"Content-Length: 10\r\n\r\nabc", 100);
        assert_eq!(found.len(), 1);
        assert!(
            found[0].1[0].contains("3 bytes into a body of 10"),
            "{found:?}"
        );
        assert_eq!(frames(b"Content-Len", 100)[0].1.len(), 1);
        assert_eq!(frames(b"", 100), [(None, vec![])]);
    }
}
