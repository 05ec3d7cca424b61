//! The layouts compiled into the binary.
//!
//! Every layout is Typst source under `layouts/`, embedded with `include_str!`: nothing of a
//! layout is read from disk at run time, so a binary always renders the layouts it was tested
//! with. A layout receives the issue as data (`/data.json`) and never hard-codes an issue.

/// A layout a user can choose with `--layout`.
#[derive(Debug, Clone, Copy, PartialEq, Hash)]
pub struct Layout {
    /// The name given on the command line.
    pub name: &'static str,
    /// Virtual path of the entry file.
    pub entry: &'static str,
    /// One line for `--help` and error messages.
    pub description: &'static str,
    /// The layout's own body size and grid, which `[layout]` may override.
    /// The layout reads them from `/data.json` (`data.layout.grid`), and an
    /// issue's overrides are checked against them.
    pub grid: Grid,
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
    // GB/T 9704-2012 §5.2.2 3号; §5.2.3 每行 28 字、每面 22 行.
    grid: Grid {
        body_size: 16.0,
        chars_per_line: 28,
        lines_per_page: 22,
    },
};

/// 简报: a denser layout on the same data — 4号 body on its own grid, the red
/// masthead, no table of contents, headlines on their own lines, 版记 at the end.
pub const BRIEF: Layout = Layout {
    name: "brief",
    entry: "/brief.typ",
    description: "简报：四号正文、红头、无目录、标题单独成行、文末版记",
    // 4号 on the same type area, 31 × 28: the pitch (14.3 pt a character,
    // 22.8 pt a line) keeps the house proportions of 3号 on 28 × 22.
    grid: Grid {
        body_size: 14.0,
        chars_per_line: 31,
        lines_per_page: 28,
    },
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
