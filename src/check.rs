//! Preflight (印前检查): is a PDF fit for the party it goes to?
//!
//! The checks read the PDF itself (hayro-syntax), independently of the
//! exporter that wrote it:
//!
//! - page boxes: MediaBox, TrimBox, BleedBox of every page; for print, a
//!   TrimBox with at least 3 mm of bleed around it, and no annotation (a
//!   link, say) inside the bleed box but printer's marks and trap networks,
//!   as PDF/X requires;
//! - fonts: every font descriptor carries its font file (FontFile,
//!   FontFile2 or FontFile3), which decodes to a font program of its kind,
//!   and every font a ToUnicode map; a font without a descriptor (a bare
//!   standard-14 `Helvetica`) is not embedded;
//! - .notdef: text shown with a composite (Type0, two-byte) font whose code
//!   is 0 — glyph 0 is .notdef in every subset Typst writes. Simple fonts
//!   are not checked (their code 0 is no reliable sign);
//! - colours: the colour operators of every page and form XObject, with
//!   the fill colour in force when text is shown; DeviceRGB and DeviceGray
//!   are flagged in a print file, rich black (K100 with any C, M or Y) too;
//!   CMYK is flagged in an archive file;
//! - page count: a multiple of 4 for print (saddle stitch);
//! - PDF/A: the XMP `pdfaid:part` and `pdfaid:conformance`, an output
//!   intent, no encryption;
//! - for an issue: yuebao's own missing-glyph scan and the fields a
//!   内部资料性出版物 must print (准印证号, 印刷单位, 印数, 发送对象).

use std::collections::BTreeMap;
use std::fmt;

use hayro_syntax::Pdf;
use hayro_syntax::content::UntypedIter;
use hayro_syntax::object::{Array, Dict, Name, Object, Rect, Stream};
use hayro_syntax::page::Resources;
use serde::Serialize;

use crate::compile::MissingGlyph;
use crate::layouts::PT_PER_MM;
use crate::model::Issue;
use crate::profile::{Profile, SADDLE_STITCH_PAGES};

/// How bad a finding is: errors fail the check (exit 1), warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One thing the preflight noticed.
#[derive(Debug, Clone, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// A stable name for machines, e.g. `font-not-embedded`.
    pub code: &'static str,
    pub message: String,
}

/// A page's boxes in millimetres: `[x0, y0, x1, y1]`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PageBoxes {
    pub media: [f64; 4],
    pub trim: Option<[f64; 4]>,
    pub bleed: Option<[f64; 4]>,
}

/// A font as the PDF declares it.
#[derive(Debug, Clone, Serialize)]
pub struct FontInfo {
    pub name: String,
    pub subtype: String,
    pub embedded: bool,
    pub to_unicode: bool,
}

/// The preflight's report on one PDF (and, for an issue, on the issue).
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub profile: &'static str,
    pub pages: usize,
    /// The distinct page boxes, with the pages (1-based) that have them.
    pub boxes: Vec<(PageBoxes, Vec<usize>)>,
    pub fonts: Vec<FontInfo>,
    /// How often each colour was set, by what it was used for: e.g.
    /// `"text: DeviceCMYK 0 0 0 1" → 1234`.
    pub colours: BTreeMap<String, usize>,
    /// `pdfaid:part` + `pdfaid:conformance`, e.g. `2U`.
    pub pdfa: Option<String>,
    pub output_intent: bool,
    pub findings: Vec<Finding>,
}

impl Report {
    /// Whether the file passed: no finding is an error.
    pub fn passed(&self) -> bool {
        self.findings.iter().all(|f| f.severity != Severity::Error)
    }

    fn error(&mut self, code: &'static str, message: String) {
        self.findings.push(Finding {
            severity: Severity::Error,
            code,
            message,
        });
    }

    fn warn(&mut self, code: &'static str, message: String) {
        self.findings.push(Finding {
            severity: Severity::Warning,
            code,
            message,
        });
    }
}

/// The preflight could not read the file at all.
#[derive(Debug)]
pub struct CheckError(pub String);

