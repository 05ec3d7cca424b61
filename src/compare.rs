//! Compare: two sets of page images, page by page, with a per-pixel
//! tolerance and anti-aliasing detection, so that a moved line or a changed
//! character is a change and rasteriser noise is not (issue 4).
//!
//! Pages are compared as grey images (a bulletin is black on white, with
//! at most a red masthead, which still differs in grey from black or white).
//! The [`source`] submodule turns a PDF, an issue file or a folder of PNGs
//! into page images; [`report`] writes the images and the HTML report.
//!
//! A pixel *differs* when its grey levels in the two images are more than
//! the tolerance apart. A differing pixel is *anti-aliasing* and ignored when
//! either
//! - each image has, within one pixel of it, a pixel matching the other
//!   image's value there (an edge drawn a pixel elsewhere), or
//! - one of the two values is a partial coverage (grey, not ink or paper)
//!   and each value lies within the range of grey levels the other image
//!   has within one pixel (an edge drawn a fraction of a pixel elsewhere,
//!   or with other coverage), or
//! - the ink within one pixel of it (the sum of darkness over the 3×3
//!   neighbourhood) is the same in both images up to twice the tolerance:
//!   a small mark, such as a leader dot, spread over other pixels by
//!   another rasteriser.
//!
//! A glyph replaced by another fails both tests: ink meets paper where the
//! other image has no ink near. (This is the neighbourhood idea of
//! pixelmatch's anti-aliasing detection, in a simple symmetric form.)
//! A consequence worth knowing: a line moved by a single pixel is tolerated;
//! a line moved by two pixels or more is a change.

use std::fmt;
use std::path::PathBuf;

pub mod report;
pub mod source;

/// Why pages could not be compared.
#[derive(Debug)]
pub enum CompareError {
    /// A source could not be read, parsed, compiled or rasterised.
    Unreadable { path: PathBuf, reason: String },
    /// The report could not be written.
    Report(String),
}

impl std::error::Error for CompareError {}

impl fmt::Display for CompareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CompareError::Unreadable { path, reason } => {
                write!(f, "{}: 无法读取页面：{reason}", path.display())
            }
            CompareError::Report(reason) => write!(f, "无法写出比较报告：{reason}"),
        }
    }
}

/// A page rendered to grey levels (0 black … 255 white), row by row.
#[derive(Clone, PartialEq, Eq)]
pub struct GreyImage {
    pub width: u32,
    pub height: u32,
    pub pixels: Vec<u8>,
}

impl fmt::Debug for GreyImage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "GreyImage({}×{})", self.width, self.height)
    }
}

impl GreyImage {
    /// Grey levels from premultiplied RGBA, composited over white (a page
    /// with transparent parts shows paper there).
    pub fn from_premultiplied_rgba(width: u32, height: u32, rgba: &[u8]) -> GreyImage {
        let pixels = rgba
            .chunks_exact(4)
            .map(|p| {
                let luma = (p[0] as u32 * 77 + p[1] as u32 * 150 + p[2] as u32 * 29) >> 8;
                (luma + 255 - p[3] as u32).min(255) as u8
            })
            .collect();
        GreyImage {
            width,
            height,
            pixels,
        }
    }

