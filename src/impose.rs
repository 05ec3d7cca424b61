//! Placing finished pages on larger sheets: crop marks around each page of
//! a print PDF, and saddle-stitch imposition (骑马钉拼版) of A4 pages 2-up
//! on A3 sheets for offices that print in house.
//!
//! Both read an existing PDF (hayro-syntax), carry each page over as a form
//! XObject with its fonts and resources (hayro-write) and write new pages
//! around them (pdf-writer). The new file keeps what is printed, not the
//! document's outline or structure tags: it is a file for the press.

use std::fmt;

use hayro_syntax::Pdf;
use hayro_syntax::object::Rect as PdfRect;
use hayro_write::{ChunkSettings, ExtractionQuery};
use pdf_writer::{Content, Finish, Name, Rect, Ref};

/// Millimetres to PostScript points.
pub fn mm(mm: f64) -> f32 {
    (mm * crate::layouts::PT_PER_MM) as f32
}

/// Crop marks start this far outside the trim (beyond the bleed), so that
/// no mark shows on a page trimmed a little off.
pub const MARK_OFFSET_MM: f64 = 3.0;
/// Length of each crop mark.
pub const MARK_LENGTH_MM: f64 = 6.0;
/// Room outside the bleed for the marks (the MediaBox grows by this much
/// beyond the BleedBox on each side).
pub const MARK_ROOM_MM: f64 = 8.0;
/// Crop marks are hairlines: 0.25 pt.
const MARK_WEIGHT: f32 = 0.25;

/// Why a PDF could not be imposed.
#[derive(Debug)]
pub enum ImposeError {
    /// The input is no PDF we can read.
    Unreadable(String),
    /// The input has no pages.
    Empty,
}

impl std::error::Error for ImposeError {}

impl fmt::Display for ImposeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImposeError::Unreadable(e) => write!(f, "无法读取 PDF：{e}"),
            ImposeError::Empty => write!(f, "PDF 没有页面"),
        }
    }
}

/// One page of the input: its XObject and where its trimmed page lies in
/// the XObject's coordinates.
struct Placed {
    xobject: Ref,
    /// The TrimBox (or, without one, the CropBox) relative to the CropBox's
    /// lower-left corner.
    trim: PdfRect,
}

/// The pages of `input` as XObjects in a new PDF under construction.
struct Carried {
    pdf: pdf_writer::Pdf,
    catalog: Ref,
    page_tree: Ref,
    pages: Vec<Placed>,
    next: Ref,
}

fn carry(input: &[u8]) -> Result<Carried, ImposeError> {
    let source = Pdf::new(input.to_vec()).map_err(|e| ImposeError::Unreadable(format!("{e:?}")))?;
    let count = source.pages().len();
    if count == 0 {
        return Err(ImposeError::Empty);
    }
    let mut next = Ref::new(1);
    let catalog = next.bump();
    let queries: Vec<ExtractionQuery> = (0..count).map(ExtractionQuery::new_xobject).collect();
    let extracted = hayro_write::extract(
        &source,
        Box::new(|| next.bump()),
        ChunkSettings::default(),
        // The isolated group of each page keeps the page's own colours:
        // CMYK stays CMYK.
        |group| {
            group.color_space().device_cmyk();
        },
        &queries,
    )
    .map_err(|e| ImposeError::Unreadable(format!("{e:?}")))?;
    let mut pages = Vec::with_capacity(count);
    for (page, root) in source.pages().iter().zip(&extracted.root_refs) {
        let crop = page.crop_box();
        let trim = page.raw().get::<PdfRect>(b"TrimBox").unwrap_or(crop);
        pages.push(Placed {
            xobject: root.map_err(|e| ImposeError::Unreadable(format!("{e:?}")))?,
            trim: PdfRect::new(
                trim.x0 - crop.x0,
                trim.y0 - crop.y0,
                trim.x1 - crop.x0,
                trim.y1 - crop.y0,
            ),
        });
    }
    let mut pdf = pdf_writer::Pdf::new();
    pdf.extend(&extracted.chunk);
    Ok(Carried {
        pdf,
        catalog,
        page_tree: extracted.page_tree_parent_ref,
        pages,
        next,
    })
}

