//! Where a headline that stands on its own lines may break.
//!
//! GB/T 9704-2012 §7.3.1 sets a title of several lines so that its words
//! stay whole and its lines are about equally long (回行时，要做到词意完整，
//! 排列对称，长短适宜). Typst breaks Chinese between any two characters, and a
//! balanced headline broke where the width fell: 「……中国特色社会 /
//! 主义思想……」. A layout whose headlines stand on their own lines
//! ([`Layout::standalone_headlines`], the brief) gets, for each headline
//! wider than a line, the pieces it may break between, and balances the
//! lines itself (it measures them; `layouts/lib/body.typ`).
//!
//! The pieces are the headline's words by jieba's dictionary (with its
//! model for names it does not list: 李明俊, 王台光), joined again where a
//! break would go against the line rules the checker enforces
//! ([`typography::may_break_between`]: `“人才`, `197.88亿元`, `2023年`) or
//! part a number from the word after it (`50强`).

use std::collections::BTreeMap;

use crate::layouts::Layout;
use crate::model::Issue;
use crate::model::layout::Resolved;
use crate::typography;

/// jieba's dictionary, a word and its frequency a line, sorted by word
/// (`vendor/jieba/dict.txt`, from jieba-rs 0.8.1 without the part-of-speech
/// tags; MIT).
const DICTIONARY: &str = include_str!("../vendor/jieba/dict.txt");

/// The sum of the dictionary's frequencies (`the_dictionary_total_is_its_sum`):
/// jieba's probability of a word is its frequency over this.
const DICTIONARY_TOTAL: u64 = 60_101_964;

/// A segmenter for `texts`. Loading the whole dictionary takes about 0.2 s;
/// only the words that occur in the texts can match them, so only those are
/// loaded (a few hundred, found by binary search: the dictionary is sorted),
/// with one unmatchable entry carrying the rest's frequency: every word's
/// probability, and so every cut, is the whole dictionary's
/// (`the_partial_dictionary_cuts_as_the_whole_one`).
fn segmenter<'a>(texts: impl IntoIterator<Item = &'a str>) -> jieba_rs::Jieba {
    let mut lines = std::collections::BTreeSet::new();
    for text in texts {
        for (start, _) in text.char_indices() {
            // Longer and longer words from here, while the dictionary has
            // words that begin so.
            for (end, c) in text[start..].char_indices() {
                let key = &text[start..start + end + c.len_utf8()];
                let at = first_line_not_below(key);
                let word = word_at(at);
                if word == key {
                    lines.insert(at);
                } else if !word.starts_with(key) {
                    break;
                }
            }
        }
    }
    let (mut partial, mut kept) = (String::new(), 0_u64);
    for at in lines {
        let line = DICTIONARY[at..].lines().next().unwrap_or_default();
        let frequency = line.split_once(' ').map_or("0", |(_, f)| f);
        kept += frequency
            .parse::<u64>()
            .expect("the dictionary's frequencies are numbers");
        partial.push_str(line);
        partial.push('\n');
    }
    // A private-use character, which no title should hold; one that did
    // would only be cut there as a word of its own.
    partial.push_str(&format!("\u{F8FF} {}\n", DICTIONARY_TOTAL - kept));
    jieba_rs::Jieba::with_dict(&mut partial.as_bytes()).expect("the dictionary loads")
}

/// The word of the dictionary's line that starts at byte `at` (empty at the
/// end).
fn word_at(at: usize) -> &'static str {
    let rest = &DICTIONARY[at..];
    // Both ASCII, so the end is a character boundary.
    let end = rest.bytes().position(|b| b == b' ' || b == b'\n');
    end.map_or(rest, |end| &rest[..end])
}

/// Where the first line of the dictionary whose word is not below `key`
/// starts (the dictionary's length if there is none): a binary search over
/// the sorted lines, from byte offsets. (An index of the lines' starts
/// costs more to build, once, than a render's searches.)
fn first_line_not_below(key: &str) -> usize {
    let bytes = DICTIONARY.as_bytes();
    let line_start = |at: usize| {
        bytes[..at]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1)
    };
    let next_line = |at: usize| {
        bytes[at..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(bytes.len(), |i| at + i + 1)
    };
    // Both are line starts; the answer is in lo..=hi.
    let (mut lo, mut hi) = (0, bytes.len());
    while lo < hi {
        let mid = line_start((lo + hi) / 2).max(lo);
        if word_at(mid) < key {
            lo = next_line(mid);
        } else {
            hi = mid;
        }
    }
    lo
}

/// What a break inside quotation marks, a book title or brackets costs, in
/// squared characters of imbalance (the layout's measure of unequal
/// lines): about four characters on each of two lines. A quoted name
/// (「“人才强院年”」) is read as one unit; a long title still breaks inside
/// rather than leave one line far shorter.
pub const INSIDE_QUOTES: f64 = 30.0;

