//! Where page images come from: a PDF (rasterised with hayro, so a PDF made
//! by anything can be compared), an issue file (compiled, then rasterised),
//! or a folder of page PNGs (`page-001.png`, … in name order).
//!
//! typst-render and hayro anti-alias differently and round the page size
//! differently (by up to a pixel). So that a PDF compared with its own issue
//! file shows no difference, an issue compared with a PDF is exported to PDF
//! in memory and rasterised by hayro as well: both sides go through the same
//! renderer ([`Rasteriser::Pdf`]). Two issue files are rasterised directly
//! with typst-render ([`Rasteriser::Typst`]), which is faster. The
//! comparison itself still allows a pixel of size difference and
//! anti-aliasing noise, for folders of PNGs made by other tools.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use typst_layout::PagedDocument;

use super::{CompareError, GreyImage};
use crate::compile::Compiler;
use crate::fonts::Fonts;
use crate::layouts::Layout;
use crate::model::Issue;
use crate::profile::Profile;

/// A set of pages to compare.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Pdf(PathBuf),
    Issue(PathBuf),
    PngFolder(PathBuf),
}

impl Source {
    /// Recognises a source by its path: a folder, a `.pdf`, or a `.toml` /
    /// `.json` issue file.
    pub fn from_path(path: &Path) -> Result<Source, CompareError> {
        if path.is_dir() {
            return Ok(Source::PngFolder(path.to_owned()));
        }
        if !path.exists() {
            return Err(CompareError::Unreadable {
                path: path.to_owned(),
                reason: "文件不存在".into(),
            });
        }
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match extension.as_str() {
            "pdf" => Ok(Source::Pdf(path.to_owned())),
            "toml" | "json" => Ok(Source::Issue(path.to_owned())),
            _ => Err(CompareError::Unreadable {
                path: path.to_owned(),
                reason: "不是 PDF、期刊文件（.toml/.json）或页面图像目录".into(),
            }),
        }
    }

    pub fn path(&self) -> &Path {
        match self {
            Source::Pdf(p) | Source::Issue(p) | Source::PngFolder(p) => p,
        }
    }
}

/// How issue files become page images.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rasteriser {
    /// typst-render, straight from the laid-out pages.
    Typst,
    /// Through an in-memory PDF, rasterised by hayro like any PDF.
    Pdf,
}

impl Rasteriser {
    /// The rasteriser for issue files when comparing `a` with `b`: through
    /// PDF when either side is a PDF, so that both sides share a renderer.
    pub fn for_pair(a: &Source, b: &Source) -> Rasteriser {
        if matches!(a, Source::Pdf(_)) || matches!(b, Source::Pdf(_)) {
            Rasteriser::Pdf
        } else {
            Rasteriser::Typst
        }
    }
}

/// What rendering an issue file needs.
#[derive(Clone)]
pub struct Rendering {
    pub dpi: f32,
    pub layout: Layout,
    pub fonts: Arc<Fonts>,
    pub rasteriser: Rasteriser,
    /// The output profile issue files are laid out for. Compared with a PDF,
    /// an issue must be laid out as that PDF was (a print PDF has bleed and
    /// blank pages up to a multiple of 4): [`profile_of`] tells which.
    pub profile: Profile,
}

/// The profile to lay out issue files in when comparing `a` with `b`: that
/// of the PDF among them (the first, if both are), or screen.
pub fn profile_of(a: &Source, b: &Source) -> Profile {
    [a, b]
        .into_iter()
        .find_map(|source| match source {
            Source::Pdf(path) => std::fs::read(path)
                .ok()
                .map(|bytes| crate::check::guess_profile(&bytes)),
            _ => None,
        })
        .unwrap_or(Profile::Screen)
}

