//! The body of an extracted issue: section headings, run-in headlines found
//! by matching the TOC, continuation paragraphs, and the page-break joins.
//!
//! In the extraction every paragraph and every page fragment stands on its
//! own line between blank lines; a fragment that does not end a sentence was
//! cut by a page break and continues in the next one.

use super::front::{Front, TocEntry};
use super::text::{HeadlineMatch, compact, ends_sentence, match_headline, remove_digit_spaces};
use super::{Line, Warning};

#[derive(Debug)]
pub(super) struct Paragraph {
    pub text: String,
    pub line: usize,
}

#[derive(Debug)]
pub(super) struct BodyArticle {
    pub headline: String,
    /// Index of the matching TOC entry.
    pub entry: Option<usize>,
    pub line: usize,
    pub paragraphs: Vec<Paragraph>,
}

#[derive(Debug)]
pub(super) struct BodySection {
    pub title: String,
    pub line: usize,
    pub articles: Vec<BodyArticle>,
}

/// How far ahead in the TOC a body headline is looked for: entries the body
/// lacks are skipped, but a fragment never jumps a whole section ahead.
const LOOKAHEAD: usize = 4;

enum Item<'a> {
    Heading(&'a Line),
    Fragment(&'a Line),
}

/// Reads the body, starting at `front.body_start`.
pub(super) fn read(
    lines: &[Line],
    front: &Front,
    keep_spaces: bool,
    warnings: &mut Vec<Warning>,
) -> Vec<BodySection> {
    let section_titles: Vec<String> = front.sections.iter().map(|s| compact(&s.title)).collect();
    let items: Vec<Item> = lines[front.body_start.min(lines.len())..]
        .iter()
        .filter(|l| !l.text.trim().is_empty())
        .map(|l| {
            let plain = compact(&l.text);
            let heading = if section_titles.is_empty() {
                plain.chars().count() <= 12 && !plain.contains(['，', '。', '；', '：'])
            } else {
                section_titles.contains(&plain)
            };
            if heading {
                Item::Heading(l)
            } else {
                Item::Fragment(l)
            }
        })
        .collect();

    let mut reader = Reader {
        entries: &front.entries,
        next_entry: 0,
        keep_spaces,
        sections: Vec::new(),
        open: false,
        suspects: Vec::new(),
        spaces: Vec::new(),
        warnings,
    };
    let mut i = 0;
    while i < items.len() {
        match items[i] {
            Item::Heading(line) => {
                reader.sections.push(BodySection {
                    title: compact(&line.text),
                    line: line.number,
                    articles: Vec::new(),
                });
                reader.open = false;
            }
            Item::Fragment(line) => {
                let next = match items.get(i + 1) {
                    Some(Item::Fragment(next)) => Some(*next),
                    _ => None,
                };
                if reader.fragment(line, next) {
                    i += 1;
                }
            }
        }
        i += 1;
    }
    reader.place_stray_fragments();
    reader.report_spaces();
    reader.sections
}

struct Reader<'a, 'w> {
    entries: &'a [TocEntry],
    next_entry: usize,
    keep_spaces: bool,
    sections: Vec<BodySection>,
    /// Whether the last article may still receive paragraphs (no section
    /// heading since it started).
    open: bool,
    /// Short one-sentence paragraphs standing after a finished sentence:
    /// (section, article, paragraph) — candidates for a fragment out of page order.
    suspects: Vec<(usize, usize, usize)>,
    /// Digit spaces found, per line: (line, count, example).
    spaces: Vec<(usize, usize, String)>,
    warnings: &'w mut Vec<Warning>,
}

impl Reader<'_, '_> {
    /// Reads one fragment; true if it also consumed `next` (a headline
    /// split across or standing at the foot of a page).
    fn fragment(&mut self, line: &Line, next: Option<&Line>) -> bool {
        let text = line.text.trim();
        let alone = self.find_headline(text);
        // A headline cut by a page break (`…碳化` / `硅产业空白 9月21日`) or
        // standing alone at the foot of a page runs on into the next fragment.
        if alone.is_none_or(|(_, found)| found.end == text.len() && found.distance > 0)
            && !ends_sentence(text)
            && let Some(next) = next
        {
            let combined = format!("{text}\n{}", next.text.trim());
            if let Some((entry, found)) = self.find_headline(&combined)
                && found.end > text.len()
                && alone.is_none_or(|(_, a)| found.distance < a.distance)
            {
                self.start_article(entry, &combined, found, line.number);
                return true;
            }
        }
        if let Some((entry, found)) = alone {
            self.start_article(entry, text, found, line.number);
            return false;
        }
        let continues = self.open
            && self
                .sections
                .last()
                .and_then(|s| s.articles.last())
                .and_then(|a| a.paragraphs.last())
                .is_some_and(|p| !ends_sentence(&p.text));
        // Without a TOC, or with no article to continue: a run-in headline
        // the TOC does not list, taken to end at the first space.
        if !continues
            && (self.entries.is_empty() || !self.open)
            && let Some(space) = run_in_headline(text)
        {
            if !self.entries.is_empty() {
                self.warnings.push(Warning::at(
                    line.number,
                    format!(
                        "正文标题“{}”在目录中找不到；按首个空格前的文字作标题，请核对",
                        &text[..space]
                    ),
                ));
            }
            let headline = self.normalize(&text[..space], line.number);
            let rest = self.normalize(&text[space + 1..], line.number);
            self.push_article(None, headline, &rest, line.number);
            return false;
        }
        let text = self.normalize(text, line.number);
        let line = line.number;
        let position = self
            .sections
            .len()
            .checked_sub(1)
            .and_then(|s| Some((s, self.sections[s].articles.len().checked_sub(1)?)));
        if self.open
            && let Some((s, a)) = position
        {
            let article = &mut self.sections[s].articles[a];
            match article.paragraphs.last_mut() {
                Some(last) if !ends_sentence(&last.text) => join(&mut last.text, &text),
                _ => {
                    let short = text.chars().count() <= 60
                        && text.matches(['。', '！', '？']).count() == 1
                        && ends_sentence(&text);
                    if short && !article.paragraphs.is_empty() {
                        self.suspects.push((s, a, article.paragraphs.len()));
                    }
                    article.paragraphs.push(Paragraph { text, line });
                }
            }
            return false;
        }
        self.warnings.push(Warning::at(
            line,
            format!("段落「{}」不属于任何文章，已略去", preview(&text, 20)),
        ));
        false
    }

    /// The first of the next few TOC entries whose title starts `text`.
    fn find_headline(&self, text: &str) -> Option<(usize, HeadlineMatch)> {
        let end = (self.next_entry + LOOKAHEAD).min(self.entries.len());
        (self.next_entry..end).find_map(|k| {
            self.entries[k]
                .variants
                .iter()
                .filter_map(|v| match_headline(text, v))
                .min_by_key(|m| m.distance)
                .map(|m| (k, m))
        })
    }

    fn start_article(&mut self, entry: usize, text: &str, found: HeadlineMatch, line: usize) {
        self.next_entry = entry + 1;
        let headline: String = text[..found.end].replace('\n', "");
        let headline = self.normalize(headline.trim(), line);
        let rest = text[found.end..].trim().replace('\n', "");
        let rest = self.normalize(&rest, line);
        self.push_article(Some(entry), headline, &rest, line);
    }

    fn push_article(&mut self, entry: Option<usize>, headline: String, rest: &str, line: usize) {
        if self.sections.is_empty() {
            self.warnings.push(Warning::at(
                line,
                "正文开始处没有栏目标题，这些文章归入“未分栏”".to_owned(),
            ));
            self.sections.push(BodySection {
                title: "未分栏".to_owned(),
                line,
                articles: Vec::new(),
            });
        }
        let rest = rest.trim();
        let paragraphs = if rest.is_empty() {
            Vec::new()
        } else {
            vec![Paragraph {
                text: rest.to_owned(),
                line,
            }]
        };
        let section = self.sections.last_mut().expect("a section was pushed");
        section.articles.push(BodyArticle {
            headline,
            entry,
            line,
            paragraphs,
        });
        self.open = true;
    }

    /// Removes stray digit spaces (unless kept); reported per line by [`Self::report_spaces`].
    fn normalize(&mut self, text: &str, line: usize) -> String {
        let (fixed, removed) = remove_digit_spaces(text);
        if removed == 0 {
            return text.to_owned();
        }
        match self.spaces.last_mut() {
            Some((l, count, _)) if *l == line => *count += removed,
            _ => self.spaces.push((line, removed, first_digit_space(text))),
        }
        if self.keep_spaces {
            text.to_owned()
        } else {
            fixed
        }
    }

    fn report_spaces(&mut self) {
        for (line, count, example) in std::mem::take(&mut self.spaces) {
            let done = if self.keep_spaces {
                "按 --keep-spaces 保留"
            } else {
                "已删去"
            };
            self.warnings.push(Warning::at(
                line,
                format!("数字与汉字之间有 {count} 处多余空格（如「{example}」），{done}"),
            ));
        }
    }

    /// A short one-sentence paragraph that follows a finished sentence, and an
    /// article elsewhere whose last paragraph breaks off mid-sentence: the
    /// fragment was extracted out of page order and belongs there.
    fn place_stray_fragments(&mut self) {
        let suspects = std::mem::take(&mut self.suspects);
        for (s, a, p) in suspects.into_iter().rev() {
            if p + 1 != self.sections[s].articles[a].paragraphs.len() {
                continue;
            }
            let fragment_line = self.sections[s].articles[a].paragraphs[p].line;
            let dangling = self
                .sections
                .iter()
                .enumerate()
                .flat_map(|(si, sec)| {
                    sec.articles
                        .iter()
                        .enumerate()
                        .map(move |(ai, art)| (si, ai, art))
                })
                .filter(|&(si, ai, art)| {
                    (si, ai) != (s, a)
                        && art
                            .paragraphs
                            .last()
                            .is_some_and(|l| !ends_sentence(&l.text))
                })
                .min_by_key(|(_, _, art)| {
                    art.paragraphs
                        .last()
                        .map_or(usize::MAX, |l| l.line.abs_diff(fragment_line))
                })
                .map(|(si, ai, _)| (si, ai));
            let Some((ds, da)) = dangling else {
                continue;
            };
            let fragment = self.sections[s].articles[a].paragraphs.remove(p);
            let after = self.sections[s].articles[a].headline.clone();
            let target = &mut self.sections[ds].articles[da];
            let last = target
                .paragraphs
                .last_mut()
                .expect("dangling has a paragraph");
            let tail = tail(&last.text, 12);
            join(&mut last.text, &fragment.text);
            self.warnings.push(Warning::at(
                fragment.line,
                format!(
                    "片段「{}」不合原刊页序：它跟在“{after}”之后，但与该文无关；“{}”的末段在「…{tail}」处中断，它应属于那里，已移到该文末尾，请核对原刊",
                    fragment.text, target.headline
                ),
            ));
        }
        for section in &self.sections {
            for article in &section.articles {
                if let Some(last) = article.paragraphs.last()
                    && !ends_sentence(&last.text)
                {
                    self.warnings.push(Warning::at(
                        last.line,
                        format!(
                            "文章“{}”在句中结束（「…{}」），可能缺了一段",
                            article.headline,
                            tail(&last.text, 12)
                        ),
                    ));
                }
            }
        }
    }
}

/// Where a run-in headline ends (its first space), if the text before it
/// can be a headline: a few characters, no sentence punctuation.
fn run_in_headline(text: &str) -> Option<usize> {
    let space = text.find(' ')?;
    let length = text[..space].chars().count();
    ((4..=60).contains(&length) && !text[..space].contains(['，', '。', '；', '：']))
        .then_some(space)
}

/// Joins a page-break continuation: no space in Chinese, one between Latin words.
fn join(paragraph: &mut String, next: &str) {
    let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if latin(paragraph.chars().last()) && latin(next.chars().next()) {
        paragraph.push(' ');
    }
    paragraph.push_str(next);
}

fn preview(text: &str, chars: usize) -> String {
    let mut out: String = text.chars().take(chars).collect();
    if text.chars().count() > chars {
        out.push('…');
    }
    out
}

fn tail(text: &str, chars: usize) -> String {
    let all: Vec<char> = text.chars().collect();
    all[all.len().saturating_sub(chars)..].iter().collect()
}

/// The first digit run with a stray space next to it, and one character either side.
fn first_digit_space(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let stray = |i: usize| {
        chars[i] == ' '
            && i > 0
            && i + 1 < chars.len()
            && ((chars[i - 1].is_ascii_digit() && super::text::is_cjk(chars[i + 1]))
                || (super::text::is_cjk(chars[i - 1]) && chars[i + 1].is_ascii_digit()))
    };
    let Some(at) = (0..chars.len()).find(|&i| stray(i)) else {
        return String::new();
    };
    let start = at.saturating_sub(3);
    let mut end = at + 1;
    while end < chars.len()
        && (chars[end].is_ascii_digit() || chars[end] == ' ' || chars[end] == '.')
    {
        end += 1;
    }
    chars[start..(end + 1).min(chars.len())].iter().collect()
}
