//! The issue model: what an editor writes for one issue of a bulletin.
//!
//! An issue file is read from TOML (for people) or JSON (for machines), chosen by the file's
//! extension, and validated as a whole before anything is laid out. A value of [`Issue`] that
//! leaves [`Issue::load`] or [`Issue::parse`] is always valid: required fields are present and
//! not blank, numbers are positive, the date exists, no section, article or paragraph is empty.
//! The layout can therefore trust every field it receives.
//!
//! This module knows nothing of Typst: it only describes and checks the content.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::Layout;
use crate::locate;

pub mod layout;
mod role;
pub use layout::LayoutParams;
pub use role::Role;

/// One issue (一期) of a bulletin: masthead, colophon and the body in sections.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Issue {
    pub masthead: Masthead,
    pub colophon: Colophon,
    pub sections: Vec<Section>,
    /// Layout parameters this issue overrides (`[layout]`); see [`layout`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<LayoutParams>,
}

/// The masthead (红头) on the first page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Masthead {
    /// Name of the publication, e.g. 平顶山月报.
    pub title: String,
    /// Year of the issue.
    pub year: u32,
    /// Issue number within the year (期).
    pub number: u32,
    /// Running number since the first issue (总第…期).
    pub total_number: u32,
    /// Editing body line, e.g. 平顶山市地方史志办公室编.
    pub editor: String,
    /// Publication date.
    pub date: Date,
}

/// The colophon (版权页 / 刊物信息). The last three fields are what the
/// 《内部资料性出版物管理办法》 asks for; they are printed when given.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Colophon {
    /// 主管
    pub supervisor: String,
    /// 主办
    pub sponsor: String,
    /// 主编
    pub chief_editor: String,
    /// 副主编
    pub deputy_editor: String,
    /// 责任编辑
    pub responsible_editor: String,
    /// 地址
    pub address: String,
    /// 电话
    pub phone: String,
    /// 邮箱
    pub email: String,
    /// 发放范围 (also the 发送对象 of the regulations).
    pub distribution: String,
    /// 准印证号
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub permit: Option<String>,
    /// 印刷单位
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub printer: Option<String>,
    /// 印数 (copies printed)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub print_run: Option<u32>,
}

/// A section (栏目) of the body, e.g. 时政要闻.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub title: String,
    pub articles: Vec<Article>,
}

/// One article: a headline run in at the start of its first paragraph, then
/// headline-less continuation paragraphs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Article {
    pub headline: String,
    /// A shorter or differently worded title for the table of contents.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toc_title: Option<String>,
    /// The page the article started on in the printed original (from its
    /// table of contents), kept by `yuebao import` so that a re-render can be
    /// checked against the original. Provenance only: layouts ignore it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub original_page: Option<u32>,
    pub paragraphs: Vec<String>,
}

impl Article {
    /// The title the table of contents shows.
    pub fn toc_title(&self) -> &str {
        self.toc_title.as_deref().unwrap_or(&self.headline)
    }
}

/// A calendar date, written `YYYY-MM-DD` in issue files.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// Parses `YYYY-MM-DD` and checks that the day exists.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.trim().splitn(3, '-');
        let mut next = |len: usize| {
            let part = parts.next()?;
            (part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))
                .then(|| part.parse::<u32>().ok())
                .flatten()
        };
        let (year, month, day) = (next(4)?, next(2)?, next(2)?);
        let date = Date { year, month, day };
        (year >= 1 && (1..=12).contains(&month) && day >= 1 && day <= date.days_in_month())
            .then_some(date)
    }

    fn days_in_month(&self) -> u32 {
        match self.month {
            2 if self.year.is_multiple_of(4)
                && (!self.year.is_multiple_of(100) || self.year.is_multiple_of(400)) =>
            {
                29
            }
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "日期 “{text}” 无效，应写作 YYYY-MM-DD，例如 2023-10-07"
            ))
        })
    }
}

/// The format of an issue file, chosen by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Toml,
    Json,
}

impl Format {
    /// The format for a path, from its extension (`.toml` or `.json`).
    pub fn of(path: &Path) -> Option<Format> {
        match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
            "toml" => Some(Format::Toml),
            "json" => Some(Format::Json),
            _ => None,
        }
    }
}

