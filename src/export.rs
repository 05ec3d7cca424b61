//! Export: the laid-out document as PDF (typst-pdf) and page images
//! (typst-render), and writing files so that nothing is left half-written.

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::model::Issue;
use crate::profile::Profile;

/// The `/Creator` of every PDF: pinned, so that two renders of the same
/// issue with the same fonts are byte-identical.
pub const CREATOR: &str = concat!("yuebao ", env!("CARGO_PKG_VERSION"), " (Typst 0.15)");

/// Why an export failed.
#[derive(Debug)]
pub enum ExportError {
    Pdf(Vec<String>),
    Png(String),
    Write {
        path: PathBuf,
        error: std::io::Error,
    },
}

impl std::error::Error for ExportError {}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ExportError::Pdf(errors) => write!(f, "PDF 导出失败：{}", errors.join("；")),
            ExportError::Png(error) => write!(f, "PNG 编码失败：{error}"),
            ExportError::Write { path, error } => {
                write!(f, "{}: 无法写入: {error}", path.display())
            }
        }
    }
}

/// The PDF of a laid-out issue. The document identifier comes from the
/// issue's identity and the timestamp from its date, so the bytes depend
/// only on the issue, the layout and the fonts.
pub fn pdf(document: &PagedDocument, issue: &Issue) -> Result<Vec<u8>, ExportError> {
    pdf_for(document, issue, Profile::default())
}

/// The PDF of an issue laid out for `profile`: PDF/A-2u for the archive
/// (GB/T 23286 = ISO 19005-2; the `u` level keeps the text searchable),
/// plain PDF otherwise. The document must have been compiled with the same
/// profile: PDF/A refuses the print profile's CMYK colours.
pub fn pdf_for(
    document: &PagedDocument,
    issue: &Issue,
    profile: Profile,
) -> Result<Vec<u8>, ExportError> {
    let m = &issue.masthead;
    let ident = format!("{}/{}/{}/{}", m.title, m.year, m.number, m.total_number);
    let date = Datetime::from_ymd(m.date.year as i32, m.date.month as u8, m.date.day as u8);
    let standards = match profile {
        Profile::Archive => PdfStandards::new(&[PdfStandard::A_2u])
            .map_err(|e| ExportError::Pdf(vec![e.message().to_string()]))?,
        Profile::Print | Profile::Screen => PdfStandards::default(),
    };
    let options = PdfOptions {
        ident: Smart::Custom(ident),
        creator: Smart::Custom(Some(CREATOR.to_owned())),
        timestamp: date.map(Timestamp::new_utc),
        standards,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(document, &options)
        .map_err(|errors| ExportError::Pdf(errors.iter().map(|e| e.message.to_string()).collect()))
}

/// A page as a PNG image at `dpi`, encoded with fast settings (encoding
/// with default settings takes longer than rasterising).
pub fn png(document: &PagedDocument, page: usize, dpi: f32) -> Result<Vec<u8>, ExportError> {
    let pixmap = typst_render::render(
        &document.pages()[page],
        &typst_render::RenderOptions {
            pixel_per_pt: typst::utils::Scalar::new((dpi / 72.0) as f64),
            render_bleed: false,
        },
    );
    encode_png(pixmap.width(), pixmap.height(), pixmap.data())
}

/// The file name of page `page` (1-based) in a folder of page images:
/// `page-001.png`. `yuebao diff` reads such folders in name order.
pub fn png_file_name(page: usize) -> String {
    format!("page-{page:03}.png")
}

/// Removes the page images in `dir` numbered beyond `pages`: what an
/// earlier, longer render left there. Without this a folder of page images
/// would mix two renders, and `yuebao diff` would compare pages that no
/// longer exist. Only names `png_file_name` makes are touched. Returns how
/// many were removed.
pub fn remove_pngs_beyond(dir: &Path, pages: usize) -> std::io::Result<usize> {
    let mut removed = 0;
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name();
        let Some(name) = name.to_str() else {
            continue;
        };
        // The number, if `png_file_name` gives back exactly this name.
        let number = name
            .strip_prefix("page-")
            .and_then(|n| n.strip_suffix(".png"))
            .and_then(|n| n.parse::<usize>().ok())
            .filter(|&n| png_file_name(n) == name);
        if number.is_some_and(|n| n > pages) {
            std::fs::remove_file(dir.join(name))?;
            removed += 1;
        }
    }
    Ok(removed)
}

/// Every page as a PNG image at `dpi`, rasterised and encoded in parallel
/// (one page per core at a time), in page order.
pub fn pngs(document: &PagedDocument, dpi: f32) -> Result<Vec<Vec<u8>>, ExportError> {
    use rayon::prelude::*;
    (0..document.pages().len())
        .into_par_iter()
        .map(|page| png(document, page, dpi))
        .collect()
}

/// Encodes RGBA pixels (premultiplied alpha is fine for opaque pages) as PNG.
pub fn encode_png(width: u32, height: u32, rgba: &[u8]) -> Result<Vec<u8>, ExportError> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::Filter::Up);
    let mut writer = encoder
        .write_header()
        .map_err(|e| ExportError::Png(e.to_string()))?;
    writer
        .write_image_data(rgba)
        .map_err(|e| ExportError::Png(e.to_string()))?;
    writer
        .finish()
        .map_err(|e| ExportError::Png(e.to_string()))?;
    Ok(out)
}

/// Writes `bytes` to `path` atomically: into a temporary file beside it,
/// flushed to disk, then renamed over `path`. A failure leaves `path` as it
/// was, and no temporary file behind.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), ExportError> {
    let fail = |error| ExportError::Write {
        path: path.to_owned(),
        error,
    };
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result.map_err(fail)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_images_beyond_the_new_page_count_are_removed_and_nothing_else() {
        let dir = std::env::temp_dir().join(format!("yuebao-pngs-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let names = [
            "page-001.png",
            "page-003.png",
            "page-004.png",
            "page-1000.png",
            "page-04.png",
            "page-005.png.bak",
            "cover.png",
        ];
        for name in names {
            std::fs::write(dir.join(name), b"").unwrap();
        }
        assert_eq!(remove_pngs_beyond(&dir, 3).unwrap(), 2);
        let mut left: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(
            left,
            [
                "cover.png",
                "page-001.png",
                "page-003.png",
                "page-005.png.bak",
                "page-04.png"
            ]
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
