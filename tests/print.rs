//! The print, archive and screen profiles, the preflight and the
//! saddle-stitch imposition, checked by reading the PDFs they produce.

mod common;

use std::sync::OnceLock;

use common::{fonts, sample};
use hayro_syntax::Pdf;
use hayro_syntax::object::Rect;
use yuebao::check::{self, Severity};
use yuebao::{Compiler, Layout, Profile, export, impose};

fn render(profile: Profile) -> Vec<u8> {
    let issue = sample();
    let compiled = Compiler::new(Layout::default(), fonts(), &issue)
        .with_profile(profile)
        .compile(&issue, false)
        .expect("the sample renders");
    export::pdf_for(&compiled.document, &issue, profile).expect("the sample exports")
}

fn print_pdf() -> &'static [u8] {
    static PDF: OnceLock<Vec<u8>> = OnceLock::new();
    PDF.get_or_init(|| render(Profile::Print))
}

const MM: f64 = 72.0 / 25.4;

/// The page boxes of every page: (MediaBox, TrimBox, BleedBox).
fn boxes(pdf: &[u8]) -> Vec<(Rect, Option<Rect>, Option<Rect>)> {
    let pdf = Pdf::new(pdf.to_vec()).unwrap();
    pdf.pages()
        .iter()
        .map(|p| {
            (
                p.media_box(),
                p.raw().get::<Rect>(b"TrimBox"),
                p.raw().get::<Rect>(b"BleedBox"),
            )
        })
        .collect()
}

fn outside(outer: Rect, inner: Rect) -> [f64; 4] {
    [
        (inner.x0 - outer.x0) / MM,
        (inner.y0 - outer.y0) / MM,
        (outer.x1 - inner.x1) / MM,
        (outer.y1 - inner.y1) / MM,
    ]
}

fn assert_mm(values: [f64; 4], expected: f64, what: &str) {
    for v in values {
        assert!(
            (v - expected).abs() < 0.01,
            "{what}: {values:?} mm, expected {expected}"
        );
    }
}

#[test]
fn print_render_has_a4_trim_with_3mm_bleed_and_a_page_count_for_saddle_stitch() {
    let pages = boxes(print_pdf());
    assert_eq!(pages.len() % 4, 0, "{} pages", pages.len());
    assert!(pages.len() >= 39);
    for (media, trim, _) in pages {
        let trim = trim.expect("every print page has a TrimBox");
        assert!(((trim.x1 - trim.x0) / MM - 210.0).abs() < 0.01);
        assert!(((trim.y1 - trim.y0) / MM - 297.0).abs() < 0.01);
        assert_mm(outside(media, trim), 3.0, "MediaBox beyond TrimBox");
    }
}

#[test]
fn crop_marks_grow_the_media_box_and_keep_trim_and_bleed_exact() {
    let marked = impose::crop_marks(print_pdf(), Profile::Print.bleed_mm()).unwrap();
    let plain = boxes(print_pdf());
    let pages = boxes(&marked);
    assert_eq!(pages.len(), plain.len());
    for (media, trim, bleed) in pages {
        let trim = trim.expect("TrimBox");
        let bleed = bleed.expect("BleedBox");
        assert!(((trim.x1 - trim.x0) / MM - 210.0).abs() < 0.01);
        assert_mm(outside(bleed, trim), 3.0, "BleedBox beyond TrimBox");
        assert_mm(
            outside(media, bleed),
            impose::MARK_ROOM_MM,
            "MediaBox beyond BleedBox",
        );
    }
}

#[test]
fn print_render_uses_only_cmyk_with_k100_text() {
    let report = check::pdf(print_pdf(), Profile::Print).unwrap();
    let text: Vec<&String> = report
        .colours
        .keys()
        .filter(|k| k.starts_with("文字"))
        .collect();
    assert!(
        text.contains(&&"文字: DeviceCMYK 0 0 0 1".to_owned()),
        "{text:?}"
    );
    for label in report.colours.keys() {
        assert!(label.contains("DeviceCMYK"), "print file uses {label}");
        assert!(!label.contains("四色黑"), "print file uses {label}");
    }
}

