//! The plain text that every extractor writes into: paragraphs (blocks) separated by one blank
//! line, runs of whitespace collapsed to one space the way a browser or a word processor shows
//! them, hard line breaks and tabs kept, and preformatted text kept as it is.
//!
//! Conventions shared by all source types (docs/project-format.md, "Other source types"):
//! - each paragraph, heading, list item, quotation or code block is one block;
//! - blocks are separated by `"\n\n"`; the text ends with one `"\n"`;
//! - a table is one block, one line per row, cells separated by a tab;
//! - a line break inside a paragraph (`<br>`, Word's line break) is `"\n"`.

/// Collects text block by block.
#[derive(Debug, Default)]
pub struct Blocks {
    done: Vec<String>,
    current: String,
    /// A collapsed space waits to be written before the next visible character.
    pending_space: bool,
    /// Inside preformatted text (depth, for nesting): whitespace is kept.
    pre: usize,
}

impl Blocks {
    pub fn new() -> Self {
        Self::default()
    }

    /// Inline text: whitespace runs become one space (kept as is inside preformatted text).
    pub fn text(&mut self, s: &str) {
        if self.pre > 0 {
            self.flush_space();
            self.current.push_str(s);
            return;
        }
        for c in s.chars() {
            if c.is_whitespace() && c != '\u{a0}' {
                if !self.current.is_empty() && !self.current.ends_with(['\n', '\t']) {
                    self.pending_space = true;
                }
            } else {
                self.flush_space();
                self.current.push(c);
            }
        }
    }

    /// Text whose spaces are visible as they are (a Word run): nothing collapses, but a line
    /// or tab may not be written this way.
    pub fn raw(&mut self, s: &str) {
        self.flush_space();
        self.current.push_str(s);
    }

    fn flush_space(&mut self) {
        if self.pending_space {
            self.current.push(' ');
            self.pending_space = false;
        }
    }

    /// A space between words that the markup implies (Markdown's soft break).
    pub fn soft_space(&mut self) {
        if !self.current.is_empty() && !self.current.ends_with(['\n', '\t', ' ']) {
            self.pending_space = true;
        }
    }

    /// A hard line break inside the block.
    pub fn line_break(&mut self) {
        self.pending_space = false;
        trim_end_spaces(&mut self.current);
        self.current.push('\n');
    }

    /// A tab (Word's tab, or the gap between two table cells).
    pub fn tab(&mut self) {
        self.pending_space = false;
        trim_end_spaces(&mut self.current);
        self.current.push('\t');
    }

    /// Ends the current block; an empty one is dropped.
    pub fn end_block(&mut self) {
        self.pending_space = false;
        let mut block = std::mem::take(&mut self.current);
        if self.pre == 0 {
            let trimmed = block.trim_matches(|c: char| c == ' ' || c == '\n');
            block = trimmed.to_string();
        } else {
            while block.ends_with('\n') {
                block.pop();
            }
        }
        if !block.trim().is_empty() {
            self.done.push(block);
        }
    }

    /// Starts preformatted text (code blocks, `<pre>`): whitespace is kept until [`Self::end_pre`].
    pub fn begin_pre(&mut self) {
        self.end_block();
        self.pre += 1;
    }

    pub fn end_pre(&mut self) {
        self.end_block();
        self.pre = self.pre.saturating_sub(1);
    }

    /// Whether the block being written holds any text yet.
    pub fn block_is_empty(&self) -> bool {
        self.current.trim().is_empty()
    }

    /// The text: blocks separated by a blank line, ending with a newline (empty if no block).
    pub fn finish(mut self) -> String {
        self.end_block();
        if self.done.is_empty() {
            return String::new();
        }
        let mut out = self.done.join("\n\n");
        out.push('\n');
        out
    }
}

fn trim_end_spaces(s: &mut String) {
    while s.ends_with(' ') {
        s.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whitespace_collapses_and_blocks_are_separated_by_a_blank_line() {
        let mut b = Blocks::new();
        b.text("  The   junta\n  met ");
        b.text("at dawn. ");
        b.end_block();
        b.end_block();
        b.text("Second");
        b.line_break();
        b.text(" line");
        assert_eq!(b.finish(), "The junta met at dawn.\n\nSecond\nline\n");
    }

    #[test]
    fn preformatted_text_keeps_its_spaces() {
        let mut b = Blocks::new();
        b.text("before");
        b.begin_pre();
        b.text("a  b\n  c\n");
        b.end_pre();
        b.text("after");
        assert_eq!(b.finish(), "before\n\na  b\n  c\n\nafter\n");
    }

    #[test]
    fn tabs_separate_cells_without_stray_spaces() {
        let mut b = Blocks::new();
        b.text("Name ");
        b.tab();
        b.text(" Role");
        b.line_break();
        b.text("Ana");
        b.tab();
        b.text("mayor");
        assert_eq!(b.finish(), "Name\tRole\nAna\tmayor\n");
    }

    #[test]
    fn no_blocks_is_an_empty_text() {
        let mut b = Blocks::new();
        b.text("   ");
        b.end_block();
        assert_eq!(b.finish(), "");
    }
}