/// What ending a line with a one-character conjunction or preposition
/// costs: it belongs to what follows (「……研究院 / 和龙门实验室……」).
pub const FUNCTION_WORD_AT_END: f64 = 2.0;

/// Conjunctions and prepositions that begin the phrase they join.
const FUNCTION_WORDS: &[&str] = &[
    "和", "与", "及", "暨", "并", "在", "对", "向", "为", "于", "把", "被",
];

const OPENING: &str = "“‘《（「『〈【〔［";
const CLOSING: &str = "”’》）」』〉】〕］";

/// A headline cut into the pieces a line may break between.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Pieces<'a> {
    /// In order; joined, they are the headline.
    pub pieces: Vec<&'a str>,
    /// What a break after each piece but the last costs (0 where nothing
    /// speaks against it), in squared characters of imbalance.
    pub penalties: Vec<f64>,
}

/// The pieces of `headline` a line may break between, and what each break
/// costs.
pub fn pieces(headline: &str) -> Pieces<'_> {
    cut(&segmenter([headline]), headline)
}

fn cut<'a>(segmenter: &jieba_rs::Jieba, headline: &'a str) -> Pieces<'a> {
    // Byte ranges of the pieces so far.
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let mut start = 0;
    // `cut` returns consecutive slices of the headline.
    for word in segmenter.cut(headline, true) {
        let end = start + word.len();
        match ranges.last_mut() {
            Some(last) if !may_break(&headline[last.0..last.1], word) => last.1 = end,
            _ => ranges.push((start, end)),
        }
        start = end;
    }
    // A last piece of one character stays with the one before: no title
    // ends with a character alone on its line (「……推进 / 会」).
    if let [.., before, last] = ranges[..]
        && headline[last.0..last.1].chars().count() == 1
    {
        ranges.truncate(ranges.len() - 2);
        ranges.push((before.0, last.1));
    }
    let pieces: Vec<&str> = ranges
        .into_iter()
        .map(|(from, to)| &headline[from..to])
        .collect();
    let mut depth = 0_i32;
    let mut penalties = Vec::new();
    for piece in &pieces[..pieces.len().saturating_sub(1)] {
        for c in piece.chars() {
            if OPENING.contains(c) {
                depth += 1;
            } else if CLOSING.contains(c) {
                depth = (depth - 1).max(0);
            }
        }
        let mut penalty = 0.0;
        if depth > 0 {
            penalty += INSIDE_QUOTES;
        }
        if FUNCTION_WORDS.contains(piece) {
            penalty += FUNCTION_WORD_AT_END;
        }
        penalties.push(penalty);
    }
    Pieces { pieces, penalties }
}

/// Whether a headline may break between `before` and `after`: not against
/// the line rules, not after a number (`50强`), not before 的.
fn may_break(before: &str, after: &str) -> bool {
    let ends_in_number = before
        .chars()
        .next_back()
        .is_some_and(|c| c.is_ascii_alphanumeric());
    typography::may_break_between(before, after) && !ends_in_number && !after.starts_with('的')
}

/// Roughly how many characters wide `text` is: a Latin letter, digit or
/// space counts half.
fn width_in_characters(text: &str) -> f64 {
    text.chars()
        .map(|c| if c.is_ascii() { 0.5 } else { 1.0 })
        .sum()
}