#[test]
fn preflight_passes_the_print_render_with_every_font_embedded() {
    let report = check::pdf(print_pdf(), Profile::Print).unwrap();
    assert!(report.passed(), "{report}");
    assert!(report.fonts.len() >= 3, "{:?}", report.fonts);
    assert!(report.fonts.iter().all(|f| f.embedded && f.to_unicode));
}

#[test]
fn preflight_reads_every_embedded_font_program_and_flags_a_damaged_one() {
    // The body font's program is the largest CFF stream; damage two bytes a
    // third of the way into its compressed data, as a bad transfer would.
    let mut pdf = print_pdf().to_vec();
    let find = |from: usize, what: &[u8]| {
        from + pdf[from..]
            .windows(what.len())
            .position(|w| w == what)
            .expect("found")
    };
    let mut largest = (0, 0);
    let mut at = 0;
    while let Some(dict) = pdf[at..]
        .windows(b"/CIDFontType0C".len())
        .position(|w| w == b"/CIDFontType0C")
    {
        let start = find(at + dict, b"stream\n") + b"stream\n".len();
        let end = find(start, b"endstream");
        if end - start > largest.1 - largest.0 {
            largest = (start, end);
        }
        at = end;
    }
    let (start, end) = largest;
    assert!(
        end - start > 100_000,
        "the body font's program, {} bytes",
        end - start
    );
    let middle = start + (end - start) / 3;
    pdf[middle] ^= 0xff;
    pdf[middle + 1] ^= 0x55;

    let report = check::pdf(&pdf, Profile::Print).unwrap();
    assert!(!report.passed(), "{report}");
    let unreadable: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.code == "font-unreadable")
        .collect();
    assert_eq!(unreadable.len(), 1, "{report}");
    assert!(unreadable[0].message.contains("Fang"), "{report}");
}

/// The link annotations of every page, 1-based page → count.
fn links_per_page(pdf: &[u8]) -> Vec<(usize, usize)> {
    let pdf = Pdf::new(pdf.to_vec()).unwrap();
    pdf.pages()
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let links = page
                .raw()
                .get::<hayro_syntax::object::Array>(b"Annots")
                .map_or(0, |a| {
                    a.iter::<hayro_syntax::object::Dict>()
                        .filter(|d| {
                            d.get::<hayro_syntax::object::Name>(b"Subtype").as_deref()
                                == Some(b"Link".as_slice())
                        })
                        .count()
                });
            (i + 1, links)
        })
        .filter(|&(_, n)| n > 0)
        .collect()
}

/// Every destination the laid-out pages link to, in reading order.
fn link_targets(frame: &typst::layout::Frame, out: &mut Vec<typst::introspection::Location>) {
    use typst::layout::FrameItem;
    use typst::model::Destination;
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(g) => link_targets(&g.frame, out),
            FrameItem::Link(Destination::Location(loc), _) => out.push(*loc),
            _ => {}
        }
    }
}

