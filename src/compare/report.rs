//! The report of a comparison: for each changed page an image of
//! expected | difference | actual side by side (as resvg writes on a failed
//! test), thumbnails of the pages that did not change, and `index.html`
//! tying them together. Self-contained: images beside the HTML, no network.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use super::{CompareError, Comparison, GreyImage, PageResult, PageStatus};
use crate::export;

/// Width in pixels of the thumbnails of unchanged pages.
const THUMB_WIDTH: u32 = 120;
/// Gap between the three panels of a side-by-side image.
const GAP: u32 = 8;
const RED: [u8; 3] = [230, 0, 0];

/// An RGB image, row by row.
struct Rgb {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
}

impl Rgb {
    fn new(width: u32, height: u32, fill: u8) -> Rgb {
        Rgb {
            width,
            height,
            pixels: vec![fill; (width * height * 3) as usize],
        }
    }

    fn set(&mut self, x: u32, y: u32, rgb: [u8; 3]) {
        if x < self.width && y < self.height {
            let i = ((y * self.width + x) * 3) as usize;
            self.pixels[i..i + 3].copy_from_slice(&rgb);
        }
    }

    fn paste(&mut self, image: &GreyImage, left: u32) {
        for y in 0..image.height.min(self.height) {
            for x in 0..image.width {
                let v = image.at(x, y);
                self.set(left + x, y, [v, v, v]);
            }
        }
    }

    fn png(&self) -> Result<Vec<u8>, CompareError> {
        let mut out = Vec::new();
        let mut encoder = png::Encoder::new(&mut out, self.width, self.height);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder
            .write_header()
            .map_err(|e| CompareError::Report(e.to_string()))?;
        writer
            .write_image_data(&self.pixels)
            .map_err(|e| CompareError::Report(e.to_string()))?;
        writer
            .finish()
            .map_err(|e| CompareError::Report(e.to_string()))?;
        Ok(out)
    }
}

/// The middle panel: both pages faded and laid over each other, changed
/// pixels in red, and a red frame around the change so that a few pixels
/// are seen at a glance.
fn overlay(a: &GreyImage, b: &GreyImage, result: &PageResult) -> Rgb {
    let (width, height) = (a.width.min(b.width), a.height.min(b.height));
    let mut out = Rgb::new(width, height, 255);
    for y in 0..height {
        for x in 0..width {
            let v = a.at(x, y).min(b.at(x, y));
            let faded = 255 - (255 - v) / 4;
            out.set(x, y, [faded, faded, faded]);
        }
    }
    for &(x, y) in &result.changed {
        out.set(x, y, RED);
    }
    if let PageStatus::Changed { bounds, .. } = &result.status {
        let margin = 3;
        let (l, t) = (
            bounds.left.saturating_sub(margin),
            bounds.top.saturating_sub(margin),
        );
        let (r, b) = (bounds.right + margin, bounds.bottom + margin);
        for x in l..=r {
            out.set(x, t, RED);
            out.set(x, b, RED);
        }
        for y in t..=b {
            out.set(l, y, RED);
            out.set(r, y, RED);
        }
    }
    out
}

/// expected | difference | actual, side by side.
pub fn side_by_side(a: &GreyImage, b: &GreyImage, result: &PageResult) -> Vec<u8> {
    let middle = overlay(a, b, result);
    let width = a.width + middle.width + b.width + 2 * GAP;
    let height = a.height.max(b.height);
    let mut out = Rgb::new(width, height, 160);
    out.paste(a, 0);
    let left = a.width + GAP;
    for y in 0..middle.height {
        for x in 0..middle.width {
            let i = ((y * middle.width + x) * 3) as usize;
            let p = &middle.pixels[i..i + 3];
            out.set(left + x, y, [p[0], p[1], p[2]]);
        }
    }
    out.paste(b, left + middle.width + GAP);
    out.png().unwrap_or_default()
}

/// A page scaled down to [`THUMB_WIDTH`] by averaging boxes of pixels.
pub fn thumbnail(image: &GreyImage) -> GreyImage {
    let factor = image.width.div_ceil(THUMB_WIDTH).max(1);
    let (width, height) = (image.width / factor, image.height / factor);
    let mut pixels = Vec::with_capacity((width * height) as usize);
    for ty in 0..height {
        for tx in 0..width {
            let mut sum = 0u32;
            for y in ty * factor..(ty + 1) * factor {
                for x in tx * factor..(tx + 1) * factor {
                    sum += image.at(x, y) as u32;
                }
            }
            pixels.push((sum / (factor * factor)) as u8);
        }
    }
    GreyImage {
        width,
        height,
        pixels,
    }
}