/// The page images of `source`.
pub fn pages(source: &Source, rendering: &Rendering) -> Result<Vec<GreyImage>, CompareError> {
    match source {
        Source::Pdf(path) => {
            let bytes = std::fs::read(path).map_err(|e| CompareError::Unreadable {
                path: path.clone(),
                reason: e.to_string(),
            })?;
            pdf_pages(bytes, rendering.dpi).map_err(|reason| CompareError::Unreadable {
                path: path.clone(),
                reason,
            })
        }
        Source::Issue(path) => {
            let issue_error = |reason: String| CompareError::Unreadable {
                path: path.clone(),
                reason,
            };
            let issue =
                Issue::load_for(path, rendering.layout).map_err(|e| issue_error(e.to_string()))?;
            let compiled = Compiler::new(rendering.layout, rendering.fonts.clone(), &issue)
                .with_profile(rendering.profile)
                .compile(&issue, false)
                .map_err(|e| issue_error(e.to_string()))?;
            match rendering.rasteriser {
                Rasteriser::Typst => Ok(document_pages(&compiled.document, rendering.dpi)),
                Rasteriser::Pdf => {
                    let pdf = crate::export::pdf_for(&compiled.document, &issue, rendering.profile)
                        .map_err(|e| issue_error(e.to_string()))?;
                    pdf_pages(pdf, rendering.dpi).map_err(issue_error)
                }
            }
        }
        Source::PngFolder(dir) => png_folder(dir),
    }
}

/// The pages of a laid-out document, rasterised by typst-render in parallel.
pub fn document_pages(document: &PagedDocument, dpi: f32) -> Vec<GreyImage> {
    document
        .pages()
        .par_iter()
        .map(|page| {
            let pixmap = typst_render::render(
                page,
                &typst_render::RenderOptions {
                    pixel_per_pt: typst::utils::Scalar::new((dpi / 72.0) as f64),
                    render_bleed: false,
                },
            );
            GreyImage::from_premultiplied_rgba(pixmap.width(), pixmap.height(), pixmap.data())
        })
        .collect()
}

/// The pages of a PDF (its crop boxes), rasterised by hayro in parallel on
/// white paper.
pub fn pdf_pages(bytes: Vec<u8>, dpi: f32) -> Result<Vec<GreyImage>, String> {
    use hayro::hayro_interpret::InterpreterSettings;
    use hayro::hayro_syntax::Pdf;

    let data = Arc::new(bytes);
    let load = || Pdf::new(data.clone()).map_err(|e| format!("无法解析 PDF：{e:?}"));
    let count = load()?.pages().len();
    let scale = dpi / 72.0;
    (0..count)
        .into_par_iter()
        .map(|i| {
            // hayro's caches are not shared between threads; parsing the
            // cross-reference table again per page is cheap next to drawing.
            let pdf = load()?;
            let page = &pdf.pages()[i];
            let pixmap = hayro::render(
                page,
                &hayro::RenderCache::new(),
                &InterpreterSettings::default(),
                &hayro::RenderSettings {
                    x_scale: scale,
                    y_scale: scale,
                    bg_color: hayro::vello_cpu::color::palette::css::WHITE,
                    ..Default::default()
                },
            );
            Ok(GreyImage::from_premultiplied_rgba(
                pixmap.width() as u32,
                pixmap.height() as u32,
                pixmap.data_as_u8_slice(),
            ))
        })
        .collect()
}

/// The PNGs of a folder, in name order (`page-001.png`, `page-002.png`, …).
pub fn png_folder(dir: &Path) -> Result<Vec<GreyImage>, CompareError> {
    let unreadable = |path: &Path, reason: String| CompareError::Unreadable {
        path: path.to_owned(),
        reason,
    };
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| unreadable(dir, e.to_string()))?
        .filter_map(|entry| entry.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("png")))
        .collect();
    paths.sort();
    if paths.is_empty() {
        return Err(unreadable(dir, "目录中没有 PNG 页面图像".into()));
    }
    paths
        .par_iter()
        .map(|path| {
            let bytes = std::fs::read(path).map_err(|e| unreadable(path, e.to_string()))?;
            GreyImage::from_png(&bytes).map_err(|reason| unreadable(path, reason))
        })
        .collect()
}
