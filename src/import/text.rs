//! Small text rules of extracted Chinese print: sentence ends, page numbers,
//! justification spaces, and approximate headline matching.

/// Whether a character is a CJK ideograph or CJK punctuation (full-width
/// forms included): the characters between which a space is never a word
/// space in running Chinese text.
pub(super) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}' | '\u{20000}'..='\u{3FFFF}'
        | '“' | '”' | '‘' | '’' | '…' | '—')
}

/// Whether a paragraph ending in `c` ends a sentence; otherwise a page
/// break interrupted it and the next fragment continues it.
pub(super) fn ends_sentence(text: &str) -> bool {
    matches!(
        text.trim_end().chars().last(),
        Some('。' | '！' | '？' | '!' | '?' | '…' | '”' | '」' | '』' | '；' | ')' | '）')
    )
}

/// A trailing page number `(12)` or `（12）`: the text before it and the page.
pub(super) fn split_page_number(line: &str) -> Option<(&str, u32)> {
    let line = line.trim_end();
    let inner = line.strip_suffix(')').or_else(|| line.strip_suffix('）'))?;
    let open = inner.rfind(['(', '（'])?;
    let digits = inner[open..].trim_start_matches(['(', '（']).trim();
    if digits.is_empty() || digits.len() > 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((inner[..open].trim_end(), digits.parse().ok()?))
}

/// Removes the spaces a PDF extraction puts between a digit run and a
/// Chinese character (`9月 16 日` → `9月16日`); spaces between Chinese
/// words (slogans, `“我爱我家 牵手鹰城”`) are real and stay. Returns the
/// text and how many spaces were removed.
pub(super) fn remove_digit_spaces(text: &str) -> (String, usize) {
    remove_spaces(text, |before, after| {
        (before.is_ascii_digit() && is_cjk(after)) || (is_cjk(before) && after.is_ascii_digit())
    })
}

/// Removes justification spacing inside a colophon value (`张 征` → `张征`,
/// `市政大厦 0324 室` → `市政大厦0324室`), keeping spaces between Latin words.
pub(super) fn remove_justification_spaces(text: &str) -> String {
    remove_spaces(text, |before, after| is_cjk(before) || is_cjk(after)).0
}

fn remove_spaces(text: &str, drop: impl Fn(char, char) -> bool) -> (String, usize) {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut removed = 0;
    let mut i = 0;
    while i < chars.len() {
        if chars[i] == ' ' {
            let start = i;
            while i < chars.len() && chars[i] == ' ' {
                i += 1;
            }
            let around = (
                start.checked_sub(1).map(|j| chars[j]),
                chars.get(i).copied(),
            );
            if let (Some(before), Some(after)) = around
                && drop(before, after)
            {
                removed += 1;
                continue;
            }
            out.extend(&chars[start..i]);
            continue;
        }
        out.push(chars[i]);
        i += 1;
    }
    (out, removed)
}

/// The characters that count when comparing titles: no spaces of any kind.
pub(super) fn compact(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Where a fragment starts with a headline approximately equal to `title`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct HeadlineMatch {
    /// Byte offset in the fragment where the headline ends (at a space, a
    /// page-break mark or the end of the fragment).
    pub end: usize,
    /// Edit distance between the headline and the title.
    pub distance: usize,
}

/// Matches the start of `fragment` against `title`, ignoring whitespace,
/// allowing a few inserted, dropped or changed characters (the body and the
/// TOC of the seed differ by `议`, `国`, `合作`, `市`, `链`). The headline must
/// end where whitespace or the fragment ends: a run-in headline is followed
/// by one space.
pub(super) fn match_headline(fragment: &str, title: &str) -> Option<HeadlineMatch> {
    let title: Vec<char> = title.chars().filter(|c| !c.is_whitespace()).collect();
    let m = title.len();
    if m == 0 {
        return None;
    }
    let limit = (m / 5).max(1);
    // Compact fragment characters with the byte offset just after each.
    let mut chars = Vec::new();
    let mut boundary_after = Vec::new();
    let mut iter = fragment.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        if c.is_whitespace() {
            continue;
        }
        if chars.len() > m + limit {
            break;
        }
        let next = iter.peek().map(|&(_, n)| n);
        chars.push(c);
        boundary_after.push((next.is_none_or(char::is_whitespace), i + c.len_utf8()));
    }
    let n = chars.len();
    // No prefix of a fragment shorter than the title by more than the limit is
    // within the limit. Checked before the quadratic distance: a TOC entry
    // without a page number takes in every line up to the next one, and such a
    // title, thousands of characters long, is tried against every fragment.
    if n + limit < m {
        return None;
    }
    // Levenshtein distance of the whole title against every prefix of the fragment.
    let mut previous: Vec<usize> = (0..=n).collect();
    let mut current = vec![0; n + 1];
    for (i, &t) in title.iter().enumerate() {
        current[0] = i + 1;
        for j in 1..=n {
            let substitute = previous[j - 1] + usize::from(chars[j - 1] != t);
            current[j] = substitute.min(previous[j] + 1).min(current[j - 1] + 1);
        }
        std::mem::swap(&mut previous, &mut current);
    }
    (1..=n)
        .filter(|&j| boundary_after[j - 1].0 && previous[j] <= limit)
        .min_by_key(|&j| (previous[j], j.abs_diff(m)))
        .map(|j| HeadlineMatch {
            end: boundary_after[j - 1].1,
            distance: previous[j],
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spaces_between_digits_and_chinese_go_slogan_spaces_stay() {
        assert_eq!(remove_digit_spaces("9月 16 日"), ("9月16日".into(), 2));
        assert_eq!(
            remove_digit_spaces("“我爱我家 牵手鹰城”活动 197.88 亿元"),
            ("“我爱我家 牵手鹰城”活动197.88亿元".into(), 2)
        );
        assert_eq!(remove_justification_spaces("张 征"), "张征");
        assert_eq!(
            remove_justification_spaces("平顶山市政大厦 0324 室"),
            "平顶山市政大厦0324室"
        );
    }

    #[test]
    fn page_numbers_in_both_toc_forms() {
        assert_eq!(split_page_number("议召开 (6)"), Some(("议召开", 6)));
        assert_eq!(
            split_page_number("全市慈善大会召开\t(20)"),
            Some(("全市慈善大会召开", 20))
        );
        assert_eq!(split_page_number("贡献力 50 强"), None);
        assert_eq!(split_page_number("()"), None);
    }

    #[test]
    fn headlines_match_despite_small_wording_differences() {
        let body = "我市组团参加服贸会签订两个投资项目 9月2日，2023年服贸会";
        let found = match_headline(body, "我市组团参加服贸会签订两个投资合作项目").unwrap();
        assert_eq!(&body[..found.end], "我市组团参加服贸会签订两个投资项目");
        assert_eq!(found.distance, 2);
        let spaced = "市委党校 2023 年秋季学期开班仪式举行 9月 21 日，";
        let found = match_headline(spaced, "市委党校 2023 年秋季学期开班仪式举行").unwrap();
        assert_eq!(&spaced[..found.end], "市委党校 2023 年秋季学期开班仪式举行");
        assert!(match_headline("9月19日，市委常委会召开会议", "市委常委会会议").is_none());
    }
}
