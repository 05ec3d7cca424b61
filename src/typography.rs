//! The typography checker: reads the laid-out lines back and lists every
//! place where Chinese line composition breaks the rules of clreq and
//! GB/T 15834, with page and line.
//!
//! Rules checked (clreq §3.1 “Prohibition rules for line start and end”,
//! GB/T 15834-2011 §5):
//! - no line starts with a closing mark or a mark that must follow text
//!   (。，、；：？！）》」』”’ …);
//! - no line ends with an opening mark (（《「『“‘ …);
//! - `——` and `……` are never split across lines;
//! - a number never leaves its unit (`9月12` | `日`, `197.` | `88亿元`, `197.88亿` | `元`);
//! - the last line of a paragraph is not a single character with its
//!   punctuation (孤字);
//! - a section heading never ends a page, in the body or in the contents
//!   (it is kept with what follows).

use std::fmt;

use typst_layout::PagedDocument;

use crate::inspect::{self, Line};

/// Marks that never start a line (clreq; GB/T 15834).
pub const NOT_AT_LINE_START: &str = "。．，、；：？！”’）］〕】》〉」』〗｝～·…—%％";
/// Marks that never end a line.
pub const NOT_AT_LINE_END: &str = "“‘（［〔【《〈「『〖｛";
/// Characters that are units of a preceding number (年, 亿元, %, …). The
/// line breaker keeps a number with its unit by the same lists
/// ([`set_line_rules`]), so what the checker reports is what the layouts
/// avoid.
const UNITS: &str = "年月日时分秒亿万千百元角个家项名位人次届期号倍米吨岁%％";
/// The first and second characters of compound units (亿元, 万人, 千米, …).
const COMPOUND_UNIT_FIRST: &str = "亿万千百";
const COMPOUND_UNIT_SECOND: &str = "元人吨米亩";

/// Gives the line breaker the rules this checker checks, by the same lists:
/// no line starts with a mark of [`NOT_AT_LINE_START`] (`——`, `…`, …) or
/// ends with one of [`NOT_AT_LINE_END`], and no line parts a number from
/// its unit (`12|日`, `197.88亿|元`, `3.8 |亿元`; clreq, GB/T 15834,
/// GB/T 15835). Rules of the patched Typst (`vendor/typst-layout`,
/// `set_line_rules`), for every layout and paragraph: the layouts need no
/// boxes or word joiners for them, so justification spreads its space
/// evenly through numbers too, and no invisible character reaches the
/// PDF's text. Set once per process, before any layout.
pub fn set_line_rules() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        typst_layout::set_line_rules(typst_layout::LineRules {
            not_at_start: NOT_AT_LINE_START.to_owned(),
            not_at_end: NOT_AT_LINE_END.to_owned(),
            units: UNITS.to_owned(),
            unit_first: COMPOUND_UNIT_FIRST.to_owned(),
            unit_second: COMPOUND_UNIT_SECOND.to_owned(),
        })
    });
}

/// Whether a line may end with `before` and the next start with `after`
/// by the rules above: the next line does not start with a mark of
/// [`NOT_AT_LINE_START`], this one does not end with one of
/// [`NOT_AT_LINE_END`], and no number is parted from its unit or split
/// itself. For text yuebao breaks itself (headlines on their own lines,
/// `headlines`); the line breaker applies the same lists to the rest.
pub fn may_break_between(before: &str, after: &str) -> bool {
    let (Some(last), Some(first)) = (before.chars().next_back(), after.chars().next()) else {
        return true;
    };
    !(NOT_AT_LINE_START.contains(first)
        || NOT_AT_LINE_END.contains(last)
        || parts_number(before, after))
}

/// Whether a line ending with `before` and a next starting with `after`
/// part a number from its unit (`9月12` | `日`, `197.88亿` | `元`) or
/// split the number itself (`197.` | `88亿元`).
fn parts_number(before: &str, after: &str) -> bool {
    let (Some(last), Some(first)) = (before.chars().next_back(), after.chars().next()) else {
        return false;
    };
    let before_last = before.chars().rev().nth(1);
    (last.is_ascii_digit() && (UNITS.contains(first) || first.is_ascii_digit() || first == '.'))
        || (last == '.' && first.is_ascii_digit())
        || (COMPOUND_UNIT_FIRST.contains(last)
            && before_last.is_some_and(|c| c.is_ascii_digit())
            && COMPOUND_UNIT_SECOND.contains(first))
}

/// What rule a line breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rule {
    /// A line starts with a mark that must follow text.
    LineStart,
    /// A line ends with an opening mark.
    LineEnd,
    /// `——` or `……` split across two lines.
    SplitDash,
    /// A number separated from its unit, or split itself.
    NumberUnit,
    /// A paragraph's last line holds one character and its punctuation.
    Orphan,
    /// A wrapped TOC title leaves one character alone before the leaders.
    TocOrphan,
    /// A section heading (or its line in the contents) is the last line of
    /// its page.
    HeadingAtPageEnd,
}