impl std::error::Error for CheckError {}

impl fmt::Display for CheckError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "无法读取 PDF：{}", self.0)
    }
}

fn mm(r: Rect) -> [f64; 4] {
    let round = |v: f64| (v / PT_PER_MM * 10.0).round() / 10.0;
    [round(r.x0), round(r.y0), round(r.x1), round(r.y1)]
}

/// The profile a PDF was most likely made for, when the user names none:
/// PDF/A → archive, a TrimBox → print, else screen.
pub fn guess_profile(bytes: &[u8]) -> Profile {
    match Pdf::new(bytes.to_vec()) {
        Ok(pdf) if xmp_pdfa(&pdf).is_some() => Profile::Archive,
        Ok(pdf) if pdf.pages().iter().any(|p| p.raw().contains_key(b"TrimBox")) => Profile::Print,
        _ => Profile::Screen,
    }
}

/// Checks a PDF for `profile`.
pub fn pdf(bytes: &[u8], profile: Profile) -> Result<Report, CheckError> {
    let pdf = Pdf::new(bytes.to_vec()).map_err(|e| CheckError(format!("{e:?}")))?;
    let mut report = Report {
        profile: profile.name(),
        pages: pdf.pages().len(),
        boxes: Vec::new(),
        fonts: Vec::new(),
        colours: BTreeMap::new(),
        pdfa: xmp_pdfa(&pdf),
        output_intent: false,
        findings: Vec::new(),
    };
    check_boxes(&pdf, profile, &mut report);
    check_fonts(&pdf, &mut report);
    check_content(&pdf, profile, &mut report);
    check_archive(&pdf, bytes, profile, &mut report);
    if profile == Profile::Print && !report.pages.is_multiple_of(SADDLE_STITCH_PAGES) {
        report.error(
            "page-count",
            format!("共 {} 页，不是 4 的倍数，无法骑马钉装订", report.pages),
        );
    }
    Ok(report)
}

/// Checks an issue: the PDF it renders to, the glyphs no font had, and the
/// fields an internal publication must print.
pub fn issue(
    issue: &Issue,
    missing: &[MissingGlyph],
    bytes: &[u8],
    profile: Profile,
) -> Result<Report, CheckError> {
    let mut report = pdf(bytes, profile)?;
    for m in missing {
        report.error("notdef", m.to_string());
    }
    let c = &issue.colophon;
    // 《内部资料性出版物管理办法》(2015): these belong on the cover, back
    // cover or colophon.
    let absent = |v: Option<&str>| v.is_none_or(|v| v.trim().is_empty());
    for (absent, field, name) in [
        (absent(c.permit.as_deref()), "colophon.permit", "准印证号"),
        (absent(c.printer.as_deref()), "colophon.printer", "印刷单位"),
        (c.print_run.is_none(), "colophon.print_run", "印数"),
        (
            absent(Some(&c.distribution)),
            "colophon.distribution",
            "发送对象",
        ),
    ] {
        if absent {
            report.warn(
                "internal-publication",
                format!("期刊缺少{name}（{field}）：内部资料性出版物须印明"),
            );
        }
    }
    Ok(report)
}

