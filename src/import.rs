//! `yuebao import`: an issue file from the text extracted from a printed
//! back issue (the archive exists only as PDFs).
//!
//! The text has, in order: the masthead lines, the two-level table of
//! contents (`- title (N)` or `title<TAB>(N)`, titles wrapped over lines),
//! the colophon wherever it sits, then the body: section headings, articles
//! with a run-in headline (headline, one space, text) and headline-less
//! continuation paragraphs, every fragment on its own line.
//!
//! What is certain is done silently; everything guessed or not placed is a
//! [`Warning`] with the line of the text it concerns, for an editor to
//! check against the printed original. The result always passes
//! [`Issue::parse`]; if it cannot, the import fails with an [`ImportError`].
//! Any input — empty, binary, in another encoding — gives one or the
//! other, never a panic.

mod body;
mod decode;
mod front;
mod text;

use std::fmt;

use crate::model::{Article, Format, Issue, Masthead, Problem, Section};

/// Choices of the importer.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Keep the spaces between digits and Chinese characters (`9月 16 日`);
    /// by default they are removed (and reported).
    pub keep_spaces: bool,
}

/// Something the importer guessed or could not place, at a line of the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    /// 1-based line in the imported text.
    pub line: usize,
    /// What was guessed or left out, in Chinese.
    pub message: String,
}

impl Warning {
    fn at(line: usize, message: String) -> Warning {
        Warning { line, message }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.line, self.message)
    }
}

/// An imported issue, with what the editor should check.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The issue; always valid.
    pub issue: Issue,
    /// In line order.
    pub warnings: Vec<Warning>,
    /// The encoding the text was read in, e.g. `GB18030`.
    pub encoding: &'static str,
}

/// Why a text could not be imported.
#[derive(Debug, Clone, PartialEq)]
pub enum ImportError {
    /// Nothing but whitespace.
    Empty,
    /// Control characters: not a text file (a PDF, an image, …).
    Binary { encoding: &'static str },
    /// Parts of the masthead or colophon, or the whole body, are missing.
    Missing(Vec<String>),
    /// The assembled issue broke a rule of the model (a bug of the importer
    /// or a very odd text); the problems, for a report.
    Invalid(Vec<Problem>),
}

impl std::error::Error for ImportError {}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Empty => write!(f, "文本为空，没有可导入的内容"),
            ImportError::Binary { encoding } => write!(
                f,
                "这不是文本文件（按 {encoding} 解读后含大量控制字符）；请先从 PDF 中提取文字，例如 pdftotext"
            ),
            ImportError::Missing(parts) => {
                write!(f, "文本中找不到：{}", parts.join("、"))
            }
            ImportError::Invalid(problems) => {
                write!(f, "导入结果不是有效的期刊文件：")?;
                for p in problems {
                    write!(f, "\n  ")?;
                    if let Some(field) = &p.field {
                        write!(f, "{field} ")?;
                    }
                    write!(f, "{}", p.message)?;
                }
                Ok(())
            }
        }
    }
}

/// One line of the text, with its 1-based number.
#[derive(Debug)]
struct Line {
    number: usize,
    text: String,
}

/// Imports the bytes of an extracted text, detecting its encoding (UTF-8,
/// UTF-16 with or without BOM, else GB18030).
pub fn import_bytes(bytes: &[u8], options: Options) -> Result<Imported, ImportError> {
    let (text, encoding) = decode::decode(bytes);
    let controls = text
        .chars()
        .filter(|&c| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}'))
        .count();
    if controls > 0 && controls * 100 >= text.chars().count() {
        return Err(ImportError::Binary { encoding });
    }
    let mut imported = import_text(&text, options)?;
    imported.encoding = encoding;
    Ok(imported)
}

/// Imports an extracted text.
pub fn import_text(text: &str, options: Options) -> Result<Imported, ImportError> {
    if text.trim().is_empty() {
        return Err(ImportError::Empty);
    }
    let lines: Vec<Line> = text
        .split('\n')
        .enumerate()
        .map(|(i, l)| Line {
            number: i + 1,
            // A form feed is a page break: a blank line, like the seed's.
            text: l
                .trim_end_matches(['\r', ' ', '\u{c}'])
                .replace(['\u{c}', '\u{a0}'], " ")
                .chars()
                .filter(|c| !c.is_control() || *c == '\t')
                .collect(),
        })
        .collect();
    let mut warnings = Vec::new();
    let front = front::read(&lines, &mut warnings);
    let sections = body::read(&lines, &front, options.keep_spaces, &mut warnings);
    let issue = assemble(&front, sections, &mut warnings)?;
    // Round trip through the issue file's own reader: what we write loads.
    let issue = Issue::parse(&to_toml(&issue), Format::Toml).map_err(ImportError::Invalid)?;
    warnings.sort_by_key(|w| w.line);
    Ok(Imported {
        issue,
        warnings,
        encoding: "UTF-8",
    })
}

