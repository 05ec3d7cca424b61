//! Layout parameters an issue file may override (`[layout]`).
//!
//! These are the values users vary between publications — paper, margins, the character grid,
//! type sizes, fonts per role, the red, and which front-matter parts exist. They are named here,
//! in one place, and documented in the README (“版式参数”). Everything left out keeps the
//! layout's own value (its [`Geometry`] and [`LayoutGrid`] in `src/layouts.rs`; the rest in
//! `layouts/lib/style.typ`), so an issue without `[layout]` renders exactly as before.
//!
//! Lengths are written as editors write them, `"37mm"`, `"16pt"`, `"1.5cm"`, or as Chinese
//! point sizes (`"三号"`, `"小四"`); they are checked here, with the field they came from, so
//! the layout receives only numbers that fit together.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Problem, Role};
use crate::layouts::{Geometry, Grid as LayoutGrid, Layout, PT_PER_MM};

/// The `[layout]` table of an issue file, as written.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayoutParams {
    /// Paper: `"A4"`, `"A5"`, `"B5"`, `"16K"`, or `"185mm × 260mm"` (width × height).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub paper: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub margins: Option<Margins>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grid: Option<Grid>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sizes: Option<Sizes>,
    /// Per role (`title`, `body`, `heading`, `kai`), family names tried before the built-in
    /// candidates; names no installed font has are skipped.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fonts: BTreeMap<String, Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colours: Option<Colours>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub front_matter: Option<FrontMatter>,
}

/// Margins (天头, 地脚, 订口, 翻口). The type area is what they leave of the paper.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Margins {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub top: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bottom: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inside: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outside: Option<String>,
}

/// The character grid of the body (GB/T 9704-2012 §5.2.3: 28 × 22).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grid {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub chars_per_line: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lines_per_page: Option<u32>,
}

/// Type sizes: body, the masthead's publication name, the folio.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sizes {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub folio: Option<String>,
}

/// Colours. Only the red: black is always K100 (see `profile`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Colours {
    /// The red of the masthead and its rule as CMYK percentages, e.g. `[0, 80, 80, 0]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub red: Option<Vec<u32>>,
}

/// Which front-matter parts exist; all do unless switched off.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub masthead: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub toc: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub colophon: Option<bool>,
}

/// A grid may be set this much tighter than its nominal width (Word's
/// document grid sets 28 × 3号 = 158 mm into 156 mm, about 1 % tight).
const GRID_TOLERANCE: f64 = 0.10;

/// What the layout reads as `data.layout`: only the values the issue gives,
/// sizes in points, checked. Absent keys keep the layout's own values. The
/// paper and margins reach the layout merged with its own
/// ([`Resolved::geometry`]).
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Resolved {
    /// Width and height in millimetres.
    #[serde(skip)]
    pub paper: Option<(f64, f64)>,
    /// Top, bottom, inside, outside, in millimetres.
    #[serde(skip)]
    pub margins: [Option<f64>; 4],
    #[serde(skip_serializing_if = "Option::is_none")]
    pub chars_per_line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lines_per_page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body_size: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub masthead_size: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub folio_size: Option<f64>,
    /// CMYK percentages and the RGB the screen and archive get.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub red_cmyk: Option<[u32; 4]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub red_rgb: Option<[u8; 3]>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub masthead: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub toc: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub colophon: Option<bool>,
}

impl Resolved {
    /// Whether the issue gives the paper or any margin.
    pub fn geometry_given(&self) -> bool {
        self.paper.is_some() || self.margins.iter().any(Option::is_some)
    }

    /// The layout's own paper and margins, with what the issue gives instead.
    pub fn geometry(&self, own: Geometry) -> Geometry {
        let (paper_width, paper_height) = self.paper.unwrap_or((own.paper_width, own.paper_height));
        let [top, bottom, inside, outside] = self.margins;
        Geometry {
            paper_width,
            paper_height,
            margin_top: top.unwrap_or(own.margin_top),
            margin_bottom: bottom.unwrap_or(own.margin_bottom),
            margin_inside: inside.unwrap_or(own.margin_inside),
            margin_outside: outside.unwrap_or(own.margin_outside),
        }
    }
}

/// Chinese point sizes (字号), in points.
const CHINESE_SIZES: &[(&str, f64)] = &[
    ("初号", 42.0),
    ("小初", 36.0),
    ("一号", 26.0),
    ("小一", 24.0),
    ("二号", 22.0),
    ("小二", 18.0),
    ("三号", 16.0),
    ("小三", 15.0),
    ("四号", 14.0),
    ("小四", 12.0),
    ("五号", 10.5),
    ("小五", 9.0),
];