fn check_boxes(pdf: &Pdf, profile: Profile, report: &mut Report) {
    for (i, page) in pdf.pages().iter().enumerate() {
        let raw = page.raw();
        let media = page.media_box();
        let trim = raw.get::<Rect>(b"TrimBox");
        let boxes = PageBoxes {
            media: mm(media),
            trim: trim.map(mm),
            bleed: raw.get::<Rect>(b"BleedBox").map(mm),
        };
        match report.boxes.iter_mut().find(|(b, _)| *b == boxes) {
            Some((_, pages)) => pages.push(i + 1),
            None => report.boxes.push((boxes, vec![i + 1])),
        }
        if profile != Profile::Print {
            continue;
        }
        // What is printed: the bleed box, else the trim box, else the sheet.
        let printed = raw.get::<Rect>(b"BleedBox").or(trim).unwrap_or(media);
        let inside = annotations_inside(raw, printed);
        if inside > 0 {
            report.error(
                "annotation",
                format!(
                    "第 {} 页有 {inside} 个注释（如链接）在出血框内：PDF/X 只允许印刷标记（PrinterMark）和陷印（TrapNet）",
                    i + 1
                ),
            );
        }
        let Some(trim) = trim else {
            report.error(
                "no-trimbox",
                format!("第 {} 页没有 TrimBox（成品尺寸）", i + 1),
            );
            continue;
        };
        // The bleed is what the sheet extends beyond the trim; 0.1 mm of slack for rounding.
        let bleed = [
            trim.x0 - media.x0,
            trim.y0 - media.y0,
            media.x1 - trim.x1,
            media.y1 - trim.y1,
        ]
        .into_iter()
        .fold(f64::INFINITY, f64::min)
            / PT_PER_MM;
        if bleed < profile.bleed_mm() - 0.1 {
            report.error(
                "bleed",
                format!("第 {} 页出血只有 {bleed:.1} mm，印刷厂要求 3 mm", i + 1),
            );
        }
    }
}

/// How many of a page's annotations lie, at least in part, inside `area`,
/// not counting printer's marks and trap networks (PDF/X: ISO 15930).
fn annotations_inside(page: &Dict, area: Rect) -> usize {
    let Some(annotations) = page.get::<Array>(b"Annots") else {
        return 0;
    };
    annotations
        .iter::<Dict>()
        .filter(|a| {
            let subtype = a.get::<Name>(b"Subtype");
            !matches!(subtype.as_deref(), Some(b"PrinterMark" | b"TrapNet"))
        })
        .filter(|a| {
            // An annotation without a rectangle is taken to be on the page.
            a.get::<Rect>(b"Rect").is_none_or(|r| {
                let (x0, x1) = (r.x0.min(r.x1), r.x0.max(r.x1));
                let (y0, y1) = (r.y0.min(r.y1), r.y0.max(r.y1));
                x0 < area.x1 && x1 > area.x0 && y0 < area.y1 && y1 > area.y0
            })
        })
        .count()
}

fn check_fonts(pdf: &Pdf, report: &mut Report) {
    for object in pdf.objects() {
        let Object::Dict(font) = object else { continue };
        if font.get::<Name>(b"Type").as_deref() != Some(b"Font".as_slice()) {
            continue;
        }
        let subtype = font
            .get::<Name>(b"Subtype")
            .map(|n| n.as_str().to_owned())
            .unwrap_or_default();
        // Descendant CIDFonts are checked through their Type0 parent; Type3
        // fonts are drawn by content streams.
        if subtype.starts_with("CIDFont") || subtype == "Type3" {
            continue;
        }
        let name = font
            .get::<Name>(b"BaseFont")
            .map(|n| n.as_str().to_owned())
            .unwrap_or_default();
        let descriptor = if subtype == "Type0" {
            font.get::<Array>(b"DescendantFonts")
                .and_then(|a| a.iter::<Dict>().next())
                .and_then(|d| d.get::<Dict>(b"FontDescriptor"))
        } else {
            font.get::<Dict>(b"FontDescriptor")
        };
        let embedded = descriptor
            .as_ref()
            .is_some_and(|d| FONT_FILES.iter().any(|k| d.contains_key(k.as_bytes())));
        let to_unicode = font.contains_key(b"ToUnicode");
        if let Some(problem) = descriptor.as_ref().and_then(unreadable_font_program) {
            report.error(
                "font-unreadable",
                format!("字体 {name} 嵌入的字体程序无法读取：{problem}"),
            );
        }
        if !embedded {
            report.error(
                "font-not-embedded",
                format!("字体 {name}（{subtype}）没有嵌入"),
            );
        }
        if !to_unicode {
            report.error(
                "no-tounicode",
                format!("字体 {name} 没有 ToUnicode 映射：文字无法检索、复制"),
            );
        }
        report.fonts.push(FontInfo {
            name,
            subtype,
            embedded,
            to_unicode,
        });
    }
    report.fonts.sort_by(|a, b| a.name.cmp(&b.name));
    report
        .fonts
        .dedup_by(|a, b| a.name == b.name && a.subtype == b.subtype);
}