/// One problem found in an issue file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Line and column (1-based), where the problem can be located.
    pub position: Option<(usize, usize)>,
    /// The field, as a path like `sections[3].articles[2].headline` (1-based indices).
    pub field: Option<String>,
    /// What is wrong, in Chinese.
    pub message: String,
}

/// Why an issue file could not be read.
#[derive(Debug)]
pub enum ModelError {
    /// The file could not be read at all.
    Io {
        path: PathBuf,
        error: std::io::Error,
    },
    /// The extension names no known format.
    UnknownFormat { path: PathBuf },
    /// The file was read but is not a valid issue: every problem found.
    Invalid {
        path: PathBuf,
        problems: Vec<Problem>,
    },
}

impl std::error::Error for ModelError {}

impl fmt::Display for ModelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ModelError::Io { path, error } => {
                write!(f, "{}: 无法读取文件: {error}", path.display())
            }
            ModelError::UnknownFormat { path } => write!(
                f,
                "{}: 无法识别的文件格式，期刊文件应以 .toml 或 .json 结尾",
                path.display()
            ),
            ModelError::Invalid { path, problems } => {
                for (i, p) in problems.iter().enumerate() {
                    if i > 0 {
                        writeln!(f)?;
                    }
                    write!(f, "{}", path.display())?;
                    if let Some((line, col)) = p.position {
                        write!(f, ":{line}:{col}")?;
                    }
                    write!(f, ": ")?;
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

impl Issue {
    /// Reads and validates an issue file for the default layout; the format
    /// follows the extension.
    pub fn load(path: &Path) -> Result<Issue, ModelError> {
        Issue::load_for(path, Layout::default())
    }

    /// Reads and validates an issue file for `layout`: its `[layout]`
    /// overrides must fit that layout's grid.
    pub fn load_for(path: &Path, layout: Layout) -> Result<Issue, ModelError> {
        let format = Format::of(path).ok_or_else(|| ModelError::UnknownFormat {
            path: path.to_owned(),
        })?;
        let text = std::fs::read_to_string(path).map_err(|error| ModelError::Io {
            path: path.to_owned(),
            error,
        })?;
        Issue::parse_for(&text, format, layout).map_err(|problems| ModelError::Invalid {
            path: path.to_owned(),
            problems,
        })
    }

    /// Parses and validates the text of an issue file for the default layout.
    pub fn parse(text: &str, format: Format) -> Result<Issue, Vec<Problem>> {
        Issue::parse_for(text, format, Layout::default())
    }

    /// Parses and validates the text of an issue file for `layout`.
    pub fn parse_for(text: &str, format: Format, layout: Layout) -> Result<Issue, Vec<Problem>> {
        let mut issue: Issue = match format {
            Format::Toml => toml::from_str(text).map_err(|e| {
                let position = e.span().map(|span| locate::line_column(text, span.start));
                vec![Problem {
                    position,
                    field: None,
                    message: in_chinese(e.message().trim(), "TOML"),
                }]
            })?,
            Format::Json => serde_json::from_str(text).map_err(|e| {
                vec![Problem {
                    position: (e.line() > 0).then(|| (e.line(), e.column())),
                    field: None,
                    message: in_chinese(&strip_json_position(&e.to_string()), "JSON"),
                }]
            })?,
        };
        issue.normalize();
        let mut problems = issue.problems(layout);
        for problem in &mut problems {
            if let Some(field) = &problem.field {
                problem.position = match format {
                    Format::Toml => locate::toml_field(text, field),
                    Format::Json => locate::json_field(text, field),
                };
            }
        }
        if problems.is_empty() {
            Ok(issue)
        } else {
            Err(problems)
        }
    }

    /// Serialises the issue as JSON (the machine form of an issue file).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("an issue always serialises")
    }

    /// The checked `[layout]` overrides: what the layout reads as
    /// `data.layout` (empty without `[layout]`).
    pub fn layout_overrides(&self) -> layout::Resolved {
        self.layout
            .as_ref()
            .and_then(|l| l.resolve().ok())
            .unwrap_or_default()
    }

    /// All articles in reading order, with their section.
    pub fn articles(&self) -> impl Iterator<Item = (&Section, &Article)> {
        self.sections
            .iter()
            .flat_map(|s| s.articles.iter().map(move |a| (s, a)))
    }

    /// Joins lines inside a paragraph: in Chinese text a line break is no
    /// space (a newline would print as a visible space, typst#792).
    fn normalize(&mut self) {
        let articles = self.sections.iter_mut().flat_map(|s| s.articles.iter_mut());
        for paragraph in articles.flat_map(|a| a.paragraphs.iter_mut()) {
            if paragraph.contains('\n') {
                *paragraph = join_lines(paragraph);
            }
        }
    }

    /// Every rule the issue breaks, with the field it concerns; `[layout]`
    /// is checked against `layout`'s own grid.
    fn problems(&self, layout: Layout) -> Vec<Problem> {
        let mut out = Vec::new();
        let mut zero = Vec::new();
        let mut blank = |field: String, value: &str| {
            if value.trim().is_empty() {
                out.push(problem(field, "为空"));
            }
        };
        let m = &self.masthead;
        blank("masthead.title".into(), &m.title);
        blank("masthead.editor".into(), &m.editor);
        let c = &self.colophon;
        for (name, value) in [
            ("supervisor", &c.supervisor),
            ("sponsor", &c.sponsor),
            ("chief_editor", &c.chief_editor),
            ("deputy_editor", &c.deputy_editor),
            ("responsible_editor", &c.responsible_editor),
            ("address", &c.address),
            ("phone", &c.phone),
            ("email", &c.email),
            ("distribution", &c.distribution),
        ] {
            blank(format!("colophon.{name}"), value);
        }
        for (name, value) in [("permit", &c.permit), ("printer", &c.printer)] {
            if let Some(value) = value {
                blank(format!("colophon.{name}"), value);
            }
        }
        for (i, section) in self.sections.iter().enumerate() {
            let at = format!("sections[{}]", i + 1);
            blank(format!("{at}.title"), &section.title);
            for (j, article) in section.articles.iter().enumerate() {
                let at = format!("{at}.articles[{}]", j + 1);
                blank(format!("{at}.headline"), &article.headline);
                if let Some(title) = &article.toc_title {
                    blank(format!("{at}.toc_title"), title);
                }
                if article.original_page == Some(0) {
                    zero.push(format!("{at}.original_page"));
                }
                for (k, paragraph) in article.paragraphs.iter().enumerate() {
                    blank(format!("{at}.paragraphs[{}]", k + 1), paragraph);
                }
            }
        }
        for (field, value) in [
            ("masthead.year", m.year),
            ("masthead.number", m.number),
            ("masthead.total_number", m.total_number),
        ] {
            if value == 0 {
                out.push(problem(field.into(), "必须为正整数"));
            }
        }
        for field in zero {
            out.push(problem(field, "必须为正整数"));
        }
        if c.print_run == Some(0) {
            out.push(problem("colophon.print_run".into(), "必须为正整数"));
        }
        if m.number > 0 && m.total_number > 0 && m.number > m.total_number {
            out.push(problem(
                "masthead.total_number".into(),
                &format!(
                    "（总第{}期）小于当年期号（第{}期）",
                    m.total_number, m.number
                ),
            ));
        }
        if self.sections.is_empty() {
            out.push(problem("sections".into(), "没有任何栏目"));
        }
        for (i, section) in self.sections.iter().enumerate() {
            if section.articles.is_empty() {
                out.push(problem(
                    format!("sections[{}].articles", i + 1),
                    "栏目中没有文章",
                ));
            }
            for (j, article) in section.articles.iter().enumerate() {
                if article.paragraphs.is_empty() {
                    let field = format!("sections[{}].articles[{}].paragraphs", i + 1, j + 1);
                    out.push(problem(field, "文章没有正文段落"));
                }
            }
        }
        if let Some(params) = &self.layout {
            match params.resolve() {
                Ok(resolved) => out.extend(params.fit_problems(&resolved, &layout)),
                Err(problems) => out.extend(problems),
            }
        }
        out
    }
}

fn problem(field: String, message: &str) -> Problem {
    Problem {
        position: None,
        field: Some(field),
        message: message.to_owned(),
    }
}

/// Joins the lines of a paragraph written over several lines: no space
/// between Chinese characters, one space between two Latin words.
fn join_lines(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        if latin(out.chars().last()) && latin(line.chars().next()) {
            out.push(' ');
        }
        out.push_str(line);
    }
    out
}