    /// Decodes a PNG of any colour type (8 or 16 bits), composited over
    /// white.
    pub fn from_png(bytes: &[u8]) -> Result<GreyImage, String> {
        let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        decoder.set_transformations(png::Transformations::EXPAND | png::Transformations::STRIP_16);
        let mut reader = decoder.read_info().map_err(|e| e.to_string())?;
        let mut buffer = vec![0; reader.output_buffer_size().ok_or("PNG 过大")?];
        let info = reader.next_frame(&mut buffer).map_err(|e| e.to_string())?;
        let data = &buffer[..info.buffer_size()];
        let over_white = |luma: u32, alpha: u32| (luma * alpha / 255 + 255 - alpha) as u8;
        let luma = |r: u8, g: u8, b: u8| (r as u32 * 77 + g as u32 * 150 + b as u32 * 29) >> 8;
        let pixels = match info.color_type {
            png::ColorType::Grayscale => data.to_vec(),
            png::ColorType::GrayscaleAlpha => data
                .chunks_exact(2)
                .map(|p| over_white(p[0] as u32, p[1] as u32))
                .collect(),
            png::ColorType::Rgb => data
                .chunks_exact(3)
                .map(|p| luma(p[0], p[1], p[2]) as u8)
                .collect(),
            png::ColorType::Rgba => data
                .chunks_exact(4)
                .map(|p| over_white(luma(p[0], p[1], p[2]), p[3] as u32))
                .collect(),
            png::ColorType::Indexed => return Err("未展开的调色板 PNG".into()),
        };
        Ok(GreyImage {
            width: info.width,
            height: info.height,
            pixels,
        })
    }

    /// Encodes the image as an 8-bit grey PNG, compressed well (reference
    /// images are committed, so size matters more than speed here).
    pub fn to_png(&self) -> Result<Vec<u8>, CompareError> {
        let fail = |e: png::EncodingError| CompareError::Report(e.to_string());
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, self.width, self.height);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_compression(png::Compression::High);
        let mut writer = encoder.write_header().map_err(fail)?;
        writer.write_image_data(&self.pixels).map_err(fail)?;
        writer.finish().map_err(fail)?;
        Ok(out)
    }

    fn at(&self, x: u32, y: u32) -> u8 {
        self.pixels[(y * self.width + x) as usize]
    }
}

/// How strict the comparison is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// The largest difference in grey level (0–255) that is not a change.
    pub tolerance: u8,
    /// Whether differing pixels that look like anti-aliasing are ignored.
    pub anti_aliasing: bool,
}

impl Default for Options {
    /// A tolerance of 32 grey levels (12 %), with anti-aliasing detection.
    fn default() -> Self {
        Options {
            tolerance: 32,
            anti_aliasing: true,
        }
    }
}

/// A rectangle of pixels, inclusive of both corners.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BoundingBox {
    pub left: u32,
    pub top: u32,
    pub right: u32,
    pub bottom: u32,
}

impl fmt::Display for BoundingBox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "x {}–{}, y {}–{}",
            self.left, self.right, self.top, self.bottom
        )
    }
}

/// What became of one page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PageStatus {
    /// No pixel differs beyond the tolerance.
    Same,
    /// Some pixels differ: how many, and where.
    Changed { pixels: usize, bounds: BoundingBox },
    /// The sizes differ by more than a pixel, so the pages cannot be laid
    /// over each other.
    SizeDiffers {
        expected: (u32, u32),
        actual: (u32, u32),
    },
    /// Only the second set has this page.
    Added,
    /// Only the first set has this page.
    Removed,
}

/// One page of a comparison.
#[derive(Debug, Clone)]
pub struct PageResult {
    /// 1-based page number.
    pub page: usize,
    pub status: PageStatus,
    /// Every changed pixel, as (x, y) in the common area of both pages.
    pub changed: Vec<(u32, u32)>,
}

impl PageResult {
    /// Whether this page counts as different.
    pub fn differs(&self) -> bool {
        self.status != PageStatus::Same
    }
}

impl fmt::Display for PageResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let page = self.page;
        match &self.status {
            PageStatus::Same => write!(f, "第 {page} 页：相同"),
            PageStatus::Changed { pixels, bounds } => {
                write!(f, "第 {page} 页：{pixels} 个像素不同，范围 {bounds}")
            }
            PageStatus::SizeDiffers { expected, actual } => write!(
                f,
                "第 {page} 页：尺寸不同（{}×{} 对 {}×{} 像素）",
                expected.0, expected.1, actual.0, actual.1
            ),
            PageStatus::Added => write!(f, "第 {page} 页：新增"),
            PageStatus::Removed => write!(f, "第 {page} 页：被删除"),
        }
    }
}

