//! The lines of a source file that one diagnostic shows, made safe to print.
//!
//! A diagnostic shows a few lines around its labels, never the whole file: the
//! excerpt is built from the file's line index, so rendering many diagnostics
//! costs time in proportion to what is printed, not to the file's size times
//! the number of diagnostics. Lines longer than [`LONG_LINE`] bytes are cropped
//! around the labels (a label past column 65,535 made miette's renderer panic),
//! and characters a terminal would act on (ESC and other controls, bidirectional
//! overrides) are shown as visible escapes. Offsets into the excerpt differ from
//! offsets into the file, so labels are mapped with [`Excerpt::map`].

use crate::source::SourceFile;
use miette::{MietteError, MietteSpanContents, SourceCode, SourceSpan, SpanContents};
use std::borrow::Cow;
use std::ops::Range;

/// Lines longer than this (in bytes) are cropped to this many bytes around the labels.
pub(super) const LONG_LINE: usize = 400;
/// Bytes of a cropped line kept before its first label.
const KEPT_BEFORE_LABEL: usize = 80;
/// Marks where a cropped line was cut.
const ELLIPSIS: &str = "…";

/// The shown lines of one file, grouped into runs of consecutive lines.
pub(super) struct Excerpt {
    name: String,
    text: String,
    groups: Vec<Group>,
    /// (excerpt offset of a label's start, its 0-based byte column in the file),
    /// so that the location in a report's header is the file's, not the excerpt's.
    columns: Vec<(usize, usize)>,
}

/// Consecutive lines of the file, stored back to back in `Excerpt::text`.
struct Group {
    /// Where the group's text lies in `Excerpt::text`.
    range: Range<usize>,
    /// 0-based number of the group's first line in the file.
    first_line: usize,
    lines: Vec<LineMap>,
}

/// How one line of the file became one line of the excerpt.
struct LineMap {
    /// The line's content in the file, without its line break.
    content: Range<usize>,
    /// The part of `content` that is shown (all of it unless the line is long).
    kept: Range<usize>,
    /// Where the line begins in the excerpt.
    start: usize,
    /// Excerpt offset just after the last shown character (before a trailing ellipsis).
    kept_end: usize,
    /// Excerpt offset of the line break.
    line_break: usize,
    /// (file offset, excerpt offset) wherever the mapping restarts: the first shown
    /// character and the character after each escape; sorted by file offset.
    anchors: Vec<(usize, usize)>,
}

impl Excerpt {
    /// The lines around `spans` (byte ranges in `file`), with `context` lines before
    /// and after each, as the renderer will ask for them.
    pub(super) fn new(file: &SourceFile, spans: &[Range<usize>], context: usize) -> Excerpt {
        let last_line = file.line_count().saturating_sub(1);
        let mut ranges: Vec<(usize, usize)> = spans
            .iter()
            .map(|span| {
                let first = file.line_of(span.start);
                let last = file.line_of(span.end.saturating_sub(1).max(span.start));
                (
                    first.saturating_sub(context),
                    (last + context).min(last_line),
                )
            })
            .collect();
        ranges.sort_unstable();
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for (first, last) in ranges {
            match merged.last_mut() {
                Some(previous) if first <= previous.1 + 1 => previous.1 = previous.1.max(last),
                _ => merged.push((first, last)),
            }
        }
        let mut excerpt = Excerpt {
            name: printable(&file.name, false).into_owned(),
            text: String::new(),
            groups: Vec::with_capacity(merged.len()),
            columns: Vec::new(),
        };
        for (first, last) in merged {
            excerpt.push_group(file, first, last, spans);
        }
        for span in spans {
            let line_start = file.line_range(file.line_of(span.start)).start;
            excerpt
                .columns
                .push((excerpt.map(span.start), span.start - line_start));
        }
        excerpt
    }

