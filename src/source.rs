//! Source files, file ids and byte spans.
//!
//! Every span in the compiler is a byte range plus the [`FileId`] it belongs to.
//! Line and column numbers are computed only when a diagnostic is rendered.

use std::fmt;
use std::path::{Path, PathBuf};

/// Index of a file in a [`SourceSet`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FileId(pub(crate) u32);

impl FileId {
    /// The id of a file that holds no user text (the catalogue, the command line).
    pub const NONE: FileId = FileId(u32::MAX);
}

/// A byte range in one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// The file the range belongs to.
    pub file: FileId,
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span in `file` from `start` to `end` (byte offsets).
    #[must_use]
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span {
            file,
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        }
    }

    /// A span that points nowhere, for facts that come from outside any file.
    #[must_use]
    pub fn none() -> Span {
        Span {
            file: FileId::NONE,
            start: 0,
            end: 0,
        }
    }

    /// The smallest span covering both `self` and `other` (same file).
    #[must_use]
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// Length in bytes.
    #[must_use]
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// True when the span covers no byte.
    #[must_use]
    pub fn is_empty(self) -> bool {
        self.end == self.start
    }
}

/// One source file: its display name and text.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The name shown in diagnostics (the path as the user gave it).
    pub name: String,
    /// The path used to resolve `use` relative to this file.
    pub path: PathBuf,
    /// The file's text.
    pub text: String,
    line_starts: Vec<u32>,
    /// How many characters precede each multiple of [`CHECKPOINT`] bytes, so
    /// that a column costs at most one checkpoint's worth of counting, however
    /// long the line (a one-line file with many diagnostics stays linear).
    checkpoints: Vec<u32>,
}

/// Bytes between two entries of `SourceFile::checkpoints`.
const CHECKPOINT: usize = 1024;

/// Whether a byte starts a character (is not a UTF-8 continuation byte).
fn starts_character(byte: u8) -> bool {
    byte & 0xC0 != 0x80
}

impl SourceFile {
    fn new(name: String, path: PathBuf, text: String) -> SourceFile {
        let mut line_starts = vec![0];
        for (offset, byte) in text.bytes().enumerate() {
            if byte == b'\n' {
                line_starts.push(u32::try_from(offset + 1).unwrap_or(u32::MAX));
            }
        }
        let mut checkpoints = Vec::with_capacity(text.len() / CHECKPOINT + 2);
        let mut characters = 0u32;
        for chunk in text.as_bytes().chunks(CHECKPOINT) {
            checkpoints.push(characters);
            let count = chunk.iter().filter(|byte| starts_character(**byte)).count();
            characters = characters.saturating_add(u32::try_from(count).unwrap_or(u32::MAX));
        }
        // The end of a text whose length is a multiple of the checkpoint
        // (a span that ends the file) has a checkpoint of its own.
        checkpoints.push(characters);
        SourceFile {
            name,
            path,
            text,
            line_starts,
            checkpoints,
        }
    }

    /// 1-based line and column (in characters) of a byte offset.
    #[must_use]
    pub fn line_col(&self, offset: u32) -> (usize, usize) {
        let line = match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        };
        let start = self.line_starts.get(line).copied().unwrap_or(0) as usize;
        let end = (offset as usize).min(self.text.len()).max(start);
        let mut column = self.characters_before(end) - self.characters_before(start);
        // A byte order mark is no column of the first line.
        if line == 0 && end >= 3 && self.text.starts_with('\u{feff}') {
            column -= 1;
        }
        (line + 1, column + 1)
    }

    /// How many characters the text has before byte `offset`.
    fn characters_before(&self, offset: usize) -> usize {
        let index = offset / CHECKPOINT;
        let counted = self.checkpoints.get(index).copied().unwrap_or(0) as usize;
        let from = (index * CHECKPOINT).min(self.text.len());
        counted
            + self
                .text
                .as_bytes()
                .get(from..offset.min(self.text.len()))
                .map_or(0, |rest| {
                    rest.iter().filter(|byte| starts_character(**byte)).count()
                })
    }

    /// The 0-based line that holds a byte offset (the last line for an offset past the end).
    #[must_use]
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = u32::try_from(offset).unwrap_or(u32::MAX);
        match self.line_starts.binary_search(&offset) {
            Ok(line) => line,
            Err(next) => next.saturating_sub(1),
        }
    }

    /// The byte range of a 0-based line, its line break included.
    #[must_use]
    pub fn line_range(&self, line: usize) -> std::ops::Range<usize> {
        let start = self
            .line_starts
            .get(line)
            .map_or(self.text.len(), |start| *start as usize);
        let end = self
            .line_starts
            .get(line + 1)
            .map_or(self.text.len(), |start| *start as usize);
        start..end
    }

    /// How many lines the file has (a final line break starts an empty last line).
    #[must_use]
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// The text of a span, or "" when it does not fit this file.
    #[must_use]
    pub fn slice(&self, span: Span) -> &str {
        self.text
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }
}