/// Writes the report into `dir` (created if need be) and returns the path
/// of its `index.html`. `labels` name the two sides (e.g. their paths).
pub fn write(
    dir: &Path,
    labels: (&str, &str),
    expected: &[GreyImage],
    actual: &[GreyImage],
    comparison: &Comparison,
) -> Result<PathBuf, CompareError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| CompareError::Report(format!("{}: {e}", dir.display())))?;
    let save = |name: &str, bytes: &[u8]| {
        export::write_atomic(&dir.join(name), bytes)
            .map_err(|e| CompareError::Report(e.to_string()))
    };
    let mut changed = String::new();
    let mut same = String::new();
    for result in &comparison.pages {
        let n = result.page;
        let (a, b) = (expected.get(n - 1), actual.get(n - 1));
        match (&result.status, a, b) {
            (PageStatus::Same, Some(a), _) => {
                let name = format!("thumb-{n:03}.png");
                save(&name, &thumbnail(a).to_png()?)?;
                let _ = write!(
                    same,
                    "<figure><img src=\"{name}\" alt=\"第 {n} 页\"><figcaption>{n}</figcaption></figure>"
                );
            }
            (PageStatus::Changed { .. }, Some(a), Some(b)) => {
                let name = format!("page-{n:03}-diff.png");
                save(&name, &side_by_side(a, b, result))?;
                let _ = write!(
                    changed,
                    "<section id=\"p{n}\"><h2>{}</h2><p class=\"legend\"><span>原样（{}）</span><span>差异（红色）</span><span>新样（{}）</span></p><a href=\"{name}\"><img src=\"{name}\" alt=\"第 {n} 页差异\"></a></section>",
                    escape(&result.to_string()),
                    escape(labels.0),
                    escape(labels.1)
                );
            }
            (_, a, b) => {
                // Added, removed, or of another size: show what there is.
                let mut images = String::new();
                for (side, image) in [("a", a), ("b", b)] {
                    if let Some(image) = image {
                        let name = format!("page-{n:03}-{side}.png");
                        save(&name, &thumbnail(image).to_png()?)?;
                        let _ = write!(images, "<img class=\"lone\" src=\"{name}\" alt=\"\">");
                    }
                }
                let _ = write!(
                    changed,
                    "<section id=\"p{n}\"><h2>{}</h2>{images}</section>",
                    escape(&result.to_string())
                );
            }
        }
    }
    let count = comparison.differing().count();
    let summary = if count == 0 {
        "没有页面超出容差。".to_owned()
    } else {
        let list: Vec<String> = comparison
            .differing()
            .map(|p| format!("<a href=\"#p{0}\">{0}</a>", p.page))
            .collect();
        format!("{count} 页不同：第 {} 页。", list.join("、"))
    };
    let html = format!(
        r#"<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>页面比较</title>
<style>
body {{ font-family: sans-serif; margin: 1.5em; background: #f4f4f4; color: #222; }}
h1 {{ font-size: 1.4em; }} h2 {{ font-size: 1.1em; margin: 0 0 .4em; }}
section {{ background: #fff; padding: 1em; margin: 1em 0; border-left: 4px solid #e60000; }}
section img {{ max-width: 100%; border: 1px solid #ccc; }}
.legend {{ display: flex; justify-content: space-around; color: #555; margin: .2em 0; }}
.lone {{ margin-right: 1em; }}
.same {{ display: flex; flex-wrap: wrap; gap: .6em; }}
figure {{ margin: 0; text-align: center; }} figure img {{ border: 1px solid #ccc; background: #fff; }}
</style></head><body>
<h1>页面比较：{a} → {b}</h1>
<p>{summary}</p>
{changed}
<h2>未变的页面</h2>
<div class="same">{same}</div>
</body></html>
"#,
        a = escape(labels.0),
        b = escape(labels.1),
    );
    let index = dir.join("index.html");
    save("index.html", html.as_bytes())?;
    Ok(index)
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