/// A parser's message for an editor: serde's messages about the shape of
/// the data in Chinese (a wrong type, a missing or unknown field), syntax
/// errors of `syntax` (TOML, JSON) marked as such with the parser's own
/// words, and our own messages (already Chinese) as they are.
fn in_chinese(message: &str, syntax: &str) -> String {
    if let Some(field) = between(message, "missing field `", "`") {
        return format!("缺少必填字段 `{field}`");
    }
    if let Some(field) = between(message, "duplicate field `", "`") {
        return format!("字段 `{field}` 写了两次");
    }
    for (prefix, what) in [("unknown field `", "字段"), ("unknown variant `", "取值")] {
        if let Some(name) = between(message, prefix, "`") {
            let allowed: Vec<&str> = message
                .split_once(", expected ")
                .map(|(_, rest)| rest.trim_start_matches("one of "))
                .map(|rest| rest.split(", ").collect())
                .unwrap_or_default();
            return if allowed.is_empty() {
                format!("未知{what} `{name}`，这里不能有{what}")
            } else {
                format!("未知{what} `{name}`，可用的{what}有 {}", allowed.join("、"))
            };
        }
    }
    for (prefix, what) in [
        ("invalid type: ", "类型不对"),
        ("invalid value: ", "值不对"),
    ] {
        if let Some((found, expected)) = message
            .strip_prefix(prefix)
            .and_then(|rest| rest.split_once(", expected "))
        {
            return format!(
                "{what}：这里应写{}，写的是{}",
                expected_in_chinese(expected),
                found_in_chinese(found)
            );
        }
    }
    if message.is_ascii() {
        format!("{syntax} 语法错误：{message}")
    } else {
        message.to_owned()
    }
}

