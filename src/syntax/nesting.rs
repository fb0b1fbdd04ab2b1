//! The nesting limit, checked by one linear pass over the text before pest sees
//! it: pest parses `{ }` and `[ ]` by recursive descent, and every stage after
//! it (lowering, the formatter, plan expressions, the template writers) walks
//! nested values recursively, so a text nested thousands deep would overflow
//! the stack of the thread that compiles it instead of reporting a mistake.

use crate::diagnostics::{Diagnostic, Label, Severity};
use crate::source::{FileId, Span};

/// How deep `{ }` and `[ ]` may nest, a declaration's own block counting as
/// the first level (docs/language.md, "Nesting"). Far beyond any real wiring,
/// and far below what pest and the recursive stages need of a 2 MB stack.
pub const MAX_NESTING: usize = 64;

/// The code of a text nested deeper than [`MAX_NESTING`].
pub(crate) const NESTING_TOO_DEEP: &str = "E002";

/// The diagnostic for the first bracket of `text` that opens a level deeper
/// than [`MAX_NESTING`], if there is one. Brackets inside strings and comments
/// do not count; a closing bracket without an opening one counts as nothing
/// (pest reports it).
pub(super) fn check(file: FileId, text: &str) -> Result<(), Box<Diagnostic>> {
    match too_deep(text.as_bytes()) {
        Some(offset) => Err(Box::new(diagnostic(file, text, offset))),
        None => Ok(()),
    }
}

/// The offset of the first bracket past the limit. Reads bytes: every
/// character that matters is ASCII, and no byte of a multi-byte UTF-8
/// character is.
fn too_deep(bytes: &[u8]) -> Option<usize> {
    let mut depth = 0usize;
    let mut index = 0;
    while let Some(&byte) = bytes.get(index) {
        match byte {
            b'"' => index = string_end(bytes, index + 1),
            b'#' => {
                while bytes.get(index).is_some_and(|&c| c != b'\n' && c != b'\r') {
                    index += 1;
                }
            }
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(index);
                }
                index += 1;
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                index += 1;
            }
            _ => index += 1,
        }
    }
    None
}

/// The offset past a string whose contents start at `index`: past its closing
/// quote, or at the line break that ends an unclosed one. A backslash escapes
/// the next character, and a CRLF line break as a whole.
fn string_end(bytes: &[u8], mut index: usize) -> usize {
    while let Some(&byte) = bytes.get(index) {
        match byte {
            b'"' => return index + 1,
            b'\n' | b'\r' => return index,
            b'\\' if bytes.get(index + 1..index + 3) == Some(b"\r\n") => index += 3,
            b'\\' => index += 2,
            _ => index += 1,
        }
    }
    index
}

fn diagnostic(file: FileId, text: &str, offset: usize) -> Diagnostic {
    let bracket = if text.as_bytes().get(offset) == Some(&b'[') {
        "["
    } else {
        "{"
    };
    Diagnostic {
        code: NESTING_TOO_DEEP.to_string(),
        slug: "nesting-too-deep".to_string(),
        severity: Severity::Error,
        message: format!("blocks, maps and lists nest deeper than {MAX_NESTING} levels"),
        primary: Label {
            span: Span::new(file, offset, offset + 1),
            text: format!("this `{bracket}` opens level {}", MAX_NESTING + 1),
        },
        secondary: Vec::new(),
        help: Some(format!(
            "Keep `{{ }}` and `[ ]` within {MAX_NESTING} levels, a declaration's block counting \
             as the first: flatten the value, or pass a deep document as a string."
        )),
        notes: Vec::new(),
        suggestions: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize) -> String {
        format!("{}{}", "[".repeat(depth), "]".repeat(depth))
    }

    #[test]
    fn the_limit_itself_is_accepted_and_one_more_is_not() {
        assert_eq!(too_deep(nested(MAX_NESTING).as_bytes()), None);
        assert_eq!(
            too_deep(nested(MAX_NESTING + 1).as_bytes()),
            Some(MAX_NESTING)
        );
    }

    #[test]
    fn brackets_in_strings_and_comments_do_not_count() {
        let deep = "[".repeat(MAX_NESTING * 2);
        let text = format!("x \"{deep}\" # {deep}\r\ny \"a\\\r\n{deep}\"\n");
        assert_eq!(too_deep(text.as_bytes()), None);
    }

    #[test]
    fn an_unclosed_string_ends_at_its_line() {
        let text = format!("x \"open\n{}", "{".repeat(MAX_NESTING + 1));
        assert_eq!(too_deep(text.as_bytes()), Some(8 + MAX_NESTING));
    }

    #[test]
    fn closing_brackets_never_go_below_zero() {
        let text = format!("]]]]{}", nested(MAX_NESTING));
        assert_eq!(too_deep(text.as_bytes()), None);
    }
}