/// Named paper sizes, width × height in millimetres.
const PAPERS: &[(&str, f64, f64)] = &[
    ("A3", 297.0, 420.0),
    ("A4", 210.0, 297.0),
    ("A5", 148.0, 210.0),
    ("B5", 176.0, 250.0),
    ("16K", 185.0, 260.0),
];

/// Parses `"37mm"`, `"16pt"`, `"1.5cm"`, `"0.5in"` or a Chinese point size
/// into points; `None` for anything else, zero or negative.
pub fn parse_length(text: &str) -> Option<f64> {
    parse_quantity(text).map(|(value, unit)| value * unit.points())
}

/// [`parse_length`] in millimetres, exact for lengths written in them.
pub fn parse_length_mm(text: &str) -> Option<f64> {
    parse_quantity(text).map(|(value, unit)| match unit {
        Unit::Mm => value,
        Unit::Cm => 10.0 * value,
        Unit::Pt | Unit::In => value * unit.points() / PT_PER_MM,
    })
}

/// The units a length may be written in.
#[derive(Clone, Copy)]
enum Unit {
    Pt,
    Mm,
    Cm,
    In,
}

impl Unit {
    fn points(self) -> f64 {
        match self {
            Unit::Pt => 1.0,
            Unit::Mm => PT_PER_MM,
            Unit::Cm => 10.0 * PT_PER_MM,
            Unit::In => 72.0,
        }
    }
}

/// A positive length as written: its number and unit (a Chinese point size
/// in points).
fn parse_quantity(text: &str) -> Option<(f64, Unit)> {
    let text = text.trim();
    if let Some((_, pt)) = CHINESE_SIZES.iter().find(|(name, _)| *name == text) {
        return Some((*pt, Unit::Pt));
    }
    let split = text.find(|c: char| c.is_ascii_alphabetic())?;
    let (number, unit) = text.split_at(split);
    let value: f64 = number.trim().parse().ok()?;
    let unit = match unit.to_ascii_lowercase().as_str() {
        "pt" => Unit::Pt,
        "mm" => Unit::Mm,
        "cm" => Unit::Cm,
        "in" => Unit::In,
        _ => return None,
    };
    (value.is_finite() && value > 0.0).then_some((value, unit))
}

/// Parses a paper name or `"W × H"` (also `x`, `*`) into millimetres.
pub fn parse_paper(text: &str) -> Option<(f64, f64)> {
    let text = text.trim();
    if let Some((_, w, h)) = PAPERS.iter().find(|(n, _, _)| n.eq_ignore_ascii_case(text)) {
        return Some((*w, *h));
    }
    let (w, h) = text.split_once(['×', 'x', 'X', '*'])?;
    Some((parse_length_mm(w)?, parse_length_mm(h)?))
}

fn problem(field: &str, message: String) -> Problem {
    Problem {
        position: None,
        field: Some(format!("layout.{field}")),
        message,
    }
}

impl LayoutParams {
    /// The checked values for the layout, or every problem, with fields as
    /// paths like `layout.grid.chars_per_line`.
    pub fn resolve(&self) -> Result<Resolved, Vec<Problem>> {
        let mut problems = Vec::new();
        // Sizes in points, margins in millimetres.
        let mut length = |field: &str, value: &Option<String>, mm: bool| -> Option<f64> {
            let text = value.as_ref()?;
            let parsed = if mm {
                parse_length_mm(text)
            } else {
                parse_length(text)
            };
            if parsed.is_none() {
                problems.push(problem(
                    field,
                    format!("“{text}” 不是有效的长度；应写作如 \"37mm\"、\"16pt\"、\"1.5cm\" 或字号 \"三号\""),
                ));
            }
            parsed
        };
        let margins = self.margins.clone().unwrap_or_default();
        let margins = [
            length("margins.top", &margins.top, true),
            length("margins.bottom", &margins.bottom, true),
            length("margins.inside", &margins.inside, true),
            length("margins.outside", &margins.outside, true),
        ];
        let sizes = self.sizes.clone().unwrap_or_default();
        let body_size = length("sizes.body", &sizes.body, false);
        let masthead_size = length("sizes.title", &sizes.title, false);
        let folio_size = length("sizes.folio", &sizes.folio, false);

        let paper = self.paper.as_ref().and_then(|text| {
            let parsed = parse_paper(text);
            if parsed.is_none() {
                let names: Vec<&str> = PAPERS.iter().map(|p| p.0).collect();
                problems.push(problem(
                    "paper",
                    format!(
                        "“{text}” 不是有效的纸张；可用 {} 或 \"宽 × 高\"（如 \"185mm × 260mm\"）",
                        names.join("、")
                    ),
                ));
            }
            parsed
        });
        let grid = self.grid.clone().unwrap_or_default();
        for (field, value) in [
            ("grid.chars_per_line", grid.chars_per_line),
            ("grid.lines_per_page", grid.lines_per_page),
        ] {
            if value == Some(0) {
                problems.push(problem(field, "必须为正整数".to_owned()));
            }
        }
        for (role, families) in &self.fonts {
            if Role::from_name(role).is_none() {
                problems.push(problem(
                    &format!("fonts.{role}"),
                    "不是字体角色；可用: title（小标宋）、body（仿宋）、heading（黑体）、kai（楷体）".to_owned(),
                ));
            } else if families.iter().any(|f| f.trim().is_empty()) {
                problems.push(problem(
                    &format!("fonts.{role}"),
                    "含有空的字体名".to_owned(),
                ));
            }
        }

        let red = self.colours.as_ref().and_then(|c| c.red.as_ref());
        let red_cmyk = red.and_then(|red| match red.as_slice() {
            &[c, m, y, k] if [c, m, y, k].iter().all(|v| *v <= 100) => Some([c, m, y, k]),
            _ => {
                problems.push(problem(
                    "colours.red",
                    "应为四个 0–100 的 CMYK 百分数，如 [0, 80, 80, 0]".to_owned(),
                ));
                None
            }
        });

        if !problems.is_empty() {
            return Err(problems);
        }
        let front = self.front_matter.clone().unwrap_or_default();
        Ok(Resolved {
            paper,
            margins,
            chars_per_line: grid.chars_per_line,
            lines_per_page: grid.lines_per_page,
            body_size,
            masthead_size,
            folio_size,
            red_cmyk,
            red_rgb: red_cmyk.map(cmyk_to_rgb),
            masthead: front.masthead,
            toc: front.toc,
            colophon: front.colophon,
        })
    }

