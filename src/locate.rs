//! Finding where a field sits in the text of an issue file, so that every
//! error can name a line and a column.
//!
//! Field paths are written as the messages show them:
//! `sections[3].articles[2].headline`, with 1-based indices.

/// Line and column (both 1-based, the column counted in characters) of a
/// byte offset in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[start..].chars().count() + 1)
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// One step of a field path: a key, optionally followed by an index.
fn segments(path: &str) -> Vec<(&str, Option<usize>)> {
    path.split('.')
        .map(|seg| match seg.split_once('[') {
            Some((key, rest)) => {
                let index = rest.trim_end_matches(']').parse::<usize>().ok();
                (key, index.map(|i| i.saturating_sub(1)))
            }
            None => (seg, None),
        })
        .collect()
}

/// Where the value of `path` starts in a TOML document.
pub fn toml_field(text: &str, path: &str) -> Option<(usize, usize)> {
    use toml_edit::{ImDocument, Item};
    let doc = ImDocument::parse(text).ok()?;
    let mut item: &Item = doc.as_item();
    for (key, index) in segments(path) {
        item = item.get(key)?;
        if let Some(index) = index {
            item = item.get(index)?;
        }
    }
    let span = match item {
        Item::Value(v) => v.span(),
        Item::Table(t) => t.span(),
        Item::ArrayOfTables(a) => a.span(),
        Item::None => None,
    }?;
    Some(line_column(text, span.start))
}

/// Where the value of `path` starts in a JSON document.
pub fn json_field(text: &str, path: &str) -> Option<(usize, usize)> {
    let mut scanner = Json {
        text: text.as_bytes(),
        pos: 0,
    };
    scanner.skip_ws();
    for (key, index) in segments(path) {
        scanner.enter_key(key)?;
        if let Some(index) = index {
            scanner.enter_index(index)?;
        }
    }
    Some(line_column(text, scanner.pos))
}

/// A minimal JSON walker: it only skips values and descends into objects and
/// arrays; the document was already parsed successfully by serde_json.
struct Json<'a> {
    text: &'a [u8],
    pos: usize,
}

impl Json<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, byte: u8) -> Option<()> {
        self.skip_ws();
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    /// Reads a string and returns its raw contents (escapes left as they are).
    fn string(&mut self) -> Option<&[u8]> {
        self.eat(b'"')?;
        let start = self.pos;
        loop {
            match self.peek()? {
                b'\\' => self.pos += 2,
                b'"' => break,
                _ => self.pos += 1,
            }
        }
        self.pos += 1;
        Some(&self.text[start..self.pos - 1])
    }

    fn skip_value(&mut self) -> Option<()> {
        self.skip_ws();
        match self.peek()? {
            b'"' => self.string().map(|_| ()),
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                self.pos += 1;
                loop {
                    self.skip_ws();
                    if self.peek()? == close {
                        self.pos += 1;
                        return Some(());
                    }
                    if open == b'{' {
                        self.string()?;
                        self.eat(b':')?;
                    }
                    self.skip_value()?;
                    self.skip_ws();
                    if self.peek()? == b',' {
                        self.pos += 1;
                    }
                }
            }
            _ => {
                while self
                    .peek()
                    .is_some_and(|b| !matches!(b, b',' | b'}' | b']') && !b.is_ascii_whitespace())
                {
                    self.pos += 1;
                }
                Some(())
            }
        }
    }

    /// Moves to the value of `key` in the object at the current position.
    fn enter_key(&mut self, key: &str) -> Option<()> {
        self.eat(b'{')?;
        loop {
            self.skip_ws();
            if self.peek()? == b'}' {
                return None;
            }
            let found = self.string()? == key.as_bytes();
            self.eat(b':')?;
            self.skip_ws();
            if found {
                return Some(());
            }
            self.skip_value()?;
            self.eat(b',');
        }
    }

    /// Moves to element `index` of the array at the current position.
    fn enter_index(&mut self, index: usize) -> Option<()> {
        self.eat(b'[')?;
        for _ in 0..index {
            self.skip_value()?;
            self.eat(b',')?;
        }
        self.skip_ws();
        (self.peek()? != b']').then_some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        assert_eq!(line_column("标题 = 1\nx", 0), (1, 1));
        assert_eq!(line_column("标题 = 1\nx", "标题 = 1\n".len()), (2, 1));
        assert_eq!(line_column("标题 = 1", "标题 ".len()), (1, 4));
    }

    #[test]
    fn toml_fields_are_found_in_arrays_of_tables() {
        let text = "[[sections]]\ntitle = \"a\"\n[[sections]]\ntitle = \"\"\n";
        assert_eq!(toml_field(text, "sections[2].title"), Some((4, 9)));
        let text = "[[s]]\np = [\"x\", \"\"]\n";
        assert_eq!(toml_field(text, "s[1].p[2]"), Some((2, 11)));
    }

    #[test]
    fn json_fields_are_found_by_walking_the_text() {
        let text = "{\"s\": [{\"t\": \"a\"},\n {\"t\": \"\", \"p\": [\"x\", \"\"]}]}";
        assert_eq!(json_field(text, "s[2].t"), Some((2, 8)));
        assert_eq!(json_field(text, "s[2].p[2]"), Some((2, 23)));
        assert_eq!(json_field(text, "s[3].t"), None);
    }
}