/// The comparison of two sets of pages.
#[derive(Debug, Clone)]
pub struct Comparison {
    pub pages: Vec<PageResult>,
}

impl Comparison {
    /// The pages that differ, in page order.
    pub fn differing(&self) -> impl Iterator<Item = &PageResult> {
        self.pages.iter().filter(|p| p.differs())
    }

    /// Whether no page differs beyond the tolerance.
    pub fn is_same(&self) -> bool {
        self.differing().next().is_none()
    }
}

/// Compares `expected` with `actual` page by page. Pages present in only one
/// set are reported as added or removed.
pub fn compare(expected: &[GreyImage], actual: &[GreyImage], options: &Options) -> Comparison {
    use rayon::prelude::*;
    let count = expected.len().max(actual.len());
    let pages = (0..count)
        .into_par_iter()
        .map(|i| match (expected.get(i), actual.get(i)) {
            (Some(a), Some(b)) => compare_page(i + 1, a, b, options),
            (None, _) => PageResult {
                page: i + 1,
                status: PageStatus::Added,
                changed: Vec::new(),
            },
            (_, None) => PageResult {
                page: i + 1,
                status: PageStatus::Removed,
                changed: Vec::new(),
            },
        })
        .collect();
    Comparison { pages }
}

/// Compares one page. Sizes may differ by one pixel either way (two
/// rasterisers round the page size differently); the common area is compared.
pub fn compare_page(page: usize, a: &GreyImage, b: &GreyImage, options: &Options) -> PageResult {
    if a.width.abs_diff(b.width) > 1 || a.height.abs_diff(b.height) > 1 {
        return PageResult {
            page,
            status: PageStatus::SizeDiffers {
                expected: (a.width, a.height),
                actual: (b.width, b.height),
            },
            changed: Vec::new(),
        };
    }
    let (width, height) = (a.width.min(b.width), a.height.min(b.height));
    let t = options.tolerance;
    let mut changed = Vec::new();
    for y in 0..height {
        let row_a = &a.pixels[(y * a.width) as usize..][..width as usize];
        let row_b = &b.pixels[(y * b.width) as usize..][..width as usize];
        if row_a == row_b {
            continue;
        }
        for x in 0..width {
            let (va, vb) = (row_a[x as usize], row_b[x as usize]);
            if va.abs_diff(vb) <= t {
                continue;
            }
            if options.anti_aliasing && looks_anti_aliased(a, b, x, y, width, height, t) {
                continue;
            }
            changed.push((x, y));
        }
    }
    let status = match bounds(&changed) {
        None => PageStatus::Same,
        Some(bounds) => PageStatus::Changed {
            pixels: changed.len(),
            bounds,
        },
    };
    PageResult {
        page,
        status,
        changed,
    }
}

/// The anti-aliasing test of the module documentation, for a pixel that
/// differs.
fn looks_anti_aliased(
    a: &GreyImage,
    b: &GreyImage,
    x: u32,
    y: u32,
    width: u32,
    height: u32,
    t: u8,
) -> bool {
    let (va, vb) = (a.at(x, y), b.at(x, y));
    let (x0, x1) = (x.saturating_sub(1), (x + 1).min(width - 1));
    let (y0, y1) = (y.saturating_sub(1), (y + 1).min(height - 1));
    let near = |image: &GreyImage| {
        let mut values = [0u8; 9];
        let mut n = 0;
        for ny in y0..=y1 {
            for nx in x0..=x1 {
                values[n] = image.at(nx, ny);
                n += 1;
            }
        }
        (values, n)
    };
    let near = |image: &GreyImage| {
        let (values, n) = near(image);
        values.into_iter().take(n)
    };
    let matches = |image: &GreyImage, value: u8| near(image).any(|v| v.abs_diff(value) <= t);
    if matches(b, va) && matches(a, vb) {
        return true;
    }
    let partial = |v: u8| v > t && v < 255 - t;
    let within = |image: &GreyImage, value: u8| {
        let (lo, hi) = near(image).fold((255u8, 0u8), |(lo, hi), v| (lo.min(v), hi.max(v)));
        value.saturating_add(t) >= lo && value <= hi.saturating_add(t)
    };
    if (partial(va) || partial(vb)) && within(b, va) && within(a, vb) {
        return true;
    }
    let ink = |image: &GreyImage| near(image).map(|v| 255 - v as u32).sum::<u32>();
    ink(a).abs_diff(ink(b)) <= 2 * t as u32
}