    fn push_group(&mut self, file: &SourceFile, first: usize, last: usize, spans: &[Range<usize>]) {
        let start = self.text.len();
        let mut lines = Vec::with_capacity(last - first + 1);
        for line in first..=last {
            let whole = file.line_range(line);
            let text = file.text.get(whole.clone()).unwrap_or("");
            let break_len = if text.ends_with("\r\n") {
                2
            } else {
                usize::from(text.ends_with('\n'))
            };
            let content = whole.start..whole.end - break_len;
            lines.push(self.push_line(file, content, spans));
            self.text
                .push_str(text.get(text.len() - break_len..).unwrap_or(""));
        }
        self.groups.push(Group {
            range: start..self.text.len(),
            first_line: first,
            lines,
        });
    }

    fn push_line(
        &mut self,
        file: &SourceFile,
        content: Range<usize>,
        spans: &[Range<usize>],
    ) -> LineMap {
        let kept = kept_part(&file.text, &content, spans);
        let start = self.text.len();
        if kept.start > content.start {
            self.text.push_str(ELLIPSIS);
        }
        let mut anchors = vec![(kept.start, self.text.len())];
        let shown = file.text.get(kept.clone()).unwrap_or("");
        for (index, character) in shown.char_indices() {
            match escape(character) {
                Some(escaped) => {
                    self.text.push_str(&escaped);
                    let next = kept.start + index + character.len_utf8();
                    anchors.push((next, self.text.len()));
                }
                None => self.text.push(character),
            }
        }
        let kept_end = self.text.len();
        if kept.end < content.end {
            self.text.push_str(ELLIPSIS);
        }
        LineMap {
            content,
            kept,
            start,
            kept_end,
            line_break: self.text.len(),
            anchors,
        }
    }

    /// The excerpt offset of a byte offset in the file; offsets in a cropped-off
    /// part of a line map to the nearest shown character.
    pub(super) fn map(&self, offset: usize) -> usize {
        let Some(line) = self.line_at(offset) else {
            return self.text.len();
        };
        if offset > line.content.end {
            return line.line_break + (offset - line.content.end);
        }
        if offset >= line.kept.end {
            return line.kept_end;
        }
        let offset = offset.max(line.kept.start);
        let anchor = match line
            .anchors
            .binary_search_by_key(&offset, |anchor| anchor.0)
        {
            Ok(index) => line.anchors.get(index),
            Err(index) => line.anchors.get(index.saturating_sub(1)),
        };
        anchor.map_or(line.start, |(file_offset, excerpt_offset)| {
            excerpt_offset + (offset - file_offset)
        })
    }

    fn line_at(&self, offset: usize) -> Option<&LineMap> {
        let lines = self.groups.iter().flat_map(|group| group.lines.iter());
        lines.take_while(|line| line.content.start <= offset).last()
    }

    fn group_at(&self, span: &SourceSpan) -> Option<&Group> {
        let start = span.offset();
        let end = start + span.len();
        let index = self.groups.partition_point(|group| group.range.end < start);
        self.groups
            .get(index)
            .filter(|group| group.range.start <= start && end <= group.range.end)
    }
}

/// The part of a line that is shown: all of it, or for a long line a window that
/// starts a little before the first label on it.
fn kept_part(text: &str, content: &Range<usize>, spans: &[Range<usize>]) -> Range<usize> {
    if content.len() <= LONG_LINE {
        return content.clone();
    }
    let first_label = spans
        .iter()
        .filter(|span| span.start < content.end && span.end > content.start)
        .map(|span| span.start.max(content.start))
        .min()
        .unwrap_or(content.start);
    let mut start = first_label
        .saturating_sub(KEPT_BEFORE_LABEL)
        .max(content.start);
    while !text.is_char_boundary(start) && start > content.start {
        start -= 1;
    }
    let mut end = (start + LONG_LINE).min(content.end);
    while !text.is_char_boundary(end) && end > start {
        end -= 1;
    }
    start..end
}

/// How a character that a terminal would act on, or that hides or reorders text,
/// is shown: C0 controls and DEL as their Control Pictures (`␛`), the rest as
/// `\u{…}`. Tabs stay (the renderer expands them).
fn escape(character: char) -> Option<Cow<'static, str>> {
    match character {
        '\t' => None,
        '\u{0}'..='\u{1f}' => char::from_u32(0x2400 + u32::from(character))
            .map(|picture| Cow::Owned(picture.to_string())),
        '\u{7f}' => Some(Cow::Borrowed("\u{2421}")),
        '\u{80}'..='\u{9f}'
        | '\u{61c}'
        | '\u{200b}'..='\u{200f}'
        | '\u{2028}'..='\u{202e}'
        | '\u{2066}'..='\u{2069}'
        | '\u{feff}' => Some(Cow::Owned(format!("\\u{{{:x}}}", u32::from(character)))),
        _ => None,
    }
}

