//! Rendering the sample issue end to end: what the editors and the print
//! office see in the PDF.

mod common;

use common::*;
use yuebao::inspect;

fn article_pages(compiled: &yuebao::Compiled) -> Vec<(String, usize)> {
    inspect::headings(&compiled.document)
        .into_iter()
        .filter(|h| h.level == 2)
        .map(|h| (h.title, h.page))
        .collect()
}

#[test]
fn sample_renders_without_missing_glyphs() {
    let compiled = sample_compiled();
    assert!(compiled.missing.is_empty(), "{:?}", compiled.missing);
    assert!(compiled.warnings.is_empty(), "{:?}", compiled.warnings);
    let headings = inspect::headings(&compiled.document);
    assert_eq!(headings.iter().filter(|h| h.level == 1).count(), 11);
    assert_eq!(headings.iter().filter(|h| h.level == 2).count(), 66);
}

#[test]
fn toc_numbers_follow_the_layout() {
    let compiled = sample_compiled();
    let articles = article_pages(compiled);
    let lines = inspect::lines(&compiled.document);
    // The TOC is on the pages before the first article; an entry ends in
    // leaders and its page number, possibly after a wrapped line.
    let first_body_page = articles[0].1;
    let mut entries: Vec<(String, usize)> = Vec::new();
    let mut pending = String::new();
    for line in lines[..first_body_page - 1].iter().flatten() {
        pending.push_str(&line.text);
        let digits: String = pending
            .chars()
            .rev()
            .take_while(|c| c.is_ascii_digit())
            .collect();
        let before = pending.chars().rev().nth(digits.len());
        if !digits.is_empty() && before == Some('·') {
            let number: usize = digits.chars().rev().collect::<String>().parse().unwrap();
            let title = pending.trim_end_matches(|c: char| c.is_ascii_digit() || c == '·');
            entries.push((title.trim().to_owned(), number));
            pending.clear();
        } else if !digits.is_empty() || pending.chars().count() < 30 {
            // A section line, a folio or the masthead: not an entry.
            pending.clear();
        }
    }
    assert_eq!(entries.len(), 66, "TOC entries read back: {entries:#?}");
    let sample = sample();
    for ((entry, (headline, page)), (_, article)) in
        entries.iter().zip(&articles).zip(sample.articles())
    {
        assert_eq!(entry.0, article.toc_title(), "TOC shows the TOC title");
        assert_eq!(
            entry.1, *page,
            "TOC number of “{headline}” is where it lands"
        );
    }
}

#[test]
fn most_articles_start_on_their_original_pages() {
    let original = original_toc_pages();
    assert_eq!(original.len(), 66);
    let articles = article_pages(sample_compiled());
    let moved: Vec<String> = articles
        .iter()
        .zip(&original)
        .filter(|((_, page), original)| page != *original)
        .map(|((title, page), original)| format!("{title}: 原第{original}页, 现第{page}页"))
        .collect();
    eprintln!(
        "{} of 66 articles on their original pages; moved:\n{}",
        66 - moved.len(),
        moved.join("\n")
    );
    assert!(
        moved.len() <= 6,
        "{} articles moved:\n{}",
        moved.len(),
        moved.join("\n")
    );
}

#[test]
fn body_starts_after_front_matter_and_folios_are_set() {
    let compiled = sample_compiled();
    let lines = inspect::lines(&compiled.document);
    let pages = lines.len();
    for (i, page) in lines.iter().enumerate().skip(1) {
        let n = i + 1;
        let folio = format!("— {n} —");
        let last = page.last().expect("a page with text");
        assert_eq!(last.text, folio, "page {n} ends with its folio");
    }
    assert!(pages > 30, "{pages} pages");
}

#[test]
fn renders_are_byte_identical() {
    let sample = sample();
    let a = yuebao::export::pdf(&sample_compiled().document, &sample).unwrap();
    let b = yuebao::export::pdf(&compile(&sample).unwrap().document, &sample).unwrap();
    assert!(a == b, "two renders of the same issue differ");
}

#[test]
fn typst_syntax_in_text_prints_literally() {
    let mut issue = sample();
    issue.sections.truncate(1);
    issue.sections[0].articles.truncate(1);
    let tricky = r"#sys.version $x$ *粗* _斜_ <a> @b // \ [c] {d}";
    issue.sections[0].articles[0].paragraphs = vec![tricky.to_owned()];
    issue.sections[0].articles[0].headline = "#set text(red)".to_owned();
    let compiled = compile(&issue).expect("renders");
    let text: String = inspect::lines(&compiled.document)
        .iter()
        .flatten()
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join("");
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    assert!(squeeze(&text).contains(&squeeze(tricky)), "{text}");
    assert!(squeeze(&text).contains("#settext(red)"), "{text}");
}

#[test]
fn missing_glyph_is_an_error_naming_character_article_and_fonts() {
    let mut issue = sample();
    issue.sections[2].articles[1].paragraphs[0].push('\u{17000}');
    let Err(error) = compile(&issue) else {
        panic!("a missing glyph must fail the render")
    };
    let message = error.to_string();
    assert!(message.contains("U+17000"), "{message}");
    assert!(message.contains("sections[3].articles[2]"), "{message}");
    assert!(message.contains("市委常委会会议"), "{message}");
    assert!(message.contains("FandolFang"), "{message}");
    // And on request only a warning.
    let compiled = yuebao::Compiler::new(yuebao::Layout::default(), fonts(), &issue)
        .compile(&issue, true)
        .expect("allowed");
    assert_eq!(compiled.missing.len(), 1);
}
