//! The front matter of an extracted issue: masthead lines, the two-level
//! table of contents (目录) and the colophon (刊物信息), which in the seed
//! interrupts the TOC.

use super::text::{remove_justification_spaces, split_page_number};
use super::{Line, Warning};
use crate::model::{Colophon, Date};

/// The masthead as found; missing parts stay `None` and are reported.
#[derive(Debug, Default)]
pub(super) struct MastheadLines {
    pub title: Option<String>,
    pub year: Option<u32>,
    pub number: Option<u32>,
    pub total_number: Option<u32>,
    pub editor: Option<String>,
    pub date: Option<Date>,
}

/// One TOC entry: title(s) as printed, and the original page.
#[derive(Debug, Clone)]
pub(super) struct TocEntry {
    /// The title as printed; for a wrap whose second line repeats the last
    /// character of the first (`…会议` / `议召开`), also the title without the
    /// repeat. The body decides which one was meant.
    pub variants: Vec<String>,
    pub page: u32,
    pub line: usize,
}

#[derive(Debug, Clone)]
pub(super) struct TocSection {
    pub title: String,
    pub line: usize,
}

/// Everything before the body.
#[derive(Debug, Default)]
pub(super) struct Front {
    pub masthead: MastheadLines,
    pub sections: Vec<TocSection>,
    pub entries: Vec<TocEntry>,
    pub colophon: ColophonFields,
    /// Index into the lines where the body starts.
    pub body_start: usize,
}

#[derive(Debug, Default)]
pub(super) struct ColophonFields {
    pub fields: Vec<(&'static str, String)>,
}

impl ColophonFields {
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }

    /// The colophon, or the names (Chinese labels) of the required fields
    /// that are missing.
    pub fn build(&self) -> Result<Colophon, Vec<&'static str>> {
        let mut missing = Vec::new();
        let mut required = |name: &'static str| match self.get(name) {
            Some(value) => value.to_owned(),
            None => {
                missing.push(name);
                String::new()
            }
        };
        let colophon = Colophon {
            supervisor: required("主管"),
            sponsor: required("主办"),
            chief_editor: required("主编"),
            deputy_editor: required("副主编"),
            responsible_editor: required("责任编辑"),
            address: required("地址"),
            phone: required("电话"),
            email: required("邮箱"),
            distribution: required("发放范围"),
            permit: self.get("准印证号").map(str::to_owned),
            printer: self.get("印刷单位").map(str::to_owned),
            print_run: self.get("印数").and_then(|v| {
                v.trim_end_matches(['份', '册'])
                    .trim()
                    .parse()
                    .ok()
                    .filter(|&n| n > 0)
            }),
        };
        if missing.is_empty() {
            Ok(colophon)
        } else {
            Err(missing)
        }
    }
}

const COLOPHON_LABELS: [(&str, &str); 14] = [
    ("主管", "主管"),
    ("主办", "主办"),
    ("主编", "主编"),
    ("副主编", "副主编"),
    ("责任编辑", "责任编辑"),
    ("地址", "地址"),
    ("电话", "电话"),
    ("邮箱", "邮箱"),
    ("电子邮箱", "邮箱"),
    ("发放范围", "发放范围"),
    ("发送对象", "发放范围"),
    ("准印证号", "准印证号"),
    ("印刷单位", "印刷单位"),
    ("印数", "印数"),
];

/// A colophon line `主 管：平顶山市人民政府`: the field and its value. The
/// spaces inside the label are justification spacing.
fn colophon_line(text: &str) -> Option<(&'static str, String)> {
    let colon = text.find(['：', ':'])?;
    let label: String = text[..colon]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let (_, field) = COLOPHON_LABELS.iter().find(|(l, _)| *l == label)?;
    let value = text[colon..].trim_start_matches(['：', ':']).trim();
    Some((field, remove_justification_spaces(value)))
}

/// The digits of `text` as numbers, in order (`2023年第09期` → 2023, 9).
fn numbers(text: &str) -> Vec<u32> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty() && s.len() <= 9)
        .filter_map(|s| s.parse().ok())
        .collect()
}

/// Reads one masthead line into `m`; false if the line is no masthead line.
fn masthead_line(m: &mut MastheadLines, text: &str) -> bool {
    let plain = super::text::compact(text);
    let mut known = false;
    if let Some(at) = plain.find("总第")
        && let Some(&n) = numbers(&plain[at..]).first()
    {
        m.total_number = Some(n);
        known = true;
    }
    let before_total = plain.split("总第").next().unwrap_or("");
    if before_total.contains('年') && before_total.contains('期') && before_total.contains('第')
    {
        if let [year, number, ..] = numbers(before_total)[..] {
            m.year = Some(year);
            m.number = Some(number);
            known = true;
        }
    } else if plain.ends_with('日') && plain.contains('年') && plain.contains('月') {
        if let [year, month, day] = numbers(&plain)[..] {
            let date = Date::parse(&format!("{year:04}-{month:02}-{day:02}"));
            if date.is_some() {
                m.date = date;
                return true;
            }
        }
    } else if !known && plain.ends_with('编') && plain.chars().count() <= 30 {
        m.editor = Some(plain);
        known = true;
    }
    known
}

