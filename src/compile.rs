//! Compiling an issue: the issue and the chosen fonts become `/data.json`,
//! the layout is compiled by Typst, and the laid-out pages are checked for
//! glyphs no font had (Typst itself is silent about them, typst#5137).

use std::fmt;
use std::sync::Arc;

use serde::Serialize;
use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::layout::{Frame, FrameItem};
use typst_layout::PagedDocument;

use crate::fonts::{Fonts, Role};
use crate::layouts::Layout;
use crate::model::Issue;
use crate::model::layout::Resolved;
use crate::profile::{Profile, ProfileData};
use crate::world::IssueWorld;

/// How many compiles a memoised result survives unused (comemo's eviction
/// age; `typst watch` uses 10 as well).
pub const KEEP_COMPILES: usize = 10;

/// Compiles issues with one layout and one set of fonts. Keeping a
/// `Compiler` alive between renders keeps Typst's memoisation warm: a
/// re-render after a small edit recompiles only what changed. One compiler
/// can compile any number of issues, one after the other: its world (the
/// parsed layout sources, Typst's standard library, the font book) is built
/// once.
pub struct Compiler {
    world: IssueWorld,
    profile: Profile,
    layout: Layout,
    /// The fonts as discovered, before an issue's `[layout.fonts]`.
    fonts: Arc<Fonts>,
    /// The `[layout.fonts]` the world's fonts were chosen with.
    preferred: Vec<(Role, Vec<String>)>,
}

/// A laid-out issue and what the compiler noticed on the way.
pub struct Compiled {
    pub document: PagedDocument,
    /// Typst's warnings, in Chinese where we know what they mean.
    pub warnings: Vec<String>,
    /// Characters that no font could draw (allowed only on request).
    pub missing: Vec<MissingGlyph>,
}

/// A character that no font of the render has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingGlyph {
    pub character: char,
    /// Pages (1-based) where it was printed as a blank box.
    pub pages: Vec<usize>,
    /// Where it occurs in the issue, e.g. `sections[3].articles[2]（“市委常委会会议”）`.
    pub places: Vec<String>,
    /// The families that were tried.
    pub fonts: Vec<String>,
}

impl fmt::Display for MissingGlyph {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pages: Vec<String> = self.pages.iter().map(|p| p.to_string()).collect();
        write!(
            f,
            "字符 U+{:04X} “{}” 在所有字体中都没有（第 {} 页",
            self.character as u32,
            self.character,
            pages.join("、")
        )?;
        if !self.places.is_empty() {
            write!(f, "；见 {}", self.places.join("，"))?;
        }
        write!(
            f,
            "）。已尝试字体：{}。请安装含有该字的字体或用 --font-path 指定字体目录",
            self.fonts.join("、")
        )
    }
}

/// Why an issue could not be compiled.
#[derive(Debug)]
pub enum CompileError {
    /// Typst reported errors: a fault of the layout, or of data it cannot handle.
    Typst(Vec<String>),
    /// Some characters have no glyph in any font.
    MissingGlyphs(Vec<MissingGlyph>),
}

impl std::error::Error for CompileError {}

impl fmt::Display for CompileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompileError::Typst(errors) => write!(f, "排版失败：\n{}", errors.join("\n")),
            CompileError::MissingGlyphs(missing) => {
                let lines: Vec<String> = missing.iter().map(|m| m.to_string()).collect();
                write!(f, "{}", lines.join("\n"))
            }
        }
    }
}

/// What the layout receives as `/data.json`.
#[derive(Serialize)]
struct LayoutData<'a> {
    issue: &'a Issue,
    fonts: std::collections::BTreeMap<&'static str, Vec<&'a str>>,
    profile: ProfileData,
    layout: LayoutSection,
    /// The pieces each title the layout may have to break may break
    /// between, by title: long standalone headlines, long contents titles.
    #[serde(rename = "title-pieces")]
    title_pieces: std::collections::BTreeMap<&'a str, crate::headlines::Pieces<'a>>,
}

/// `data.layout`: the layout's name, so that shared components pick its
/// defaults; its paper and margins with the issue's applied; its own body
/// size and grid; and the issue's other checked `[layout]` overrides.
#[derive(Serialize)]
struct LayoutSection {
    name: &'static str,
    geometry: crate::layouts::Geometry,
    grid: crate::layouts::Grid,
    #[serde(flatten)]
    overrides: Resolved,
}

