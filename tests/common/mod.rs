//! Shared by the integration tests: the sample issue, rendered once per test
//! binary with the shipped fonts only (so results do not depend on the
//! machine), and facts read from the printed original's extracted text.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use yuebao::{Compiled, Compiler, FontOptions, Fonts, Issue, Layout};

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn sample_path() -> PathBuf {
    root().join("samples/2023-09.toml")
}

pub fn sample() -> Issue {
    Issue::load(&sample_path()).expect("the sample issue is valid")
}

pub fn fonts() -> Arc<Fonts> {
    static FONTS: OnceLock<Arc<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            Arc::new(Fonts::discover(&FontOptions::shipped_only()).expect("shipped fonts"))
        })
        .clone()
}

/// Compiles an issue with the default layout and the shipped fonts.
pub fn compile(issue: &Issue) -> Result<Compiled, yuebao::CompileError> {
    Compiler::new(Layout::default(), fonts(), issue).compile(issue, false)
}

/// The sample, compiled once.
pub fn sample_compiled() -> &'static Compiled {
    static DOC: OnceLock<Compiled> = OnceLock::new();
    DOC.get_or_init(|| compile(&sample()).expect("the sample renders"))
}

/// What the typography checker finds on `compiled` (only breaches of
/// `rule`, if given), each as it prints it.
pub fn violations(compiled: &Compiled, rule: Option<yuebao::typography::Rule>) -> Vec<String> {
    yuebao::typography::check(&compiled.document)
        .iter()
        .filter(|v| rule.is_none_or(|rule| v.rule == rule))
        .map(|v| v.to_string())
        .collect()
}

/// The original's page of every article, in TOC order, parsed from the
/// extracted text of the printed issue (`- title (N)` or `title<TAB>(N)`).
pub fn original_toc_pages() -> Vec<usize> {
    let seed = std::fs::read_to_string(root().join("tests/fixtures/seed-2023-09.txt")).unwrap();
    let mut pages = Vec::new();
    for line in seed.lines() {
        let line = line.trim_end();
        // The colophon's 发放范围 is long; the first other long line is body text.
        if line.chars().count() > 60 && !line.starts_with("发放范围") {
            break;
        }
        let Some(open) = line.rfind('(') else {
            continue;
        };
        let number = line[open + 1..].trim_end_matches(')');
        if line.ends_with(')')
            && let Ok(n) = number.parse::<usize>()
        {
            pages.push(n);
        }
    }
    pages
}

/// Text without the spaces and word joiners that extraction or layout put in.
pub fn normalise(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{2060}')
        .collect()
}

/// A page break of the printed original inside a sentence: the page it
/// begins, and the text on either side of it.
#[derive(Debug)]
pub struct OriginalBreak {
    pub page: usize,
    pub before: String,
    pub after: String,
}

/// The original's page breaks inside sentences. In the extracted text a blank
/// line after a paragraph that does not end a sentence is a page break (a
/// headline standing alone on its line is not). Its page is the TOC page of
/// the article it falls in, plus the breaks before it in that article.
pub fn original_breaks(sample: &Issue) -> Vec<OriginalBreak> {
    let seed = std::fs::read_to_string(root().join("tests/fixtures/seed-2023-09.txt")).unwrap();
    let pages = original_toc_pages();
    let first_section = &sample.sections[0].title;
    let headlines: Vec<String> = sample
        .articles()
        .map(|(_, a)| normalise(&a.headline))
        .collect();
    let sections: Vec<String> = sample
        .sections
        .iter()
        .map(|s| normalise(&s.title))
        .collect();
    // The body begins where the first section's title stands a second time.
    let paragraphs: Vec<String> = seed
        .lines()
        .skip_while(|l| l.trim() != first_section)
        .skip(1)
        .skip_while(|l| l.trim() != first_section)
        .map(normalise)
        .filter(|l| !l.is_empty())
        .collect();
    let prefix = |s: &str| s.chars().take(8).collect::<String>();
    let (mut article, mut in_article) = (None::<usize>, 0);
    let mut breaks = Vec::new();
    for (i, p) in paragraphs.iter().enumerate() {
        let next = article.map_or(0, |a| a + 1);
        if headlines
            .get(next)
            .is_some_and(|h| p.starts_with(&prefix(h)))
        {
            article = Some(next);
            in_article = 0;
        }
        let ends_sentence = p.ends_with(['。', '！', '？', '”', '）', '》', '」', '；', '：']);
        let is_heading = sections.contains(p) || headlines.contains(p);
        if ends_sentence || is_heading || i + 1 == paragraphs.len() {
            continue;
        }
        let Some(a) = article else { continue };
        in_article += 1;
        let tail: Vec<char> = p.chars().collect();
        breaks.push(OriginalBreak {
            page: pages[a] + in_article,
            before: tail[tail.len().saturating_sub(8)..].iter().collect(),
            after: paragraphs[i + 1].chars().take(12).collect(),
        });
    }
    breaks
}