/// The pieces of every title of `issue` that `layout` may have to break,
/// by title (what the layout reads as `data.title-pieces`; it breaks a
/// title only between them). `overrides` are the issue's checked
/// `[layout]` ([`Issue::layout_overrides`]); `line` is how many characters
/// of the body size the type area holds in a line.
///
/// - Headlines that stand on their own lines ([`Layout::standalone_headlines`])
///   and may not fit on one: the layout balances their lines between the
///   pieces.
/// - Titles in the contents ([`Layout::contents`]) that may wrap before
///   their leaders and page number: the layout keeps each piece on one line
///   (「……产业转型 / 升级》进行督办」, not 「……转型升 / 级》……」).
///
/// Empty when no title is that long (then no dictionary is read), as for
/// the monthly's run-in headlines, which fill their lines as body text.
pub fn title_pieces<'a>(
    issue: &'a Issue,
    layout: Layout,
    overrides: &Resolved,
    line: f64,
) -> BTreeMap<&'a str, Pieces<'a>> {
    // The counts are estimates (a bold Latin letter may be wider than half
    // a character): some room for them. A contents entry wraps when its
    // title, leaders and number pass a line: in the monthly (四号 contents
    // under a 三号 body), a title of about 0.84 of a body line.
    let (headline_long, toc_long) = (0.9 * line, 0.75 * line);
    let toc = layout.contents && overrides.toc != Some(false);
    // A title both a standalone headline and in the contents is cut once.
    let mut titles = std::collections::BTreeSet::new();
    for (_, article) in issue.articles() {
        let headline = article.headline.as_str();
        if layout.standalone_headlines && width_in_characters(headline) > headline_long {
            titles.insert(headline);
        }
        let title = article.toc_title();
        if toc && width_in_characters(title) > toc_long {
            titles.insert(title);
        }
    }
    if titles.is_empty() {
        return BTreeMap::new();
    }
    let segmenter = segmenter(titles.iter().copied());
    titles
        .into_iter()
        .map(|title| (title, cut(&segmenter, title)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(headline: &str) -> Vec<&str> {
        pieces(headline).pieces
    }

    #[test]
    fn the_pieces_are_whole_words_that_make_up_the_headline() {
        let headline = "全市学习贯彻习近平新时代中国特色社会主义思想主题教育工作会议召开";
        let pieces = split(headline);
        assert_eq!(pieces.concat(), headline);
        assert!(pieces.contains(&"社会主义"), "{pieces:?}");
        assert!(pieces.contains(&"习近平"), "{pieces:?}");
        let name = "李明俊与来平考察的台湾伟仲集团董事长王台光举行工作会谈";
        let pieces = split(name);
        assert!(
            pieces.contains(&"李明俊") && pieces.contains(&"王台光"),
            "{pieces:?}"
        );
    }

    #[test]
    fn no_piece_boundary_goes_against_the_line_rules() {
        for (headline, whole) in [
            (
                "环省科学院创新生态圈建设暨“人才强院年”系列活动平顶山专场活动举行",
                "“人才",
            ),
            (
                "我市组团参加第二十五届农洽会签约项目总投资197.88亿元",
                "197.88亿元",
            ),
            ("平顶山市各界代表2023年烈士纪念日公祭烈士活动举行", "2023年"),
            ("中国平煤神马再次上榜中国企业碳中和贡献力50强", "50强"),
            (
                "黄庚倜带队围绕重点提案《加快数字经济快速发展助推我市产业转型升级》进行督办",
                "升级》",
            ),
        ] {
            let pieces = split(headline);
            assert_eq!(pieces.concat(), headline);
            assert!(
                pieces.iter().any(|p| p.contains(whole)),
                "「{whole}」 split: {pieces:?}"
            );
            for pair in pieces.windows(2) {
                assert!(typography::may_break_between(pair[0], pair[1]), "{pair:?}");
            }
        }
    }

    #[test]
    fn a_break_inside_quotes_or_after_a_conjunction_costs_more() {
        let quoted = pieces("环省科学院创新生态圈建设暨“人才强院年”系列活动平顶山专场活动举行");
        for (piece, penalty) in quoted.pieces.iter().zip(&quoted.penalties) {
            let inside = ["“人才", "强院"].contains(piece);
            let after_conjunction = *piece == "暨";
            let expected = if inside {
                INSIDE_QUOTES
            } else if after_conjunction {
                FUNCTION_WORD_AT_END
            } else {
                0.0
            };
            assert_eq!(
                *penalty, expected,
                "after 「{piece}」 in {:?}",
                quoted.pieces
            );
        }
        assert_eq!(quoted.penalties.len() + 1, quoted.pieces.len());
    }

    #[test]
    fn the_dictionary_is_sorted_by_word() {
        // The binary search for a text's words relies on it.
        let words: Vec<&str> = DICTIONARY
            .lines()
            .map(|l| l.split(' ').next().unwrap())
            .collect();
        assert!(words.windows(2).all(|pair| pair[0] < pair[1]));
        assert_eq!(word_at(first_line_not_below("社会主义")), "社会主义");
        assert!(word_at(first_line_not_below("社会主")).starts_with("社会主"));
    }

    #[test]
    fn the_dictionary_total_is_its_sum() {
        let sum: u64 = DICTIONARY
            .lines()
            .filter_map(|l| l.split_once(' '))
            .map(|(_, f)| f.parse::<u64>().unwrap())
            .sum();
        assert_eq!(sum, DICTIONARY_TOTAL);
    }

    #[test]
    fn the_partial_dictionary_cuts_as_the_whole_one() {
        let whole = jieba_rs::Jieba::with_dict(&mut DICTIONARY.as_bytes()).unwrap();
        let headlines = [
            "全市学习贯彻习近平新时代中国特色社会主义思想主题教育工作会议召开",
            "李明俊与来平考察的台湾伟仲集团董事长王台光举行工作会谈",
            "中国平煤神马高纯碳化硅粉体项目填补我省第三代半导体碳化硅产业链空白",
            "市委召开专题会议研究白龟湖科创新城花山智慧岛和香山大学城规划编制、产业发展规划编制等工作",
            "全国文明城市创建“我爱我家 牵手鹰城”活动启动仪式举行",
        ];
        let partial = segmenter(headlines);
        for headline in headlines {
            assert_eq!(partial.cut(headline, true), whole.cut(headline, true));
        }
    }
}