/// The JSON a layout reads as `/data.json` for the default profile.
pub fn layout_data(issue: &Issue, fonts: &Fonts) -> Vec<u8> {
    layout_data_with(issue, fonts, Profile::default(), Layout::default())
}

/// The JSON a layout reads as `/data.json`: the issue, per role the font
/// families that are really present (best first), the output profile, the
/// layout's name with the issue's `[layout]` overrides.
pub fn layout_data_with(issue: &Issue, fonts: &Fonts, profile: Profile, layout: Layout) -> Vec<u8> {
    let fonts = Role::ALL
        .into_iter()
        .map(|role| {
            let mut families: Vec<&str> =
                fonts.role(role).iter().map(|c| c.family.as_str()).collect();
            families.dedup();
            (role.name(), families)
        })
        .collect();
    let profile = profile.layout_data();
    let overrides = issue.layout_overrides();
    let geometry = overrides.geometry(layout.geometry);
    // How many characters of the body size the type area holds in a line.
    let body_size = overrides.body_size.unwrap_or(layout.grid.body_size);
    let line = geometry.type_area().0 * crate::layouts::PT_PER_MM / body_size;
    let title_pieces = crate::headlines::title_pieces(issue, layout, &overrides, line);
    let layout = LayoutSection {
        name: layout.name,
        geometry,
        grid: layout.grid,
        overrides,
    };
    serde_json::to_vec(&LayoutData {
        issue,
        fonts,
        profile,
        layout,
        title_pieces,
    })
    .expect("layout data always serialises")
}

fn preferred_fonts(issue: &Issue) -> Vec<(Role, Vec<String>)> {
    issue
        .layout
        .as_ref()
        .map(|l| l.preferred_fonts())
        .unwrap_or_default()
}

/// The discovered fonts, or a choice with the issue's preferred families first.
fn with_preferred(fonts: &Arc<Fonts>, preferred: &[(Role, Vec<String>)]) -> Arc<Fonts> {
    if preferred.is_empty() {
        fonts.clone()
    } else {
        Arc::new(fonts.with_preferred(preferred))
    }
}

fn today(issue: &Issue) -> (i32, u8, u8) {
    let d = issue.masthead.date;
    (d.year as i32, d.month as u8, d.day as u8)
}

impl Compiler {
    /// A compiler for `layout` with `fonts`, first used for `issue`.
    /// Families an issue prefers (`[layout.fonts]`) are tried first.
    pub fn new(layout: Layout, fonts: Arc<Fonts>, issue: &Issue) -> Compiler {
        #[cfg(feature = "mimalloc")]
        crate::alloc::keep_freed_memory();
        let preferred = preferred_fonts(issue);
        let chosen = with_preferred(&fonts, &preferred);
        // No data yet: `compile` writes `/data.json` before every compile.
        Compiler {
            world: IssueWorld::new(layout, chosen, Vec::new(), today(issue)),
            profile: Profile::default(),
            layout,
            fonts,
            preferred,
        }
    }

    /// The same compiler, rendering for `profile` from the next compile on.
    pub fn with_profile(mut self, profile: Profile) -> Compiler {
        self.profile = profile;
        self
    }

    /// Lays out `issue`. Missing glyphs are an error unless `allow_missing`.
    ///
    /// Typst's memoised results that no compile used in the last
    /// [`KEEP_COMPILES`] compiles are dropped first, as `typst watch` does:
    /// a long-running process re-rendering after each edit keeps the cache
    /// (and its lookups) from growing. Without it, 60 re-renders of the
    /// sample slowed from 33 ms to 50–100 ms each.
    pub fn compile(
        &mut self,
        issue: &Issue,
        allow_missing: bool,
    ) -> Result<Compiled, CompileError> {
        let preferred = preferred_fonts(issue);
        if preferred != self.preferred {
            // Another `[layout.fonts]`: another font book, so another world.
            let chosen = with_preferred(&self.fonts, &preferred);
            self.world = IssueWorld::new(self.layout, chosen, Vec::new(), today(issue));
            self.preferred = preferred;
        }
        self.world.set_today(today(issue));
        self.world.set_data(layout_data_with(
            issue,
            self.world.fonts(),
            self.profile,
            self.layout,
        ));
        comemo::evict(KEEP_COMPILES);
        let result = typst::compile::<PagedDocument>(&self.world);
        let warnings = result.warnings.iter().map(|d| self.describe(d)).collect();
        let document = result.output.map_err(|errors| {
            CompileError::Typst(errors.iter().map(|d| self.describe(d)).collect())
        })?;
        let missing = missing_glyphs(&document, issue, self.world.fonts());
        if !missing.is_empty() && !allow_missing {
            return Err(CompileError::MissingGlyphs(missing));
        }
        Ok(Compiled {
            document,
            warnings,
            missing,
        })
    }

