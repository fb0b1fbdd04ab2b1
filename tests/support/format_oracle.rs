//! The formatter's oracle, independent of the formatter: the comments of a
//! text and where each stands among its tokens. tests/format.rs holds the
//! formatter to it over fixed inputs, and the `fmt` fuzz target (which
//! includes this file) over generated ones.

/// The comments of a text, independently of the formatter: a `#` outside a
/// string up to the end of its line, without trailing white space.
pub(crate) fn comments_of(text: &str) -> Vec<String> {
    let mut comments = Vec::new();
    let mut characters = text.chars().peekable();
    while let Some(character) = characters.next() {
        match character {
            '"' => {
                while let Some(inner) = characters.next() {
                    match inner {
                        '\\' => {
                            characters.next();
                        }
                        '"' | '\n' | '\r' => break,
                        _ => {}
                    }
                }
            }
            '#' => {
                let mut comment = String::from("#");
                while let Some(&next) = characters.peek() {
                    if next == '\n' || next == '\r' {
                        break;
                    }
                    comment.push(next);
                    characters.next();
                }
                comments.push(comment.trim_end().to_string());
            }
            _ => {}
        }
    }
    comments
}

/// For each comment, how many words, strings and numbers come before it, and
/// whether it stands outside a list or map value (inside one, the layout may
/// move it to its own line before the line that prints the value).
pub(crate) fn anchors(text: &str) -> Vec<(usize, bool)> {
    let mut anchors = Vec::new();
    let (mut count, mut in_word, mut depth) = (0, false, 0_i32);
    let mut characters = text.chars().peekable();
    while let Some(character) = characters.next() {
        let word = match character {
            '"' => {
                count += 1;
                while let Some(inner) = characters.next() {
                    match inner {
                        '\\' => {
                            characters.next();
                        }
                        '"' | '\n' | '\r' => break,
                        _ => {}
                    }
                }
                false
            }
            '#' => {
                anchors.push((count, depth <= 1));
                while characters
                    .next_if(|&next| next != '\n' && next != '\r')
                    .is_some()
                {}
                false
            }
            '-' if characters.peek() == Some(&'>') => {
                characters.next();
                false
            }
            '{' | '[' => {
                depth += if character == '[' { 2 } else { 1 };
                false
            }
            '}' | ']' => {
                depth -= if character == ']' { 2 } else { 1 };
                false
            }
            ' ' | '\t' | '\n' | '\r' | ',' | '=' | '\\' => false,
            _ => {
                if !in_word {
                    count += 1;
                }
                true
            }
        };
        in_word = word;
    }
    anchors
}
