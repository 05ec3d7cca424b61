//! The layouts compiled into the binary.
//!
//! Every layout is Typst source under `layouts/`, embedded with `include_str!`: nothing of a
//! layout is read from disk at run time, so a binary always renders the layouts it was tested
//! with. A layout receives the issue as data (`/data.json`) and never hard-codes an issue.

/// PostScript points in a millimetre: geometry is written in millimetres,
/// Typst and PDF measure in points.
pub const PT_PER_MM: f64 = 72.0 / 25.4;

/// A layout a user can choose with `--layout`.
#[derive(Debug, Clone, Copy, PartialEq, Hash)]
pub struct Layout {
    /// The name given on the command line.
    pub name: &'static str,
    /// Virtual path of the entry file.
    pub entry: &'static str,
    /// One line for `--help` and error messages.
    pub description: &'static str,
    /// The layout's own paper and margins, which `[layout]` may override.
    /// The layout reads them, with the overrides applied, from
    /// `/data.json` (`data.layout.geometry`).
    pub geometry: Geometry,
    /// The layout's own body size and grid, which `[layout]` may override.
    /// The layout reads them from `/data.json` (`data.layout.grid`), and an
    /// issue's overrides are checked against them.
    pub grid: Grid,
    /// Whether headlines stand on their own lines, centred (the brief),
    /// rather than run in at the start of their paragraphs (the monthly).
    /// Such a layout reads, for each headline wider than a line, the pieces
    /// it may break between (`data.title-pieces`, from `src/headlines.rs`).
    pub standalone_headlines: bool,
    /// Whether the layout sets a table of contents (unless an issue's
    /// `[layout.front_matter]` switches it off). Its titles that may wrap
    /// keep their words whole (`data.title-pieces`, from `src/headlines.rs`).
    pub contents: bool,
}

/// Paper and margins, in millimetres. The type area (版心) is what the
/// margins leave of the paper.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Geometry {
    pub paper_width: f64,
    pub paper_height: f64,
    /// 天头
    pub margin_top: f64,
    /// 地脚
    pub margin_bottom: f64,
    /// 订口, the binding side
    pub margin_inside: f64,
    /// 翻口
    pub margin_outside: f64,
}

impl Geometry {
    /// Width and height of the type area.
    pub fn type_area(&self) -> (f64, f64) {
        (
            self.paper_width - self.margin_inside - self.margin_outside,
            self.paper_height - self.margin_top - self.margin_bottom,
        )
    }
}

/// GB/T 9704-2012 §5.1 A4 (210 × 297 mm); §5.2.1 天头 37 ± 1 mm, 订口 28 ± 1 mm,
/// 版心 156 × 225 mm, so 地脚 35 mm and 翻口 26 mm. Whole millimetres, which
/// Typst represents exactly: the type area is exactly 156 × 225 mm.
pub const HOUSE: Geometry = Geometry {
    paper_width: 210.0,
    paper_height: 297.0,
    margin_top: 37.0,
    margin_bottom: 35.0,
    margin_inside: 28.0,
    margin_outside: 26.0,
};

impl std::hash::Hash for Geometry {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        for value in [
            self.paper_width,
            self.paper_height,
            self.margin_top,
            self.margin_bottom,
            self.margin_inside,
            self.margin_outside,
        ] {
            value.to_bits().hash(state);
        }
    }
}

/// A body size and the grid of characters and lines set in it.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Grid {
    /// In points.
    pub body_size: f64,
    pub chars_per_line: u32,
    pub lines_per_page: u32,
}

impl std::hash::Hash for Grid {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.body_size.to_bits().hash(state);
        self.chars_per_line.hash(state);
        self.lines_per_page.hash(state);
    }
}

impl Eq for Layout {}

/// The default layout: 《平顶山月报》 on the GB/T 9704-2012 grid.
pub const MONTHLY: Layout = Layout {
    name: "monthly",
    entry: "/monthly.typ",
    description: "月报：GB/T 9704 版心，红头、目录、刊物信息、正文",
    geometry: HOUSE,
    // GB/T 9704-2012 §5.2.2 3号; §5.2.3 每行 28 字、每面 22 行.
    grid: Grid {
        body_size: 16.0,
        chars_per_line: 28,
        lines_per_page: 22,
    },
    standalone_headlines: false,
    contents: true,
};

/// 简报: a denser layout on the same data — 4号 body on its own grid, the red
/// masthead, no table of contents, headlines on their own lines, 版记 at the end.
pub const BRIEF: Layout = Layout {
    name: "brief",
    entry: "/brief.typ",
    description: "简报：四号正文、红头、无目录、标题单独成行、文末版记",
    geometry: HOUSE,
    // 4号 on the same type area, 31 × 28: the pitch (14.3 pt a character,
    // 22.8 pt a line) keeps the house proportions of 3号 on 28 × 22.
    grid: Grid {
        body_size: 14.0,
        chars_per_line: 31,
        lines_per_page: 28,
    },
    standalone_headlines: true,
    contents: false,
};

/// Every layout, the default first.
pub const LAYOUTS: &[Layout] = &[MONTHLY, BRIEF];

/// Every Typst file of every layout, by virtual path.
pub const FILES: &[(&str, &str)] = &[
    ("/monthly.typ", include_str!("../layouts/monthly.typ")),
    ("/brief.typ", include_str!("../layouts/brief.typ")),
    ("/lib/style.typ", include_str!("../layouts/lib/style.typ")),
    (
        "/lib/masthead.typ",
        include_str!("../layouts/lib/masthead.typ"),
    ),
    ("/lib/toc.typ", include_str!("../layouts/lib/toc.typ")),
    (
        "/lib/colophon.typ",
        include_str!("../layouts/lib/colophon.typ"),
    ),
    ("/lib/body.typ", include_str!("../layouts/lib/body.typ")),
    ("/lib/folio.typ", include_str!("../layouts/lib/folio.typ")),
    ("/lib/record.typ", include_str!("../layouts/lib/record.typ")),
];

/// The virtual path under which the layout finds the issue data.
pub const DATA_PATH: &str = "/data.json";

impl Layout {
    /// Looks a layout up by name.
    pub fn named(name: &str) -> Option<Layout> {
        LAYOUTS.iter().copied().find(|l| l.name == name)
    }

    /// The names of all layouts, for messages.
    pub fn names() -> String {
        LAYOUTS
            .iter()
            .map(|l| l.name)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

impl Default for Layout {
    fn default() -> Self {
        MONTHLY
    }
}
