//! Proof sheets (样张总览): every page of an issue as a thumbnail on one
//! image, with its page number under it, for a look at the whole issue at
//! once. The numbers are drawn from a built-in 5×7 bitmap font, so the sheet
//! needs no font and looks the same on every machine.

use crate::compare::GreyImage;

/// Columns of thumbnails on a sheet.
pub const COLUMNS: usize = 8;
/// Space around thumbnails, in pixels.
const MARGIN: u32 = 12;
/// Size of one bitmap-font pixel in the page numbers.
const DOT: u32 = 2;
/// Height of the band under a thumbnail that holds its number.
const LABEL: u32 = 7 * DOT + 8;

/// The digits 0–9, 5 pixels wide and 7 high, one row per byte (bit 4 is
/// the leftmost pixel).
const DIGITS: [[u8; 7]; 10] = [
    [0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E],
    [0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E],
    [0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F],
    [0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E],
    [0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02],
    [0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E],
    [0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E],
    [0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08],
    [0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E],
    [0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C],
];

/// Lays `pages` (thumbnails, in page order) out in rows of [`COLUMNS`],
/// each with a thin frame and its 1-based page number centred under it.
pub fn contact_sheet(pages: &[GreyImage]) -> GreyImage {
    let cell_w = pages.iter().map(|p| p.width).max().unwrap_or(0) + MARGIN;
    let cell_h = pages.iter().map(|p| p.height).max().unwrap_or(0) + LABEL + MARGIN;
    let columns = COLUMNS.min(pages.len()).max(1) as u32;
    let rows = pages.len().div_ceil(COLUMNS).max(1) as u32;
    let width = columns * cell_w + MARGIN;
    let height = rows * cell_h + MARGIN;
    let mut sheet = GreyImage {
        width,
        height,
        pixels: vec![235; (width * height) as usize],
    };
    for (i, page) in pages.iter().enumerate() {
        let left = MARGIN + (i as u32 % columns) * cell_w;
        let top = MARGIN + (i as u32 / columns) * cell_h;
        for y in 0..page.height {
            let row = &page.pixels[(y * page.width) as usize..][..page.width as usize];
            let start = ((top + y) * width + left) as usize;
            sheet.pixels[start..start + row.len()].copy_from_slice(row);
        }
        frame(&mut sheet, left, top, page.width, page.height);
        let label = (i + 1).to_string();
        let label_width = label.len() as u32 * 6 * DOT - DOT;
        let x = left + page.width.saturating_sub(label_width) / 2;
        draw_number(&mut sheet, &label, x, top + page.height + 5);
    }
    sheet
}

fn frame(sheet: &mut GreyImage, left: u32, top: u32, width: u32, height: u32) {
    let (l, t) = (left.saturating_sub(1), top.saturating_sub(1));
    let (r, b) = (left + width, top + height);
    for x in l..=r {
        set(sheet, x, t, 150);
        set(sheet, x, b, 150);
    }
    for y in t..=b {
        set(sheet, l, y, 150);
        set(sheet, r, y, 150);
    }
}

fn set(sheet: &mut GreyImage, x: u32, y: u32, value: u8) {
    if x < sheet.width && y < sheet.height {
        sheet.pixels[(y * sheet.width + x) as usize] = value;
    }
}

/// Draws decimal digits in black, top-left corner at (x, y).
fn draw_number(sheet: &mut GreyImage, digits: &str, x: u32, y: u32) {
    for (k, digit) in digits.bytes().enumerate() {
        let glyph = &DIGITS[(digit - b'0') as usize];
        let gx = x + k as u32 * 6 * DOT;
        for (row, bits) in glyph.iter().enumerate() {
            for col in 0..5 {
                if bits & (0x10 >> col) != 0 {
                    for dy in 0..DOT {
                        for dx in 0..DOT {
                            set(sheet, gx + col * DOT + dx, y + row as u32 * DOT + dy, 0);
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blank(width: u32, height: u32) -> GreyImage {
        GreyImage {
            width,
            height,
            pixels: vec![255; (width * height) as usize],
        }
    }

    #[test]
    fn sheet_has_a_row_per_eight_pages_and_numbers_in_ink() {
        let pages = vec![blank(30, 40); 9];
        let sheet = contact_sheet(&pages);
        assert_eq!(sheet.width, 8 * (30 + MARGIN) + MARGIN);
        assert_eq!(sheet.height, 2 * (40 + LABEL + MARGIN) + MARGIN);
        // The number band under the first page holds black pixels.
        let band = (MARGIN + 40 + 5)..(MARGIN + 40 + 5 + 7 * DOT);
        let ink = band
            .flat_map(|y| (MARGIN..MARGIN + 30).map(move |x| (x, y)))
            .filter(|&(x, y)| sheet.pixels[(y * sheet.width + x) as usize] == 0)
            .count();
        assert!(ink > 10, "{ink}");
    }
}
