//! Output profiles: one issue, rendered for the party that receives it.
//!
//! The print office and the archive want things that exclude each other:
//! DeviceCMYK K100 text for the press, PDF/A for the archive — and Typst's
//! PDF/A export refuses CMYK colours ("CMYK colors are not yet supported in
//! this export mode"). So they are separate renders of the same issue. The
//! layout learns the profile through `/data.json` (`data.profile`) and picks
//! its colours, bleed and page padding from it; the exporter picks the PDF
//! standard.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// Who a render is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Profile {
    /// The print office (印刷厂): K100 text and the red as CMYK, 3 mm bleed
    /// with an exact TrimBox, page count padded to a multiple of 4 for
    /// saddle stitching (骑马钉).
    Print,
    /// The archive (史志办): PDF/A-2u (GB/T 23286 = ISO 19005-2), sRGB
    /// colours, no bleed.
    Archive,
    /// Proofs for e-mail and the web: RGB, no bleed, no padding. The
    /// library's default, because it is the plainest render: its pages are
    /// exactly the pages.
    #[default]
    Screen,
}

/// The print office's bleed on each side (印刷厂要求出血 3 mm).
pub const PRINT_BLEED_MM: f64 = 3.0;

/// Saddle-stitched booklets are made of sheets folded once: 4 pages a sheet.
pub const SADDLE_STITCH_PAGES: usize = 4;

impl Profile {
    /// Every profile, in the order the CLI lists them.
    pub const ALL: [Profile; 3] = [Profile::Print, Profile::Archive, Profile::Screen];

    /// The profile's name on the command line and in `/data.json`.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Print => "print",
            Profile::Archive => "archive",
            Profile::Screen => "screen",
        }
    }

    /// The profile's name for the report of `yuebao check`.
    pub fn chinese(self) -> &'static str {
        match self {
            Profile::Print => "印刷",
            Profile::Archive => "存档",
            Profile::Screen => "屏幕",
        }
    }

    /// Whether colours are DeviceCMYK (only for print).
    pub fn cmyk(self) -> bool {
        self == Profile::Print
    }

    /// Bleed on each side of the trimmed page, in millimetres.
    pub fn bleed_mm(self) -> f64 {
        match self {
            Profile::Print => PRINT_BLEED_MM,
            Profile::Archive | Profile::Screen => 0.0,
        }
    }

    /// The page count is padded with blank pages to a multiple of this.
    pub fn page_multiple(self) -> usize {
        match self {
            Profile::Print => SADDLE_STITCH_PAGES,
            Profile::Archive | Profile::Screen => 1,
        }
    }

    /// Whether the contents link to their articles (PDF link annotations).
    /// Not for print: PDF/X allows no annotation inside the bleed box but
    /// printer's marks and trap networks, and a printer's preflight (PitStop,
    /// Acrobat) flags every link; on paper there is nothing to click.
    pub fn links(self) -> bool {
        self != Profile::Print
    }

    /// What the layout reads as `data.profile`.
    pub fn layout_data(self) -> ProfileData {
        ProfileData {
            name: self.name(),
            colours: if self.cmyk() { "cmyk" } else { "rgb" },
            bleed_mm: self.bleed_mm(),
            page_multiple: self.page_multiple(),
            links: self.links(),
        }
    }
}

/// The profile as the layout sees it (`data.profile` in `/data.json`).
#[derive(Debug, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct ProfileData {
    pub name: &'static str,
    /// `"cmyk"` or `"rgb"`.
    pub colours: &'static str,
    pub bleed_mm: f64,
    pub page_multiple: usize,
    /// Whether the contents link to their articles.
    pub links: bool,
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Profile {
    type Err = String;

    fn from_str(s: &str) -> Result<Profile, String> {
        Profile::ALL
            .into_iter()
            .find(|p| p.name() == s)
            .ok_or_else(|| format!("没有名为 “{s}” 的输出方案；可用: print、archive、screen"))
    }
}