impl Carried {
    /// Draws page `index` so that its trimmed page's lower-left corner is at
    /// (`x`, `y`); with `clip`, only the trimmed page shows.
    fn draw(&self, content: &mut Content, index: usize, x: f32, y: f32, clip: bool) {
        let page = &self.pages[index];
        let (tx, ty) = (page.trim.x0 as f32, page.trim.y0 as f32);
        content.save_state();
        content.transform([1.0, 0.0, 0.0, 1.0, x - tx, y - ty]);
        if clip {
            let (w, h) = (page.trim.x1 as f32 - tx, page.trim.y1 as f32 - ty);
            content.rect(tx, ty, w, h).clip_nonzero().end_path();
        }
        content.x_object(Name(format!("P{index}").as_bytes()));
        content.restore_state();
    }

    /// Writes a page of the new PDF: its boxes, its content and the
    /// XObjects it draws.
    fn page(
        &mut self,
        media: Rect,
        boxes: Option<(Rect, Rect)>,
        content: Content,
        drawn: &[usize],
    ) -> Ref {
        let page_ref = self.next.bump();
        let content_ref = self.next.bump();
        let mut page = self.pdf.page(page_ref);
        page.media_box(media)
            .parent(self.page_tree)
            .contents(content_ref);
        if let Some((bleed, trim)) = boxes {
            page.bleed_box(bleed).trim_box(trim);
        }
        let mut resources = page.resources();
        {
            let mut xobjects = resources.x_objects();
            for &i in drawn {
                xobjects.pair(Name(format!("P{i}").as_bytes()), self.pages[i].xobject);
            }
        }
        // Registration colour (/All): crop marks print on every plate.
        let mut spaces = resources.color_spaces();
        let mut registration = spaces
            .insert(Name(b"Reg"))
            .start::<pdf_writer::writers::ColorSpace>()
            .separation(Name(b"All"));
        registration.alternate_color_space().device_cmyk();
        registration
            .tint_exponential()
            .domain([0.0, 1.0])
            .c0([0.0, 0.0, 0.0, 0.0])
            .c1([1.0, 1.0, 1.0, 1.0])
            .n(1.0);
        drop(registration);
        spaces.finish();
        resources.finish();
        page.finish();
        self.pdf.stream(content_ref, &content.finish());
        page_ref
    }

    fn finish(mut self, pages: Vec<Ref>) -> Vec<u8> {
        self.pdf.catalog(self.catalog).pages(self.page_tree);
        self.pdf
            .pages(self.page_tree)
            .count(pages.len() as i32)
            .kids(pages);
        self.pdf.finish()
    }
}

/// Adds crop marks (裁切线) to every page of a print PDF made with a bleed
/// of `bleed_mm`: the MediaBox grows by [`MARK_ROOM_MM`] beyond the bleed on
/// each side, the TrimBox stays exactly where it was, and a BleedBox (which
/// Typst does not write) is added, `bleed_mm` outside the TrimBox.
pub fn crop_marks(input: &[u8], bleed_mm: f64) -> Result<Vec<u8>, ImposeError> {
    let mut doc = carry(input)?;
    let (bleed, room) = (mm(bleed_mm), mm(MARK_ROOM_MM));
    let (offset, length) = (mm(MARK_OFFSET_MM.max(bleed_mm)), mm(MARK_LENGTH_MM));
    let mut refs = Vec::new();
    for i in 0..doc.pages.len() {
        let t = doc.pages[i].trim;
        let (w, h) = ((t.x1 - t.x0) as f32, (t.y1 - t.y0) as f32);
        let margin = bleed + room;
        let trim = Rect::new(margin, margin, margin + w, margin + h);
        let bleed_box = Rect::new(room, room, room + w + 2.0 * bleed, room + h + 2.0 * bleed);
        let media = Rect::new(0.0, 0.0, w + 2.0 * margin, h + 2.0 * margin);
        let mut content = Content::new();
        // The page with its bleed, clipped to the BleedBox.
        content.save_state();
        content
            .rect(room, room, w + 2.0 * bleed, h + 2.0 * bleed)
            .clip_nonzero()
            .end_path();
        doc.draw(&mut content, i, margin, margin, false);
        content.restore_state();
        // Two marks at each corner, in line with the trim edges.
        content.save_state();
        content.set_stroke_color_space(Name(b"Reg"));
        content.set_stroke_color([1.0]);
        content.set_line_width(MARK_WEIGHT);
        for (cx, dx) in [(trim.x1, -1.0), (trim.x2, 1.0)] {
            for (cy, dy) in [(trim.y1, -1.0), (trim.y2, 1.0)] {
                // Horizontal mark beside the corner, vertical mark below/above it.
                content.move_to(cx + dx * offset, cy);
                content.line_to(cx + dx * (offset + length), cy);
                content.move_to(cx, cy + dy * offset);
                content.line_to(cx, cy + dy * (offset + length));
            }
        }
        content.stroke();
        content.restore_state();
        refs.push(doc.page(media, Some((bleed_box, trim)), content, &[i]));
    }
    Ok(doc.finish(refs))
}