/// Reads the masthead, TOC and colophon from the start of the text.
pub(super) fn read(lines: &[Line], warnings: &mut Vec<Warning>) -> Front {
    let mut front = Front::default();
    let mut i = 0;
    // Masthead: the title, then number, total number, editor and date lines.
    while i < lines.len() {
        let line = &lines[i];
        i += 1;
        if line.text.trim().is_empty() {
            continue;
        }
        if front.masthead.title.is_none() {
            if line.text.chars().count() <= 30 && colophon_line(&line.text).is_none() {
                front.masthead.title = Some(super::text::compact(&line.text));
                continue;
            }
            i -= 1;
            break;
        }
        if !masthead_line(&mut front.masthead, &line.text) {
            i -= 1;
            break;
        }
    }
    // TOC and colophon, until the body starts.
    let mut pending: Option<(String, usize)> = None;
    let mut last_field: Option<usize> = None;
    while i < lines.len() {
        let line = &lines[i];
        let text = line.text.trim();
        if text.is_empty() {
            i += 1;
            last_field = None;
            continue;
        }
        if let Some((field, value)) = colophon_line(text) {
            if front.colophon.get(field).is_some() {
                warnings.push(Warning::at(
                    line.number,
                    format!("刊物信息“{field}”出现两次，用后者"),
                ));
                front.colophon.fields.retain(|(f, _)| *f != field);
            }
            front.colophon.fields.push((field, value));
            last_field = Some(front.colophon.fields.len() - 1);
            i += 1;
            continue;
        }
        let dashed = text
            .strip_prefix("- ")
            .or_else(|| text.strip_prefix('-'))
            .or_else(|| text.strip_prefix('•'));
        let body = dashed.unwrap_or(text);
        if let Some((title, page)) = split_page_number(body) {
            let title = match pending.take() {
                Some((first, first_line)) if dashed.is_none() => {
                    push_entry(&mut front, wrapped(&first, title), page, first_line);
                    i += 1;
                    continue;
                }
                Some((first, first_line)) => {
                    // The previous entry never got its page number.
                    warnings.push(Warning::at(
                        first_line,
                        format!("目录条目“{first}”没有页码，已略去"),
                    ));
                    title
                }
                None => title,
            };
            push_entry(&mut front, vec![title.to_owned()], page, line.number);
            i += 1;
            continue;
        }
        if dashed.is_some() {
            if let Some((first, first_line)) = pending.take() {
                warnings.push(Warning::at(
                    first_line,
                    format!("目录条目“{first}”没有页码，已略去"),
                ));
            }
            pending = Some((body.trim().to_owned(), line.number));
            i += 1;
            continue;
        }
        if let Some((first, _)) = &mut pending {
            // A title wrapped over more than two lines.
            first.push_str(text);
            i += 1;
            continue;
        }
        // A long line continues a colophon value (发放范围 can wrap) or starts the body.
        let short = text.chars().count() <= 20 && !text.contains(['。', '，', '；']);
        if !short {
            if let Some(field) = last_field {
                front.colophon.fields[field].1.push_str(text);
                i += 1;
                continue;
            }
            break;
        }
        // A section heading; seen before, it is the body's first heading.
        if front.sections.iter().any(|s| s.title == text) {
            break;
        }
        front.sections.push(TocSection {
            title: text.to_owned(),
            line: line.number,
        });
        i += 1;
    }
    if let Some((first, first_line)) = pending {
        warnings.push(Warning::at(
            first_line,
            format!("目录条目“{first}”没有页码，已略去"),
        ));
    }
    front.body_start = i;
    if front.entries.is_empty() {
        // No TOC: what looked like its section headings are the body's.
        if let Some(first) = front.sections.first() {
            front.body_start = lines
                .iter()
                .position(|l| l.number == first.line)
                .unwrap_or(i);
        }
        front.sections.clear();
        warnings.push(Warning::at(
            lines.get(front.body_start).map_or(1, |l| l.number),
            "没有找到目录：栏目按短行、标题按段首第一个空格前的文字判断，原刊页码无从记录，请逐篇核对"
                .to_owned(),
        ));
    }
    front
}

/// The variants of a title wrapped over two lines; if the second line
/// repeats the first's last character, both readings.
fn wrapped(first: &str, second: &str) -> Vec<String> {
    let joined = format!("{first}{second}");
    match (first.chars().last(), second.chars().next()) {
        (Some(a), Some(b)) if a == b => vec![joined, format!("{first}{}", &second[b.len_utf8()..])],
        _ => vec![joined],
    }
}

fn push_entry(front: &mut Front, variants: Vec<String>, page: u32, line: usize) {
    if front.sections.is_empty() {
        front.sections.push(TocSection {
            title: String::new(),
            line,
        });
    }
    front.entries.push(TocEntry {
        variants,
        page,
        line,
    });
}