    /// Whether the paper and margins leave a type area, and the
    /// grid fits it, on `layout` (whose own geometry, body size and grid
    /// fill in what the issue leaves out). The grid is checked whenever the
    /// issue gives something the fit depends on. A problem names the first
    /// of those fields the issue gives, so that it points at a line of the
    /// file: the grid itself, the body size, the paper, the margins.
    pub fn fit_problems(&self, resolved: &Resolved, layout: &Layout) -> Vec<Problem> {
        let area = resolved.geometry(layout.geometry);
        let (type_width, type_height) = area.type_area();
        let mut problems = Vec::new();
        if type_width <= 0.0 {
            problems.push(problem(
                "margins",
                format!(
                    "订口 {:.0} mm 加翻口 {:.0} mm 不小于纸宽 {:.0} mm，没有版心",
                    area.margin_inside, area.margin_outside, area.paper_width
                ),
            ));
        }
        if type_height <= 0.0 {
            problems.push(problem(
                "margins",
                format!(
                    "天头 {:.0} mm 加地脚 {:.0} mm 不小于纸高 {:.0} mm，没有版心",
                    area.margin_top, area.margin_bottom, area.paper_height
                ),
            ));
        }
        if !problems.is_empty() {
            return problems;
        }
        problems.extend(self.grid_problems(resolved, &layout.grid, (type_width, type_height)));
        problems
    }