/// The keys of a font descriptor that hold the font program: Type 1,
/// TrueType, and the compact or OpenType formats.
const FONT_FILES: [&str; 3] = ["FontFile", "FontFile2", "FontFile3"];

/// Why the font program embedded in `descriptor` cannot be read, if it
/// cannot: its stream does not decode, it is not a font of its kind, or
/// one of its glyphs cannot be drawn (what a damaged compressed stream
/// usually shows, even when it still decodes).
fn unreadable_font_program(descriptor: &Dict) -> Option<String> {
    let (key, stream) = FONT_FILES
        .iter()
        .find_map(|k| Some((*k, descriptor.get::<Stream>(k.as_bytes())?)))?;
    let Ok(data) = stream.decoded() else {
        return Some(format!("{key} 解码失败"));
    };
    let subtype = stream.dict().get::<Name>(b"Subtype");
    match (key, subtype.as_deref()) {
        // Type 1: a PostScript program, which we do not interpret.
        ("FontFile", _) => (!data.starts_with(b"%!")).then(|| format!("{key} 不是 Type 1 字体")),
        // TrueType, or OpenType in FontFile3: an sfnt.
        ("FontFile2", _) | (_, Some(b"OpenType")) => ttf_parser::Face::parse(&data, 0)
            .err()
            .map(|e| format!("{key} 不是 TrueType/OpenType 字体（{e}）")),
        // Bare CFF (Type1C, CIDFontType0C): every charstring must draw.
        _ => {
            let Some(cff) = ttf_parser::cff::Table::parse(&data) else {
                return Some(format!("{key} 不是 CFF 字体"));
            };
            (0..cff.number_of_glyphs()).find_map(|gid| {
                match cff.outline(ttf_parser::GlyphId(gid), &mut NoOutline) {
                    Ok(_) | Err(ttf_parser::CFFError::ZeroBBox) => None,
                    Err(e) => Some(format!("{key} 的第 {gid} 个字形无法绘出（{e:?}）")),
                }
            })
        }
    }
}

/// Takes an outline and keeps nothing: only whether it can be drawn counts.
struct NoOutline;

impl ttf_parser::OutlineBuilder for NoOutline {
    fn move_to(&mut self, _: f32, _: f32) {}
    fn line_to(&mut self, _: f32, _: f32) {}
    fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {}
    fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {}
    fn close(&mut self) {}
}

/// A colour as set in a content stream.
#[derive(Clone, Debug)]
enum Colour {
    Gray,
    Rgb,
    Cmyk([f64; 4]),
    Other(String),
}

impl Colour {
    fn label(&self) -> String {
        match self {
            Colour::Gray => "DeviceGray".into(),
            Colour::Rgb => "DeviceRGB".into(),
            Colour::Cmyk(v) if is_rich_black(v) => "DeviceCMYK 四色黑".into(),
            Colour::Cmyk(v) => format!("DeviceCMYK {} {} {} {}", v[0], v[1], v[2], v[3]),
            Colour::Other(s) => s.clone(),
        }
    }
}

fn is_rich_black(v: &[f64; 4]) -> bool {
    v[3] >= 0.999 && v[..3].iter().any(|c| *c > 0.0)
}