fn assemble(
    front: &front::Front,
    sections: Vec<body::BodySection>,
    warnings: &mut Vec<Warning>,
) -> Result<Issue, ImportError> {
    let mut missing = Vec::new();
    let m = &front.masthead;
    let mut need = |value: bool, what: &str| {
        if !value {
            missing.push(what.to_owned());
        }
    };
    need(m.title.is_some(), "刊名（第一行）");
    need(
        m.year.is_some() && m.number.is_some(),
        "期号（如“2023年第09期”）",
    );
    need(m.total_number.is_some(), "总期号（如“(总第213期)”）");
    need(
        m.editor.is_some(),
        "编印单位（如“平顶山市地方史志办公室编”）",
    );
    need(m.date.is_some(), "出版日期（如“2023年10月7日”）");
    let colophon = match front.colophon.build() {
        Ok(colophon) => Some(colophon),
        Err(fields) => {
            missing.extend(fields.iter().map(|f| format!("刊物信息“{f}：”")));
            None
        }
    };

    for toc in &front.sections {
        if !toc.title.is_empty()
            && !sections
                .iter()
                .any(|s| s.title == text::compact(&toc.title))
        {
            warnings.push(Warning::at(
                toc.line,
                format!("目录中的栏目“{}”在正文中没有栏目标题", toc.title),
            ));
        }
    }
    let mut used = vec![false; front.entries.len()];
    let mut out_sections = Vec::new();
    for section in sections {
        let mut articles = Vec::new();
        for article in section.articles {
            let entry = article.entry.map(|k| &front.entries[k]);
            if let Some(k) = article.entry {
                used[k] = true;
            }
            if article.paragraphs.is_empty() {
                warnings.push(Warning::at(
                    article.line,
                    format!("“{}”只有标题，没有正文，已略去", article.headline),
                ));
                continue;
            }
            let toc_title = entry.and_then(|e| toc_title(&article.headline, e, warnings));
            // A page 0 is an extraction slip; it is only provenance, so it is left
            // out rather than failing the import on the model's rule.
            let original_page = entry.map(|e| e.page).filter(|&page| page > 0);
            if let Some(e) = entry.filter(|e| e.page == 0) {
                warnings.push(Warning::at(
                    e.line,
                    format!("目录条目“{}”的页码为 0，不记原刊页码", e.variants[0]),
                ));
            }
            articles.push(Article {
                headline: article.headline,
                toc_title,
                original_page,
                paragraphs: article.paragraphs.into_iter().map(|p| p.text).collect(),
            });
        }
        if articles.is_empty() {
            warnings.push(Warning::at(
                section.line,
                format!("栏目“{}”下没有文章，已略去", section.title),
            ));
            continue;
        }
        out_sections.push(Section {
            title: section.title,
            articles,
        });
    }
    for (entry, used) in front.entries.iter().zip(used) {
        if !used {
            warnings.push(Warning::at(
                entry.line,
                format!(
                    "目录条目“{}”（原第{}页）在正文中找不到",
                    entry.variants[0], entry.page
                ),
            ));
        }
    }
    if out_sections.is_empty() {
        missing.push("正文（目录之后没有可识别的文章）".to_owned());
    }
    let (Some(colophon), true) = (colophon, missing.is_empty()) else {
        return Err(ImportError::Missing(missing));
    };
    Ok(Issue {
        masthead: Masthead {
            title: m.title.clone().unwrap_or_default(),
            year: m.year.unwrap_or_default(),
            number: m.number.unwrap_or_default(),
            total_number: m.total_number.unwrap_or_default(),
            editor: m.editor.clone().unwrap_or_default(),
            date: m.date.expect("checked above"),
        },
        colophon,
        sections: out_sections,
        layout: None,
    })
}

/// The TOC's wording if it genuinely differs from the body's headline: not
/// only by spaces, and not only by a wrap that repeated a character.
fn toc_title(
    headline: &str,
    entry: &front::TocEntry,
    warnings: &mut Vec<Warning>,
) -> Option<String> {
    let plain = text::compact(headline);
    let variants: Vec<String> = entry
        .variants
        .iter()
        .map(|v| text::remove_digit_spaces(v).0)
        .collect();
    if let Some(i) = variants.iter().position(|v| text::compact(v) == plain) {
        if i > 0 {
            warnings.push(Warning::at(
                entry.line,
                format!(
                    "目录标题折行处重复了一个字（“{}”），按正文作“{headline}”",
                    entry.variants[0]
                ),
            ));
        }
        return None;
    }
    let title = variants[0].clone();
    warnings.push(Warning::at(
        entry.line,
        format!(
            "目录标题“{title}”与正文标题“{headline}”不同：正文措辞作标题，目录措辞存为 toc_title"
        ),
    ));
    Some(title)
}

/// The issue as a readable TOML issue file: masthead, colophon, then
/// `[[sections]]` with their `[[sections.articles]]`, one paragraph a line.
pub fn to_toml(issue: &Issue) -> String {
    toml::to_string_pretty(issue).expect("an issue always serialises")
}