fn bounds(points: &[(u32, u32)]) -> Option<BoundingBox> {
    let &(x, y) = points.first()?;
    let mut b = BoundingBox {
        left: x,
        top: y,
        right: x,
        bottom: y,
    };
    for &(x, y) in points {
        b.left = b.left.min(x);
        b.right = b.right.max(x);
        b.top = b.top.min(y);
        b.bottom = b.bottom.max(y);
    }
    Some(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(width: u32, height: u32, dark: &[(u32, u32, u8)]) -> GreyImage {
        let mut pixels = vec![255; (width * height) as usize];
        for &(x, y, v) in dark {
            pixels[(y * width + x) as usize] = v;
        }
        GreyImage {
            width,
            height,
            pixels,
        }
    }

    /// A vertical line, two pixels wide, from column `x` (in half pixels),
    /// anti-aliased: a line at a half-pixel position covers half of the
    /// pixels at its edges.
    fn line(half_x: u32) -> GreyImage {
        let x = half_x / 2;
        let mut dark = Vec::new();
        for y in 2..18 {
            if half_x.is_multiple_of(2) {
                dark.extend([(x, y, 0), (x + 1, y, 0)]);
            } else {
                dark.extend([(x, y, 128), (x + 1, y, 0), (x + 2, y, 128)]);
            }
        }
        page(20, 20, &dark)
    }

    #[test]
    fn anti_aliased_edges_are_not_a_change() {
        let result = compare_page(1, &line(16), &line(17), &Options::default());
        assert_eq!(result.status, PageStatus::Same, "{result}");
        let strict = Options {
            anti_aliasing: false,
            ..Options::default()
        };
        assert!(compare_page(1, &line(16), &line(17), &strict).differs());
    }

    #[test]
    fn a_line_moved_by_three_pixels_is_a_change() {
        let result = compare_page(4, &line(16), &line(22), &Options::default());
        let PageStatus::Changed { pixels, bounds } = result.status else {
            panic!("{result}");
        };
        assert!(pixels >= 32, "{pixels}");
        assert_eq!((bounds.top, bounds.bottom), (2, 17));
        assert!(bounds.left >= 7 && bounds.right <= 14, "{bounds}");
    }

    #[test]
    fn sizes_one_pixel_apart_are_compared_on_the_common_area() {
        let a = page(20, 20, &[]);
        let b = page(21, 19, &[]);
        assert_eq!(
            compare_page(1, &a, &b, &Options::default()).status,
            PageStatus::Same
        );
        let c = page(23, 20, &[]);
        assert!(matches!(
            compare_page(1, &a, &c, &Options::default()).status,
            PageStatus::SizeDiffers { .. }
        ));
    }

    #[test]
    fn pages_only_in_one_set_are_added_or_removed() {
        let two = vec![page(5, 5, &[]), page(5, 5, &[])];
        let three = vec![page(5, 5, &[]), page(5, 5, &[]), page(5, 5, &[])];
        let grown = compare(&two, &three, &Options::default());
        assert_eq!(grown.pages[2].status, PageStatus::Added);
        let shrunk = compare(&three, &two, &Options::default());
        assert_eq!(shrunk.pages[2].status, PageStatus::Removed);
        assert_eq!(shrunk.differing().count(), 1);
    }
}