/// The colour space a name stands for, by the number of components.
fn space_of(name: &[u8], resources: &Resources) -> (String, usize) {
    match name {
        b"DeviceGray" | b"G" => return ("DeviceGray".into(), 1),
        b"DeviceRGB" | b"RGB" => return ("DeviceRGB".into(), 3),
        b"DeviceCMYK" | b"CMYK" => return ("DeviceCMYK".into(), 4),
        _ => {}
    }
    let Some(name) = Name::new(name) else {
        return ("?".into(), 0);
    };
    match resources.get_color_space(&name) {
        Some(Object::Name(n)) => space_of(n.as_ref(), resources),
        Some(Object::Array(a)) => {
            let family = a
                .iter::<Name>()
                .next()
                .map(|n| n.as_str().to_owned())
                .unwrap_or_default();
            match family.as_str() {
                "ICCBased" => {
                    let n = match a.iter::<Object>().nth(1) {
                        Some(Object::Stream(s)) => s.dict().get::<i64>(b"N").unwrap_or(0),
                        _ => 0,
                    };
                    let space = match n {
                        1 => "DeviceGray",
                        3 => "DeviceRGB",
                        4 => "DeviceCMYK",
                        _ => "ICCBased",
                    };
                    (space.into(), n as usize)
                }
                "CalRGB" => ("DeviceRGB".into(), 3),
                "CalGray" => ("DeviceGray".into(), 1),
                other => (other.into(), 0),
            }
        }
        _ => (format!("/{}", name.as_str()), 0),
    }
}

#[derive(Clone)]
struct GraphicsState {
    fill_space: (String, usize),
    fill: Colour,
    stroke_space: (String, usize),
}

fn colour_from(space: &(String, usize), operands: &[f64]) -> Colour {
    match (space.0.as_str(), operands.len()) {
        ("DeviceGray", _) => Colour::Gray,
        ("DeviceRGB", _) => Colour::Rgb,
        ("DeviceCMYK", 4) => Colour::Cmyk([operands[0], operands[1], operands[2], operands[3]]),
        (other, _) => Colour::Other(other.to_owned()),
    }
}

fn check_content(pdf: &Pdf, profile: Profile, report: &mut Report) {
    let mut uses: BTreeMap<String, usize> = BTreeMap::new();
    let mut notdef_pages = Vec::new();
    for (i, page) in pdf.pages().iter().enumerate() {
        let mut notdef = false;
        if let Some(stream) = page.page_stream() {
            scan(stream, page.resources(), &mut uses, &mut notdef, 0);
        }
        if notdef {
            notdef_pages.push(i + 1);
        }
    }
    if !notdef_pages.is_empty() {
        report.error(
            "notdef",
            format!(
                "第 {:?} 页有 .notdef 字形（缺字，印成空白方框）",
                notdef_pages
            ),
        );
    }
    for (label, _) in uses.iter() {
        let flagged = match profile {
            Profile::Print => {
                label.contains("DeviceRGB")
                    || label.contains("DeviceGray")
                    || label.contains("四色黑")
            }
            Profile::Archive => label.contains("DeviceCMYK"),
            Profile::Screen => false,
        };
        if flagged {
            let reason = if profile == Profile::Print {
                "印刷文件只应使用 CMYK（文字 K100 单色黑）"
            } else {
                "PDF/A 存档文件不应使用未经色彩管理的 CMYK"
            };
            report.error("colour", format!("使用了颜色 {label}：{reason}"));
        }
    }
    report.colours = uses;
}

fn numbers(operands: hayro_syntax::content::OperandIterator) -> Vec<f64> {
    operands
        .filter_map(|o| match o {
            Object::Number(n) => Some(n.as_f64()),
            _ => None,
        })
        .collect()
}