#[test]
fn the_screen_contents_link_each_entry_once_to_its_heading_and_print_links_nothing() {
    // On screen: one link per contents entry, to that entry's heading.
    let issue = sample();
    let compiled = Compiler::new(Layout::default(), fonts(), &issue)
        .with_profile(Profile::Screen)
        .compile(&issue, false)
        .expect("the sample renders");
    let mut targets = Vec::new();
    for page in compiled.document.pages() {
        link_targets(&page.frame, &mut targets);
    }
    use typst::introspection::Introspector;
    let headings: Vec<_> = compiled
        .document
        .introspector()
        .query(&typst::foundations::Selector::Elem(
            typst::foundations::Element::of::<typst::model::HeadingElem>(),
            None,
        ))
        .iter()
        .map(|h| h.location().unwrap())
        .collect();
    let entries = issue.sections.len()
        + issue
            .sections
            .iter()
            .map(|s| s.articles.len())
            .sum::<usize>();
    assert_eq!(headings.len(), entries);
    assert_eq!(
        targets, headings,
        "the contents' links, in order, are its headings"
    );
    let screen = export::pdf_for(&compiled.document, &issue, Profile::Screen).unwrap();
    let annotations = links_per_page(&screen);
    assert_eq!(
        annotations.iter().map(|&(_, n)| n).sum::<usize>(),
        entries,
        "one link annotation per entry: {annotations:?}"
    );
    // A print file with such links fails the preflight (PDF/X) ...
    let report = check::pdf(&screen, Profile::Print).unwrap();
    let flagged: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.code == "annotation")
        .map(|f| f.message.as_str())
        .collect();
    assert_eq!(flagged.len(), annotations.len(), "{report}");
    // ... and the print render has none.
    assert_eq!(links_per_page(print_pdf()), []);
}

#[test]
fn archive_render_declares_pdfa_2u_with_an_output_intent_and_srgb_colours() {
    let pdf = render(Profile::Archive);
    let report = check::pdf(&pdf, Profile::Archive).unwrap();
    assert_eq!(report.pdfa.as_deref(), Some("2U"));
    assert!(report.output_intent);
    assert!(report.passed(), "{report}");
    assert!(
        report.colours.keys().all(|k| !k.contains("CMYK")),
        "{:?}",
        report.colours
    );
    assert_eq!(check::guess_profile(&pdf), Profile::Archive);
    // The archive keeps the issue's pages: no bleed, no padding.
    let pages = boxes(&pdf);
    assert!(pages.iter().all(|(_, trim, _)| trim.is_none()));
}

/// A tiny PDF as another tool might write it: Helvetica not embedded, no
/// ToUnicode, text in RGB red, 3 pages, no TrimBox.
fn broken_pdf() -> Vec<u8> {
    let content = b"BT /F1 12 Tf 1 0 0 rg 72 720 Td (Hello) Tj ET";
    let mut objects: Vec<String> = vec![
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R \
         /Resources << /Font << /F1 5 0 R >> >> >>"
            .into(),
        format!(
            "<< /Length {} >>\nstream\n{}\nendstream",
            content.len(),
            String::from_utf8_lossy(content)
        ),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into(),
    ];
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    for (i, object) in objects.drain(..).enumerate() {
        offsets.push(out.len());
        out.extend(format!("{} 0 obj\n{object}\nendobj\n", i + 1).as_bytes());
    }
    let xref = out.len();
    out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes());
    for offset in &offsets {
        out.extend(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            offsets.len() + 1
        )
        .as_bytes(),
    );
    out
}

#[test]
fn preflight_flags_rgb_text_an_unembedded_font_and_a_missing_trim_box() {
    let report = check::pdf(&broken_pdf(), Profile::Print).unwrap();
    assert!(!report.passed());
    let codes: Vec<&str> = report
        .findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .map(|f| f.code)
        .collect();
    for code in [
        "font-not-embedded",
        "no-tounicode",
        "colour",
        "no-trimbox",
        "page-count",
    ] {
        assert!(
            codes.contains(&code),
            "{code} missing from {codes:?}\n{report}"
        );
    }
    assert!(report.colours.contains_key("文字: DeviceRGB"), "{report}");
}

#[test]
fn preflight_of_an_issue_warns_about_missing_internal_publication_fields() {
    let mut issue = sample();
    issue.colophon.permit = None;
    issue.colophon.print_run = None;
    let report = check::issue(&issue, &[], print_pdf(), Profile::Print).unwrap();
    let warnings: Vec<&String> = report
        .findings
        .iter()
        .filter(|f| f.code == "internal-publication")
        .map(|f| &f.message)
        .collect();
    assert!(
        warnings.iter().any(|m| m.contains("准印证号")),
        "{warnings:?}"
    );
    assert!(warnings.iter().any(|m| m.contains("印数")), "{warnings:?}");
    // Warnings alone do not fail the check.
    assert!(report.passed(), "{report}");
}