/// The text between `start` (at the beginning of `message`) and the next
/// `end`.
fn between<'a>(message: &'a str, start: &str, end: &str) -> Option<&'a str> {
    let rest = message.strip_prefix(start)?;
    Some(&rest[..rest.find(end)?])
}

/// What serde expected (a visitor's `expecting`), in Chinese.
fn expected_in_chinese(expected: &str) -> String {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" => "非负整数（不加引号）".into(),
        "i8" | "i16" | "i32" | "i64" | "isize" => "整数（不加引号）".into(),
        "f32" | "f64" => "数（不加引号）".into(),
        "a string" | "a borrowed string" | "string" => "字符串（加引号）".into(),
        "a boolean" => "true 或 false".into(),
        "a sequence" => "数组 [ … ]".into(),
        "a map" => "表".into(),
        "a character" => "单个字符".into(),
        _ if expected.starts_with("struct ") => "表".into(),
        _ => expected.to_owned(),
    }
}

/// What serde found instead (its `Unexpected`), in Chinese.
fn found_in_chinese(found: &str) -> String {
    let value = |prefix: &str| {
        found
            .strip_prefix(prefix)
            .map(|v| v.trim_matches('`').to_owned())
    };
    if let Some(v) = value("string ") {
        format!("字符串 {v}")
    } else if let Some(v) = value("integer ") {
        format!("整数 {v}")
    } else if let Some(v) = value("floating point ") {
        format!("数 {v}")
    } else if let Some(v) = value("boolean ") {
        v
    } else if let Some(v) = value("character ") {
        format!("字符 {v}")
    } else {
        match found {
            "sequence" => "数组".into(),
            "map" => "表".into(),
            _ => found.to_owned(),
        }
    }
}

/// serde_json appends " at line L column C" to its messages; we print the
/// position in front instead.
fn strip_json_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_must_exist() {
        assert_eq!(
            Date::parse("2023-10-07"),
            Some(Date {
                year: 2023,
                month: 10,
                day: 7
            })
        );
        assert!(Date::parse("2023-02-29").is_none());
        assert!(Date::parse("2024-02-29").is_some());
        assert!(Date::parse("2023-13-01").is_none());
        assert!(Date::parse("2023-1-01").is_none());
        assert!(Date::parse("二〇二三年").is_none());
    }

    #[test]
    fn lines_inside_a_paragraph_join_without_space() {
        assert_eq!(
            join_lines("9月8日，全市\n  学习贯彻"),
            "9月8日，全市学习贯彻"
        );
        assert_eq!(join_lines("Typst\nWorld"), "Typst World");
    }
}