/// Scans one content stream (and the form XObjects it draws) for colours
/// and .notdef glyphs.
fn scan(
    data: &[u8],
    resources: &Resources,
    uses: &mut BTreeMap<String, usize>,
    notdef: &mut bool,
    depth: usize,
) {
    let mut state = GraphicsState {
        fill_space: ("DeviceGray".into(), 1),
        fill: Colour::Gray,
        stroke_space: ("DeviceGray".into(), 1),
    };
    let mut saved = Vec::new();
    let mut composite_font = false;
    let mut ops = UntypedIter::new(data);
    while let Some(op) = ops.next() {
        let operator: &[u8] = op.operator;
        let set = |uses: &mut BTreeMap<String, usize>, what: &str, c: &Colour| {
            *uses.entry(format!("{what}: {}", c.label())).or_default() += 1;
        };
        match operator {
            b"q" => saved.push(state.clone()),
            b"Q" => state = saved.pop().unwrap_or(state),
            b"g" | b"rg" | b"k" => {
                let (space, n) = match operator {
                    b"g" => ("DeviceGray", 1),
                    b"rg" => ("DeviceRGB", 3),
                    _ => ("DeviceCMYK", 4),
                };
                state.fill_space = (space.into(), n);
                state.fill = colour_from(&state.fill_space, &numbers(op.operands()));
            }
            b"G" | b"RG" | b"K" => {
                let space = match operator {
                    b"G" => "DeviceGray",
                    b"RG" => "DeviceRGB",
                    _ => "DeviceCMYK",
                };
                let c = colour_from(&(space.into(), 0), &numbers(op.operands()));
                set(uses, "描边", &c);
            }
            b"cs" | b"CS" => {
                if let Some(Object::Name(n)) = op.operands().next() {
                    let space = space_of(n.as_ref(), resources);
                    if operator == b"cs" {
                        state.fill_space = space;
                    } else {
                        state.stroke_space = space;
                    }
                }
            }
            b"sc" | b"scn" => state.fill = colour_from(&state.fill_space, &numbers(op.operands())),
            b"SC" | b"SCN" => {
                let c = colour_from(&state.stroke_space, &numbers(op.operands()));
                set(uses, "描边", &c);
            }
            b"f" | b"F" | b"f*" | b"B" | b"B*" | b"b" | b"b*" => set(uses, "填充", &state.fill),
            b"Tf" => {
                composite_font = op
                    .operands()
                    .next()
                    .and_then(|o| match o {
                        Object::Name(n) => resources.get_font(n),
                        _ => None,
                    })
                    .and_then(|f| f.get::<Name>(b"Subtype"))
                    .is_some_and(|s| s.as_ref() == b"Type0");
            }
            b"Tj" | b"TJ" | b"'" | b"\"" => {
                set(uses, "文字", &state.fill);
                if composite_font {
                    *notdef |= shows_code_zero(op.operands());
                }
            }
            b"Do" if depth < 8 => {
                if let Some(Object::Name(n)) = op.operands().next()
                    && let Some(xobject) = resources.get_x_object(n)
                    && xobject
                        .dict()
                        .get::<Name>(b"Subtype")
                        .is_some_and(|s| s.as_ref() == b"Form")
                    && let Ok(decoded) = xobject.decoded()
                {
                    let inner = Resources::from_parent(
                        xobject.dict().get::<Dict>(b"Resources").unwrap_or_default(),
                        resources.clone(),
                    );
                    scan(&decoded, &inner, uses, notdef, depth + 1);
                }
            }
            _ => {}
        }
    }
}

/// Whether a text-showing operator shows the two-byte code 0.
fn shows_code_zero(operands: hayro_syntax::content::OperandIterator) -> bool {
    let zero = |s: &[u8]| s.chunks(2).any(|c| c == [0, 0]);
    operands.into_iter().any(|o| match o {
        Object::String(s) => zero(s.as_bytes()),
        // A TJ array: strings and the adjustments between them. Read as
        // objects: read as strings, the array ends at the first number.
        Object::Array(a) => a.iter::<Object>().any(|o| match o {
            Object::String(s) => zero(s.as_bytes()),
            _ => false,
        }),
        _ => false,
    })
}

/// `pdfaid:part` and `pdfaid:conformance` from the catalog's XMP metadata.
fn xmp_pdfa(pdf: &Pdf) -> Option<String> {
    let catalog = pdf.xref().get::<Dict>(pdf.xref().root_id())?;
    let xmp = catalog.get::<Stream>(b"Metadata")?.decoded().ok()?;
    let xmp = String::from_utf8_lossy(&xmp);
    let field = |name: &str| -> Option<String> {
        // Either an attribute (pdfaid:part="2") or an element (<pdfaid:part>2</pdfaid:part>).
        let attr = format!("pdfaid:{name}=\"");
        if let Some(at) = xmp.find(&attr) {
            let rest = &xmp[at + attr.len()..];
            return rest.split('"').next().map(str::to_owned);
        }
        let open = format!("<pdfaid:{name}>");
        let at = xmp.find(&open)?;
        xmp[at + open.len()..]
            .split('<')
            .next()
            .map(|s| s.trim().to_owned())
    };
    Some(format!(
        "{}{}",
        field("part")?,
        field("conformance").unwrap_or_default()
    ))
}