impl Rule {
    fn describe(self) -> &'static str {
        match self {
            Rule::LineStart => "行首出现不能居首的标点",
            Rule::LineEnd => "行尾出现不能居尾的标点",
            Rule::SplitDash => "破折号或省略号被拆在两行",
            Rule::NumberUnit => "数字与单位被拆在两行",
            Rule::Orphan => "段末一行只有一个字（孤字）",
            Rule::TocOrphan => "目录标题折行后只剩一个字",
            Rule::HeadingAtPageEnd => "栏目标题落在页末，与其后的内容分在两页",
        }
    }
}

/// One place that breaks a rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    pub rule: Rule,
    /// Page (1-based, physical) and line on the page (1-based, counting every
    /// line of text from the top).
    pub page: usize,
    pub line: usize,
    /// The line's text.
    pub text: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "第 {} 页第 {} 行：{}：“{}”",
            self.page,
            self.line,
            self.rule.describe(),
            self.text
        )
    }
}

/// Checks every line of a laid-out document.
pub fn check(document: &PagedDocument) -> Vec<Violation> {
    // The section titles, as their headings and their lines in the contents
    // read: a line that reads as one is a section heading.
    let sections: Vec<String> = inspect::headings(document)
        .into_iter()
        .filter(|h| h.level == 1)
        .map(|h| squeeze(&h.title))
        .collect();
    inspect::lines(document)
        .iter()
        .flat_map(|page| check_page(page, &sections))
        .collect()
}