    /// A diagnostic as one line: severity, layout file and line, message, hints.
    fn describe(&self, diagnostic: &SourceDiagnostic) -> String {
        let severity = match diagnostic.severity {
            Severity::Error => "错误",
            Severity::Warning => "警告",
        };
        let mut out = format!("{severity}: ");
        if let Some(id) = diagnostic.span.id()
            && let Some(range) = self.world.range(diagnostic.span)
            && let Some(source) = self.world.layout_source(id)
        {
            let line = source.text()[..range.start].matches('\n').count() + 1;
            out.push_str(&format!("layouts{}:{line}: ", id.vpath().get_with_slash()));
        }
        out.push_str(&diagnostic.message);
        for hint in &diagnostic.hints {
            out.push_str(&format!("（提示: {}）", hint.v));
        }
        out
    }
}

/// Finds every glyph drawn as .notdef (glyph id 0) on the pages.
fn missing_glyphs(document: &PagedDocument, issue: &Issue, fonts: &Fonts) -> Vec<MissingGlyph> {
    let mut found: Vec<MissingGlyph> = Vec::new();
    for (index, page) in document.pages().iter().enumerate() {
        scan_frame(
            &page.frame,
            &mut |c| match found.iter_mut().find(|m| m.character == c) {
                Some(m) => {
                    if m.pages.last() != Some(&(index + 1)) {
                        m.pages.push(index + 1);
                    }
                }
                None => found.push(MissingGlyph {
                    character: c,
                    pages: vec![index + 1],
                    places: places_of(issue, c),
                    fonts: fonts.families().into_iter().map(str::to_owned).collect(),
                }),
            },
        );
    }
    found
}

fn scan_frame(frame: &Frame, report: &mut dyn FnMut(char)) {
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(group) => scan_frame(&group.frame, report),
            FrameItem::Text(text) => {
                for glyph in text.glyphs.iter().filter(|g| g.id == 0) {
                    let cluster = text.text.get(glyph.range()).unwrap_or_default();
                    for c in cluster.chars().filter(|c| !c.is_whitespace()) {
                        report(c);
                    }
                }
            }
            _ => {}
        }
    }
}

/// Where in the issue a character occurs, as field paths with the headline.
fn places_of(issue: &Issue, c: char) -> Vec<String> {
    let mut places = Vec::new();
    let m = &issue.masthead;
    if m.title.contains(c) || m.editor.contains(c) {
        places.push("masthead（红头）".to_owned());
    }
    let co = &issue.colophon;
    if [
        &co.supervisor,
        &co.sponsor,
        &co.chief_editor,
        &co.deputy_editor,
        &co.responsible_editor,
        &co.address,
        &co.phone,
        &co.email,
        &co.distribution,
    ]
    .iter()
    .any(|v| v.contains(c))
        || [&co.permit, &co.printer]
            .iter()
            .any(|v| v.as_deref().is_some_and(|v| v.contains(c)))
    {
        places.push("colophon（刊物信息）".to_owned());
    }
    for (i, section) in issue.sections.iter().enumerate() {
        if section.title.contains(c) {
            places.push(format!("sections[{}].title（“{}”）", i + 1, section.title));
        }
        for (j, article) in section.articles.iter().enumerate() {
            let in_text = article.headline.contains(c)
                || article.toc_title.as_deref().is_some_and(|t| t.contains(c))
                || article.paragraphs.iter().any(|p| p.contains(c));
            if in_text {
                places.push(format!(
                    "sections[{}].articles[{}]（“{}”）",
                    i + 1,
                    j + 1,
                    article.headline
                ));
            }
        }
    }
    places
}