fn check_archive(pdf: &Pdf, bytes: &[u8], profile: Profile, report: &mut Report) {
    let catalog = pdf.xref().get::<Dict>(pdf.xref().root_id());
    report.output_intent = catalog
        .as_ref()
        .and_then(|c| c.get::<Array>(b"OutputIntents"))
        .is_some_and(|a| a.iter::<Dict>().next().is_some());
    if profile != Profile::Archive {
        return;
    }
    match report.pdfa.as_deref() {
        Some(level) if level.eq_ignore_ascii_case("2U") || level.eq_ignore_ascii_case("2A") => {}
        Some(level) => report.warn("pdfa", format!("声明为 PDF/A-{level}，存档要求 PDF/A-2u")),
        None => report.error("pdfa", "XMP 元数据中没有 PDF/A 声明（pdfaid:part）".into()),
    }
    if !report.output_intent {
        report.error(
            "output-intent",
            "没有 OutputIntent（输出意图）：PDF/A 必须有".into(),
        );
    }
    // An encryption dictionary is named in the trailer; PDF/A forbids it.
    if bytes.windows(8).any(|w| w == b"/Encrypt") {
        report.error("encrypted", "文件已加密：PDF/A 不允许加密".into());
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "印前检查（{} 方案）：共 {} 页",
            chinese(self.profile),
            self.pages
        )?;
        writeln!(f, "页面框（毫米，x0 y0 x1 y1）：")?;
        for (b, pages) in &self.boxes {
            let r = |r: &[f64; 4]| format!("{} {} {} {}", r[0], r[1], r[2], r[3]);
            write!(f, "  第 {} 页：MediaBox {}", page_list(pages), r(&b.media))?;
            if let Some(t) = &b.trim {
                write!(f, "；TrimBox {}", r(t))?;
            }
            if let Some(bl) = &b.bleed {
                write!(f, "；BleedBox {}", r(bl))?;
            }
            writeln!(f)?;
        }
        writeln!(f, "字体：")?;
        for font in &self.fonts {
            let yes = |b: bool| if b { "是" } else { "否" };
            writeln!(
                f,
                "  {}（{}）嵌入：{}，ToUnicode：{}",
                font.name,
                font.subtype,
                yes(font.embedded),
                yes(font.to_unicode)
            )?;
        }
        writeln!(f, "颜色（用途: 色彩空间 → 次数）：")?;
        for (label, n) in &self.colours {
            writeln!(f, "  {label} → {n}")?;
        }
        let pdfa = self
            .pdfa
            .as_deref()
            .map(|p| format!("PDF/A-{p}"))
            .unwrap_or_else(|| "无".into());
        let intent = if self.output_intent { "有" } else { "无" };
        writeln!(f, "PDF/A 声明：{pdfa}；OutputIntent：{intent}")?;
        for finding in &self.findings {
            let label = match finding.severity {
                Severity::Error => "问题",
                Severity::Warning => "警告",
            };
            writeln!(f, "{label}: {}", finding.message)?;
        }
        if self.passed() {
            write!(f, "结论：通过")
        } else {
            write!(f, "结论：未通过")
        }
    }
}

fn chinese(profile: &str) -> &'static str {
    profile
        .parse::<Profile>()
        .map(Profile::chinese)
        .unwrap_or("?")
}

/// `1–4、7`: page numbers with runs collapsed.
fn page_list(pages: &[usize]) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut i = 0;
    while i < pages.len() {
        let mut j = i;
        while j + 1 < pages.len() && pages[j + 1] == pages[j] + 1 {
            j += 1;
        }
        out.push(if i == j {
            pages[i].to_string()
        } else {
            format!("{}–{}", pages[i], pages[j])
        });
        i = j + 1;
    }
    out.join("、")
}