/// A title without the spaces that letter-spacing or justification leave.
fn squeeze(text: &str) -> String {
    visible(text)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

/// A folio (`— 6 —`) is set apart, not composed text.
fn is_folio(line: &Line) -> bool {
    let t = line.text.trim();
    t.starts_with('—') && t.ends_with('—') && t.chars().any(|c| c.is_ascii_digit())
}

/// The text a line really shows: without the invisible joiners the layout
/// uses to keep things together.
fn visible(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{2060}' | '\u{200B}' | '\u{FEFF}'))
        .collect()
}

fn check_page(lines: &[Line], sections: &[String]) -> Vec<Violation> {
    let lines: Vec<&Line> = lines.iter().filter(|l| !is_folio(l)).collect();
    // The right edge of the text block: the widest lines end there.
    let right = lines.iter().map(|l| l.end).fold(f64::MIN, f64::max);
    let mut out = Vec::new();
    let mut push = |rule, index: usize, line: &Line| {
        out.push(Violation {
            rule,
            page: line.page,
            line: index + 1,
            text: visible(&line.text),
        });
    };
    for (i, line) in lines.iter().enumerate() {
        let text = visible(&line.text);
        let text = text.trim();
        let (Some(first), Some(last)) = (text.chars().next(), text.chars().last()) else {
            continue;
        };
        let next = lines.get(i + 1).filter(|n| same_block(line, n));
        if NOT_AT_LINE_START.contains(first) {
            push(Rule::LineStart, i, line);
        }
        if NOT_AT_LINE_END.contains(last) && next.is_some() {
            push(Rule::LineEnd, i, line);
        }
        // A TOC entry ends in leaders and its page number: not a quantity.
        let toc_entry = has_leaders(text);
        if let Some(next) = next.filter(|_| !toc_entry) {
            let following = visible(&next.text);
            let following = following.trim();
            let Some(second) = following.chars().next() else {
                continue;
            };
            let split_pair = (last == '—' && second == '—') || (last == '…' && second == '…');
            if split_pair && !text.ends_with("——") && !text.ends_with("……") {
                push(Rule::SplitDash, i, line);
            }
            if parts_number(text, following) {
                push(Rule::NumberUnit, i, line);
            }
        }
        // The last line of a wrapped TOC title: its title part before the
        // leaders is a single character.
        if toc_entry && i > 0 && same_block(lines[i - 1], line) && !has_leaders(&lines[i - 1].text)
        {
            let title = text
                .split(inspect::LEADER_DOT)
                .next()
                .unwrap_or_default()
                .trim();
            if title.chars().filter(|c| !is_punctuation(*c)).count() == 1 {
                push(Rule::TocOrphan, i, line);
            }
        }
        // A last line of a paragraph: short, and followed by a new paragraph
        // (or nothing) rather than by a continuation.
        let short = line.end < right - 20.0;
        let letters = text.chars().filter(|c| !is_punctuation(*c)).count();
        if short
            && letters == 1
            && text.chars().count() <= 3
            && i > 0
            && same_block(lines[i - 1], line)
        {
            push(Rule::Orphan, i, line);
        }
        // The page's last line is a section heading: nothing of its
        // section follows it on the page.
        if i + 1 == lines.len() && sections.contains(&squeeze(text)) {
            push(Rule::HeadingAtPageEnd, i, line);
        }
    }
    out
}

/// Whether a line holds leaders: two dots of a dotted rule in a row, as
/// `inspect::lines` reads them (a title's own middle dot is one).
fn has_leaders(text: &str) -> bool {
    let dot = inspect::LEADER_DOT;
    text.chars()
        .zip(text.chars().skip(1))
        .any(|(a, b)| a == dot && b == dot)
}

/// Whether two consecutive lines belong to one paragraph block: the next
/// line follows at the ordinary line pitch (not after a gap).
fn same_block(line: &Line, next: &Line) -> bool {
    let pitch = next.y - line.y;
    pitch > 0.0 && pitch < 40.0
}

fn is_punctuation(c: char) -> bool {
    NOT_AT_LINE_START.contains(c) || NOT_AT_LINE_END.contains(c) || c.is_ascii_punctuation()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(lines: &[(&str, f64)]) -> Vec<Line> {
        lines
            .iter()
            .enumerate()
            .map(|(i, (text, end))| Line {
                page: 7,
                y: 100.0 + 29.0 * i as f64,
                x: 80.0,
                end: *end,
                text: (*text).to_owned(),
                leaders: None,
                glyphs: Vec::new(),
            })
            .collect()
    }

    fn rules(lines: &[(&str, f64)]) -> Vec<(Rule, usize)> {
        check_page(&page(lines), &["时政要闻".to_owned()])
            .into_iter()
            .map(|v| (v.rule, v.line))
            .collect()
    }

    #[test]
    fn a_well_set_paragraph_passes() {
        assert!(
            rules(&[
                ("全市学习贯彻习近平新时代中国特色社会主义", 520.0),
                ("思想主题教育工作会议召开。", 300.0)
            ])
            .is_empty()
        );
    }

    #[test]
    fn marks_at_forbidden_line_edges_are_found() {
        let found = rules(&[
            ("会议指出“", 520.0),
            ("，要坚持以人民为中心", 520.0),
            ("持续深化改革。", 200.0),
        ]);
        assert_eq!(found, vec![(Rule::LineEnd, 1), (Rule::LineStart, 2)]);
    }

    #[test]
    fn split_dashes_and_numbers_are_found() {
        let found = rules(&[
            ("系列活动—", 520.0),
            ("—新能源、新材料9月12", 520.0),
            ("日召开，总投资197.", 520.0),
            ("88亿元。", 100.0),
        ]);
        // The second half of a split dash also starts its line.
        assert_eq!(
            found,
            vec![
                (Rule::SplitDash, 1),
                (Rule::LineStart, 2),
                (Rule::NumberUnit, 2),
                (Rule::NumberUnit, 3)
            ]
        );
    }

    #[test]
    fn a_compound_unit_split_after_its_first_character_is_found() {
        let found = rules(&[
            ("签约项目总投资197.88亿", 520.0),
            ("元，第二十五届农洽会于2023年", 520.0),
            ("9月6日举行，市领导共7个", 520.0),
            ("位次出席。", 100.0),
        ]);
        // 亿 | 元 is one unit split; 年 | 9月 and 个 | 位次 are not.
        assert_eq!(found, vec![(Rule::NumberUnit, 1)]);
    }

    #[test]
    fn a_single_character_last_line_is_found_but_folios_are_not_text() {
        let found = rules(&[
            (
                "李明俊强调，要压紧压实责任，加大攻坚力度，全力推进情",
                520.0,
            ),
            ("况。", 110.0),
            ("— 7 —", 300.0),
        ]);
        assert_eq!(found, vec![(Rule::Orphan, 2)]);
    }

    #[test]
    fn a_section_heading_ending_a_page_is_found() {
        let text = (
            "全市学习贯彻习近平新时代中国特色社会主义思想主题教育工作会议",
            520.0,
        );
        // Last on the page (the folio does not count), letter-spaced or not.
        let found = rules(&[text, ("时政要闻", 300.0), ("— 6 —", 300.0)]);
        assert_eq!(found, vec![(Rule::HeadingAtPageEnd, 2)]);
        let found = rules(&[text, ("时 政 要 闻", 300.0)]);
        assert_eq!(found, vec![(Rule::HeadingAtPageEnd, 2)]);
        // Followed by its first article, or a line that only mentions it.
        assert!(rules(&[("时政要闻", 300.0), text]).is_empty());
        assert!(rules(&[text, ("栏目：时政要闻", 300.0)]).is_empty());
    }

    #[test]
    fn a_toc_title_wrapped_to_one_character_is_found() {
        let found = rules(&[
            (
                "市委学习贯彻习近平新时代中国特色社会主义思想主题教育读书班开",
                520.0,
            ),
            ("班··························18", 520.0),
            ("市政府常务会议召开··························19", 520.0),
            (
                "全市学习贯彻习近平新时代中国特色社会主义思想主题教育工作会议",
                520.0,
            ),
            ("召开··························6", 520.0),
        ]);
        assert_eq!(found, vec![(Rule::TocOrphan, 2)]);
    }
}