/// The source pages drawn on a sheet side, each with the x offset it is
/// placed at: which page stands left, which right.
fn xobject_order(pdf: &[u8], page: usize) -> Vec<(f32, usize)> {
    let pdf = Pdf::new(pdf.to_vec()).unwrap();
    let page = &pdf.pages()[page];
    let content = page.page_stream().unwrap().to_vec();
    let text = String::from_utf8_lossy(&content);
    // `q 1 0 0 1 X Y cm … /P<n> Do Q`: the x offset and the page index.
    let mut placed = Vec::new();
    let mut x = 0.0;
    let tokens: Vec<&str> = text.split_whitespace().collect();
    for (i, token) in tokens.iter().enumerate() {
        if *token == "cm" {
            x = tokens[i - 2].parse().unwrap();
        }
        if *token == "Do" {
            let index = tokens[i - 1].trim_start_matches("/P").parse().unwrap();
            placed.push((x, index));
        }
    }
    placed
}

#[test]
fn imposing_the_sample_puts_page_one_beside_the_last_page_on_the_first_sheet() {
    let pages = boxes(print_pdf()).len();
    let imposed = impose::saddle_stitch(print_pdf()).unwrap();
    let sheets = boxes(&imposed);
    assert_eq!(
        sheets.len(),
        pages / 2,
        "two sides per sheet, two pages per side"
    );
    let (media, _, _) = sheets[0];
    assert!(
        ((media.x1 - media.x0) / MM - 420.0).abs() < 0.01,
        "A3 landscape"
    );
    assert!(
        ((media.y1 - media.y0) / MM - 297.0).abs() < 0.01,
        "A3 landscape"
    );
    // Front of sheet 1: the last page on the left, page 1 on the right.
    let front = xobject_order(&imposed, 0);
    assert_eq!(front.len(), 2, "{front:?}");
    let (left, right) = if front[0].0 < front[1].0 {
        (front[0].1, front[1].1)
    } else {
        (front[1].1, front[0].1)
    };
    assert_eq!((left, right), (pages - 1, 0));
    // Back of sheet 1: page 2 | last − 1.
    let back = xobject_order(&imposed, 1);
    let mut back = back.clone();
    back.sort_by(|a, b| a.0.total_cmp(&b.0));
    assert_eq!(
        back.iter().map(|p| p.1).collect::<Vec<_>>(),
        vec![1, pages - 2]
    );
}

#[test]
fn preflight_finds_a_notdef_glyph_inside_justified_text() {
    // A character no shipped font has (U+17000, Tangut), printed anyway
    // (`--allow-missing-glyphs`) right after a compressed comma: Typst
    // writes the comma, an adjustment for its compression and then the
    // .notdef code in one TJ array, so the code comes after a number.
    let mut issue = sample();
    let article = &mut issue.sections[0].articles[0];
    let paragraph = &mut article.paragraphs[0];
    let at = paragraph.find('，').unwrap() + '，'.len_utf8();
    paragraph.insert(at, '\u{17000}');
    let compiled = Compiler::new(Layout::default(), fonts(), &issue)
        .with_profile(Profile::Print)
        .compile(&issue, true)
        .expect("renders with the glyph missing");
    assert_eq!(compiled.missing.len(), 1, "{:?}", compiled.missing);
    let pdf = export::pdf_for(&compiled.document, &issue, Profile::Print).unwrap();
    let report = check::pdf(&pdf, Profile::Print).unwrap();
    let notdef: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.code == "notdef" && f.severity == Severity::Error)
        .collect();
    assert_eq!(notdef.len(), 1, "{report}");
    assert!(notdef[0].message.contains("6"), "names page 6: {report}");
    // The sample itself has none.
    let clean = check::pdf(print_pdf(), Profile::Print).unwrap();
    assert!(clean.findings.iter().all(|f| f.code != "notdef"), "{clean}");
}