/// `text` with every character that [`escape`] would change escaped; newlines
/// stay when `keep_newlines` (help texts have several lines).
pub(crate) fn printable(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let needs =
        |character: char| !(keep_newlines && character == '\n') && escape(character).is_some();
    if !text.chars().any(needs) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for character in text.chars() {
        match escape(character) {
            Some(escaped) if needs(character) => out.push_str(&escaped),
            _ => out.push(character),
        }
    }
    Cow::Owned(out)
}

impl SourceCode for Excerpt {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        context_lines_before: usize,
        context_lines_after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let group = self.group_at(span).ok_or(MietteError::OutOfBounds)?;
        let local_text = self
            .text
            .get(group.range.clone())
            .ok_or(MietteError::OutOfBounds)?;
        let local_span = SourceSpan::new((span.offset() - group.range.start).into(), span.len());
        let contents =
            local_text.read_span(&local_span, context_lines_before, context_lines_after)?;
        let column = if context_lines_before == 0 {
            self.columns
                .iter()
                .find(|(offset, _)| *offset == span.offset())
                .map_or(contents.column(), |(_, column)| *column)
        } else {
            contents.column()
        };
        Ok(Box::new(MietteSpanContents::new_named(
            self.name.clone(),
            contents.data(),
            SourceSpan::new(
                (contents.span().offset() + group.range.start).into(),
                contents.span().len(),
            ),
            contents.line() + group.first_line,
            column,
            contents.line_count() + group.first_line,
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceSet;

    fn excerpt(text: &str, span: Range<usize>) -> Excerpt {
        let mut sources = SourceSet::new();
        let id = sources.add("a.wire", "a.wire", text.to_string());
        Excerpt::new(sources.get(id).unwrap(), std::slice::from_ref(&span), 1)
    }

    #[test]
    fn short_clean_lines_are_copied_and_far_lines_left_out() {
        let text = "one\ntwo\nthree\nfour\nfive\nsix\n";
        let excerpt = excerpt(text, 4..7);
        assert_eq!(excerpt.text, "one\ntwo\nthree\n");
        assert_eq!(excerpt.map(4), 4);
        assert_eq!(excerpt.map(7), 7);
    }

    #[test]
    fn long_lines_are_cropped_around_the_label_and_labels_follow() {
        let text = format!("{}é x{}\n", " ".repeat(70_000), " ".repeat(70_000));
        let start = 70_003;
        let excerpt = excerpt(&text, start..start + 1);
        assert!(
            excerpt.text.len() < LONG_LINE + 10,
            "{}",
            excerpt.text.len()
        );
        let mapped = excerpt.map(start);
        assert_eq!(excerpt.text.get(mapped..=mapped), Some("x"));
        assert!(excerpt.text.starts_with(ELLIPSIS));
        assert!(excerpt.text.ends_with("…\n"));
    }

    #[test]
    fn control_characters_are_escaped_and_offsets_after_them_shift() {
        let text = "a\u{1b}[31m b\u{202e} c\n";
        let after_esc = text.find('[').unwrap();
        let c = text.find('c').unwrap();
        let excerpt = excerpt(text, after_esc..c + 1);
        assert_eq!(excerpt.text, "a␛[31m b\\u{202e} c\n");
        assert_eq!(
            excerpt
                .text
                .get(excerpt.map(after_esc)..=excerpt.map(after_esc)),
            Some("[")
        );
        assert_eq!(excerpt.text.get(excerpt.map(c)..=excerpt.map(c)), Some("c"));
        assert_eq!(printable("x\u{1b}\ny", true), "x␛\ny");
        assert_eq!(printable("x\u{1b}\ny", false), "x␛␊y");
    }
}