/// All files of one compilation, in the order they were added.
#[derive(Debug, Clone, Default)]
pub struct SourceSet {
    files: Vec<SourceFile>,
}

impl SourceSet {
    /// An empty set.
    #[must_use]
    pub fn new() -> SourceSet {
        SourceSet::default()
    }

    /// Adds a file and returns its id.
    pub fn add(
        &mut self,
        name: impl Into<String>,
        path: impl Into<PathBuf>,
        text: String,
    ) -> FileId {
        let id = FileId(u32::try_from(self.files.len()).unwrap_or(u32::MAX - 1));
        self.files
            .push(SourceFile::new(name.into(), path.into(), text));
        id
    }

    /// The file with this id, if any.
    #[must_use]
    pub fn get(&self, id: FileId) -> Option<&SourceFile> {
        self.files.get(id.0 as usize)
    }

    /// The id of an already added file with this path.
    #[must_use]
    pub fn find(&self, path: &Path) -> Option<FileId> {
        self.files
            .iter()
            .position(|file| file.path == path)
            .and_then(|index| u32::try_from(index).ok())
            .map(FileId)
    }

    /// Every file with its id, in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (FileId, &SourceFile)> {
        self.files
            .iter()
            .enumerate()
            .map(|(index, file)| (FileId(u32::try_from(index).unwrap_or(u32::MAX - 1)), file))
    }

    /// Appends `name:line:column` of a span's start to `out` without allocating.
    pub fn write_location(&self, span: Span, out: &mut String) {
        use std::fmt::Write as _;
        if let Some(file) = self.get(span.file) {
            let (line, column) = file.line_col(span.start);
            out.push_str(&file.name);
            let _ = write!(out, ":{line}:{column}");
        } else {
            out.push_str(":0:0");
        }
    }

    /// `name:line:column` of a span's start, for source maps in the output.
    #[must_use]
    pub fn location(&self, span: Span) -> Location {
        match self.get(span.file) {
            Some(file) => {
                let (line, column) = file.line_col(span.start);
                Location {
                    file: file.name.clone(),
                    line,
                    column,
                }
            }
            None => Location {
                file: String::new(),
                line: 0,
                column: 0,
            },
        }
    }
}

/// A human position: file name, 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// File name as shown to the user.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
}

impl fmt::Display for Location {
    fn fmt(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(formatter, "{}:{}:{}", self.file, self.line, self.column)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A span that ends a file of exactly 1,024 bytes (a fuzzer's find: the
    /// end had no checkpoint, so its column underflowed).
    #[test]
    fn the_end_of_a_text_a_checkpoint_long_has_a_column() {
        let mut set = SourceSet::new();
        let text = format!("{}\n{}", "a".repeat(10), "b".repeat(CHECKPOINT - 11));
        assert_eq!(text.len(), CHECKPOINT);
        let id = set.add("a.wire", "a.wire", text);
        let file = set.get(id).unwrap();
        assert_eq!(
            file.line_col(u32::try_from(CHECKPOINT).unwrap()),
            (2, CHECKPOINT - 10)
        );
    }

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let mut set = SourceSet::new();
        let id = set.add("a.wire", "a.wire", "ab\n→x y\n".to_string());
        let file = set.get(id).unwrap();
        assert_eq!(file.line_col(0), (1, 1));
        assert_eq!(file.line_col(3), (2, 1));
        // "→" is three bytes but one character.
        assert_eq!(file.line_col(6), (2, 2));
    }

    #[test]
    fn columns_far_into_a_long_line_count_characters_across_checkpoints() {
        let mut set = SourceSet::new();
        let text = format!("\u{feff}x\n{}y", "é".repeat(3000));
        let id = set.add("a.wire", "a.wire", text.clone());
        let file = set.get(id).unwrap();
        assert_eq!(file.line_col(3), (1, 1), "the byte order mark is no column");
        let y = text.find('y').unwrap();
        assert_eq!(file.line_col(u32::try_from(y).unwrap()), (2, 3001));
    }
}