    /// Whether the grid fits a type area of `type_width` × `type_height`
    /// millimetres, for a layout whose own body size and grid are `grid`.
    fn grid_problems(
        &self,
        resolved: &Resolved,
        grid: &LayoutGrid,
        (type_width, type_height): (f64, f64),
    ) -> Vec<Problem> {
        let given = self.grid.clone().unwrap_or_default();
        let body = self.sizes.as_ref().and_then(|s| s.body.as_ref());
        let margins = self.margins.clone().unwrap_or_default();
        let touches = resolved.geometry_given() || body.is_some() || self.grid.is_some();
        let size = resolved.body_size.unwrap_or(grid.body_size);
        let chars = resolved.chars_per_line.unwrap_or(grid.chars_per_line);
        let lines = resolved.lines_per_page.unwrap_or(grid.lines_per_page);
        if !touches || chars == 0 || lines == 0 {
            return Vec::new();
        }
        // The field to blame: the first one given, in this order.
        let blame = |grid_given: bool, grid_field, margin_fields: [(&'static str, bool); 2]| {
            let margin = margin_fields.into_iter().find(|(_, given)| *given);
            if grid_given {
                grid_field
            } else if body.is_some() {
                "sizes.body"
            } else if self.paper.is_some() {
                "paper"
            } else {
                margin.map_or("margins", |(field, _)| field)
            }
        };
        // "156 mm" then, on other paper, which: "131 mm（纸张 16K）".
        let extent = |mm: f64| match &self.paper {
            Some(paper) => format!("{mm:.0} mm（纸张 {paper}）"),
            None => format!("{mm:.0} mm "),
        };
        let mut problems = Vec::new();
        let wide = f64::from(chars) * size / PT_PER_MM;
        if wide > type_width * (1.0 + GRID_TOLERANCE) {
            let field = blame(
                given.chars_per_line.is_some(),
                "grid.chars_per_line",
                [
                    ("margins.inside", margins.inside.is_some()),
                    ("margins.outside", margins.outside.is_some()),
                ],
            );
            problems.push(problem(
                field,
                format!(
                    "每行 {chars} 字 × {size} pt = {wide:.0} mm，比版心宽 {}宽出 10% 以上；请减少每行字数（layout.grid.chars_per_line）或缩小正文字号（layout.sizes.body）",
                    extent(type_width)
                ),
            ));
        }
        let tall = f64::from(lines) * size / PT_PER_MM;
        if tall > type_height {
            let field = blame(
                given.lines_per_page.is_some(),
                "grid.lines_per_page",
                [
                    ("margins.top", margins.top.is_some()),
                    ("margins.bottom", margins.bottom.is_some()),
                ],
            );
            problems.push(problem(
                field,
                format!(
                    "每面 {lines} 行 × {size} pt = {tall:.0} mm，比版心高 {}还高；请减少每面行数（layout.grid.lines_per_page）或缩小正文字号（layout.sizes.body）",
                    extent(type_height)
                ),
            ));
        }
        problems
    }

    /// The extra families per role, in the order given.
    pub fn preferred_fonts(&self) -> Vec<(Role, Vec<String>)> {
        self.fonts
            .iter()
            .filter_map(|(name, families)| Some((Role::from_name(name)?, families.clone())))
            .collect()
    }
}

/// The naive conversion: `(1 − c)(1 − k) × 255` per channel, which gives the
/// house red M80 Y80 as (255, 51, 51), the value the layout used before.
fn cmyk_to_rgb([c, m, y, k]: [u32; 4]) -> [u8; 3] {
    let channel = |v: u32| {
        let v = (100 - v) as f64 / 100.0 * (100 - k) as f64 / 100.0 * 255.0;
        v.round() as u8
    };
    [channel(c), channel(m), channel(y)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lengths_take_units_and_chinese_sizes() {
        assert_eq!(parse_length("16pt"), Some(16.0));
        assert!((parse_length("25.4mm").unwrap() - 72.0).abs() < 1e-9);
        assert_eq!(parse_length("小四"), Some(12.0));
        assert_eq!(parse_length("16"), None);
        assert_eq!(parse_length("-3mm"), None);
        assert_eq!(parse_length("3 furlongs"), None);
        assert!(parse_paper("185mm × 260mm").is_some());
        assert_eq!(parse_paper("a4"), parse_paper("210mm x 297mm"));
    }

    #[test]
    fn margins_in_millimetres_reach_the_layout_exactly() {
        // Typst represents whole millimetres exactly; a margin written in
        // them must not pass through points on its way.
        assert_eq!(parse_length_mm("37mm"), Some(37.0));
        assert_eq!(parse_length_mm("3.7cm"), Some(37.0));
        assert!((parse_length_mm("72pt").unwrap() - 25.4).abs() < 1e-12);
        assert_eq!(parse_paper("B5"), Some((176.0, 250.0)));
    }

    #[test]
    fn the_type_area_is_checked_on_the_layouts_own_paper() {
        // 订口 + 翻口 = 160 mm leaves a type area on A4 (210 mm), none on a
        // layout whose own paper is A5 (148 mm), and the margins
        // replace that layout's, not the house's.
        let params: LayoutParams =
            toml::from_str("[margins]\ninside = \"80mm\"\noutside = \"80mm\"").unwrap();
        let resolved = params.resolve().unwrap();
        let a5 = Layout {
            geometry: Geometry {
                paper_width: 148.0,
                paper_height: 210.0,
                margin_top: 20.0,
                margin_bottom: 20.0,
                margin_inside: 15.0,
                margin_outside: 15.0,
            },
            grid: LayoutGrid {
                body_size: 10.5,
                chars_per_line: 20,
                lines_per_page: 20,
            },
            ..crate::layouts::MONTHLY
        };
        let on = |layout: &Layout| params.fit_problems(&resolved, layout);
        assert!(
            !on(&crate::layouts::MONTHLY)
                .iter()
                .any(|p| p.message.contains("没有版心"))
        );
        let problems = on(&a5);
        assert!(
            problems
                .iter()
                .any(|p| p.message.contains("80 mm 加翻口 80 mm 不小于纸宽 148 mm")),
            "{problems:?}"
        );
        assert_eq!(resolved.geometry(a5.geometry).margin_top, 20.0);
    }

    #[test]
    fn the_house_red_converts_to_the_screen_red() {
        assert_eq!(cmyk_to_rgb([0, 80, 80, 0]), [255, 51, 51]);
    }
}