/// The saddle-stitch order of `pages` pages (padded to a multiple of 4): for
/// each sheet, front then back, the (left, right) page indices; `None` is a
/// blank page. Sheet 1 front: last | 1; back: 2 | last − 1; and so on.
pub fn saddle_stitch_order(pages: usize) -> Vec<(Option<usize>, Option<usize>)> {
    let padded = pages.div_ceil(4) * 4;
    let page = |i: usize| (i < pages).then_some(i);
    let mut sides = Vec::with_capacity(padded / 2);
    for sheet in 0..padded / 4 {
        sides.push((page(padded - 1 - 2 * sheet), page(2 * sheet)));
        sides.push((page(2 * sheet + 1), page(padded - 2 - 2 * sheet)));
    }
    sides
}

/// Imposes the pages of `input` 2-up for saddle stitching: each sheet side
/// is two trimmed pages wide (A3 landscape for A4 pages), in the order of
/// [`saddle_stitch_order`], blank pages padding the count to a multiple of
/// 4. Pages are placed by their TrimBox, so a print render's bleed is cut
/// off at the fold and the sheet edge.
pub fn saddle_stitch(input: &[u8]) -> Result<Vec<u8>, ImposeError> {
    let mut doc = carry(input)?;
    let first = doc.pages[0].trim;
    let (w, h) = ((first.x1 - first.x0) as f32, (first.y1 - first.y0) as f32);
    let media = Rect::new(0.0, 0.0, 2.0 * w, h);
    let mut refs = Vec::new();
    for (left, right) in saddle_stitch_order(doc.pages.len()) {
        let mut content = Content::new();
        let mut drawn = Vec::new();
        for (page, x) in [(left, 0.0), (right, w)] {
            if let Some(i) = page {
                doc.draw(&mut content, i, x, 0.0, true);
                drawn.push(i);
            }
        }
        refs.push(doc.page(media, None, content, &drawn));
    }
    Ok(doc.finish(refs))
}

#[cfg(test)]
mod tests {
    use super::saddle_stitch_order;

    #[test]
    fn sheet_one_carries_the_last_page_beside_page_one() {
        let order = saddle_stitch_order(8);
        assert_eq!(order[0], (Some(7), Some(0)));
        assert_eq!(order[1], (Some(1), Some(6)));
        assert_eq!(order[2], (Some(5), Some(2)));
        assert_eq!(order[3], (Some(3), Some(4)));
    }

    #[test]
    fn odd_page_counts_are_padded_with_blanks_at_the_end() {
        let order = saddle_stitch_order(5);
        assert_eq!(order.len(), 4);
        assert_eq!(order[0], (None, Some(0)));
        assert_eq!(order[1], (Some(1), None));
        assert_eq!(order[2], (None, Some(2)));
        assert_eq!(order[3], (Some(3), Some(4)));
    }
}
