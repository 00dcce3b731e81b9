//! Quotation marks per script: “”‘’ in Simplified text, 「」『』 in Traditional (Taiwan, Hong
//! Kong) text, nested by depth rather than by the mark the source happened to use.

/// Which family of quotation marks to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteStyle {
    /// “outer ‘inner’”.
    Curly,
    /// 「outer『inner』」.
    Corner,
}

/// Rewrites quotation marks across the pieces of one paragraph (its spans), so a quote opened
/// in one span and closed in a bold one still nests right.
#[derive(Debug, Clone)]
pub struct QuoteRewriter {
    style: QuoteStyle,
    depth: usize,
}

impl QuoteRewriter {
    /// A rewriter at depth 0, for the start of a paragraph.
    pub fn new(style: QuoteStyle) -> QuoteRewriter {
        QuoteRewriter { style, depth: 0 }
    }

    /// `text` with its quotation marks in this style; `before` is the character that precedes
    /// it in the paragraph (for telling an apostrophe from a closing quote).
    pub fn rewrite(&mut self, text: &str, before: Option<char>) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len());
        for (i, &c) in chars.iter().enumerate() {
            let prev = if i == 0 { before } else { Some(chars[i - 1]) };
            let next = chars.get(i + 1).copied();
            match c {
                '“' | '「' | '『' => {
                    out.push(self.open());
                }
                '‘' if !is_apostrophe(prev, next) => out.push(self.open()),
                '”' | '」' | '』' => out.push(self.close(c)),
                '’' if !is_apostrophe(prev, next) => out.push(self.close(c)),
                _ => out.push(c),
            }
        }
        out
    }

    fn open(&mut self) -> char {
        let inner = self.depth % 2 == 1;
        self.depth += 1;
        match (self.style, inner) {
            (QuoteStyle::Curly, false) => '“',
            (QuoteStyle::Curly, true) => '‘',
            (QuoteStyle::Corner, false) => '「',
            (QuoteStyle::Corner, true) => '『',
        }
    }

    fn close(&mut self, mark: char) -> char {
        let inner = if self.depth == 0 {
            // A stray closing mark: keep its own level (single marks are the inner ones).
            matches!(mark, '’' | '』')
        } else {
            self.depth -= 1;
            self.depth % 2 == 1
        };
        match (self.style, inner) {
            (QuoteStyle::Curly, false) => '”',
            (QuoteStyle::Curly, true) => '’',
            (QuoteStyle::Corner, false) => '」',
            (QuoteStyle::Corner, true) => '』',
        }
    }
}

/// `’` between two Latin letters or digits (`OpenAI’s`, `rock ’n’ roll` aside) is an apostrophe.
fn is_apostrophe(prev: Option<char>, next: Option<char>) -> bool {
    prev.is_some_and(|c| c.is_ascii_alphanumeric())
        && next.is_some_and(|c| c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corner(s: &str) -> String {
        QuoteRewriter::new(QuoteStyle::Corner).rewrite(s, None)
    }

    #[test]
    fn curly_becomes_corner_with_nesting() {
        assert_eq!(corner("他说“你好”"), "他说「你好」");
        assert_eq!(corner("“他说‘你好’。”"), "「他说『你好』。」");
    }

    #[test]
    fn nesting_follows_depth_not_the_source_mark() {
        // A source that nests “ inside “ still gets 『』 inside.
        assert_eq!(corner("“外“内”外”"), "「外『内』外」");
        // Three levels alternate back.
        assert_eq!(corner("“甲‘乙“丙”乙’甲”"), "「甲『乙「丙」乙』甲」");
    }

    #[test]
    fn apostrophes_stay() {
        assert_eq!(corner("“OpenAI’s board”"), "「OpenAI’s board」");
    }

    #[test]
    fn spans_share_depth() {
        let mut q = QuoteRewriter::new(QuoteStyle::Corner);
        assert_eq!(q.rewrite("“外", None), "「外");
        assert_eq!(q.rewrite("‘内’", Some('外')), "『内』");
        assert_eq!(q.rewrite("”", Some('’')), "」");
    }

    #[test]
    fn corner_becomes_curly() {
        let mut q = QuoteRewriter::new(QuoteStyle::Curly);
        assert_eq!(q.rewrite("「他說『你好』。」", None), "“他說‘你好’。”");
    }

    #[test]
    fn stray_closing_marks_keep_their_level() {
        assert_eq!(corner("a”b’"), "a」b』");
    }
}
