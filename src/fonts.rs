//! Font discovery and the font roles of a layout.
//!
//! A layout asks for fonts by role (title 小标宋, body 仿宋, heading 黑体, kai 楷体), never by
//! file. Each role has a list of family names, in order of preference: first the names a print
//! office's machines carry (仿宋_GB2312, 方正小标宋简体, …), then the freely licensed faces
//! shipped in `fonts/`, and last a full-coverage Noto face for rare characters. Fonts given with
//! `--font-path` come before installed fonts, which come before the shipped ones.
//!
//! Only families that are really present reach Typst (it warns for each unknown family), and a
//! name matches in any language of the font's name table, so `仿宋_GB2312` finds the font whose
//! English name is `FangSong_GB2312`.
//!
//! Fonts are loaded lazily: discovery reads only the name tables (fontdb), a face is measured
//! for Typst's font book only when its family is chosen for a role, and its file is
//! memory-mapped and parsed only when the layout actually uses it.

use std::collections::HashSet;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use serde::Serialize;
use typst::foundations::Bytes;
use typst::text::{Font, FontBook, FontInfo};

pub use crate::model::Role;

/// Families, in order of preference, that a print office may have installed.
fn installed_names(role: Role) -> &'static [&'static str] {
    match role {
        Role::Title => &[
            "FZXiaoBiaoSong-B05S",
            "方正小标宋简体",
            "方正小标宋_GBK",
            "FZXiaoBiaoSong-B05",
            "方正小标宋",
            "小标宋",
        ],
        Role::Body => &[
            "FangSong_GB2312",
            "仿宋_GB2312",
            "FangSong",
            "仿宋",
            "STFangsong",
            "华文仿宋",
        ],
        Role::Heading => &["SimHei", "黑体", "STHeiti", "华文黑体"],
        Role::Kai => &[
            "KaiTi_GB2312",
            "楷体_GB2312",
            "KaiTi",
            "楷体",
            "STKaiti",
            "华文楷体",
        ],
    }
}

/// The shipped stand-in for the role (see `fonts/FONTS.md`).
fn shipped_names(role: Role) -> &'static [&'static str] {
    match role {
        Role::Title => &["Noto Serif CJK SC"],
        Role::Body => &["FandolFang"],
        Role::Heading => &["Noto Sans CJK SC"],
        Role::Kai => &["FandolKai"],
    }
}

/// The full-coverage face every role falls back to, last.
const FALLBACK: &str = "Noto Serif CJK SC";

/// Where a font file was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Origin {
    /// A directory given with `--font-path`.
    FontPath,
    /// Installed on this machine.
    System,
    /// Shipped with yuebao in `fonts/`.
    Shipped,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Origin::FontPath => "--font-path",
            Origin::System => "系统已安装",
            Origin::Shipped => "随附字体",
        })
    }
}

/// Where to look for fonts.
#[derive(Debug, Clone)]
pub struct FontOptions {
    /// Directories given with `--font-path`, searched first.
    pub font_paths: Vec<PathBuf>,
    /// Whether to use the fonts installed on this machine.
    pub system_fonts: bool,
    /// The directory of the shipped fonts; `None` finds it next to the program.
    pub shipped_dir: Option<PathBuf>,
}

impl Default for FontOptions {
    fn default() -> Self {
        FontOptions {
            font_paths: Vec::new(),
            system_fonts: true,
            shipped_dir: None,
        }
    }
}

impl FontOptions {
    /// Only the shipped fonts: what tests and reference images use, so that
    /// they do not depend on the machine.
    pub fn shipped_only() -> Self {
        FontOptions {
            system_fonts: false,
            ..FontOptions::default()
        }
    }
}

/// The directory of the shipped fonts: `$YUEBAO_FONTS`, else `fonts/` in the
/// source tree this program was built from, else `fonts/` beside the program.
pub fn shipped_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("YUEBAO_FONTS") {
        return dir.into();
    }
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("fonts");
    if source.is_dir() {
        return source;
    }
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join("fonts")))
        .unwrap_or(source)
}

/// A family chosen for a role.
#[derive(Debug, Clone, Serialize)]
pub struct Choice {
    /// The name the layout asked for (`仿宋_GB2312`, `FandolFang`, …).
    pub requested: String,
    /// The family name Typst knows the font by.
    pub family: String,
    /// Where its first face was found.
    pub origin: Origin,
    /// The file of its first face.
    pub path: PathBuf,
}

/// The fonts of one render: the faces of every family chosen for a role, in
/// a Typst font book, and the families each role may use, best first.
pub struct Fonts {
    book: FontBook,
    slots: Vec<Slot>,
    roles: Vec<(Role, Vec<Choice>)>,
    /// The fonts found, kept so that an issue's preferred families can be
    /// chosen without searching the disk again ([`Fonts::with_preferred`]).
    found: Arc<Found>,
}

/// Every face discovery found, with where it came from.
struct Found {
    db: fontdb::Database,
    origins: Vec<(fontdb::ID, Origin)>,
    searched: Vec<PathBuf>,
}

struct Slot {
    path: PathBuf,
    index: u32,
    font: OnceLock<Option<Font>>,
}

/// Why fonts could not be set up.
#[derive(Debug)]
pub enum FontError {
    /// A role has no font at all: not even the shipped fonts were found.
    NoFont { role: Role, searched: Vec<PathBuf> },
    /// A `--font-path` directory does not exist.
    MissingDir(PathBuf),
}

impl std::error::Error for FontError {}

impl fmt::Display for FontError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FontError::NoFont { role, searched } => {
                let dirs: Vec<String> = searched.iter().map(|p| p.display().to_string()).collect();
                write!(
                    f,
                    "找不到{}（{}）字体：随附字体不在 {}；请设置 YUEBAO_FONTS 指向 yuebao 的 fonts/ 目录，或用 --font-path 指定字体目录",
                    role.chinese(),
                    role.name(),
                    dirs.join("、")
                )
            }
            FontError::MissingDir(dir) => write!(f, "字体目录不存在: {}", dir.display()),
        }
    }
}

impl Fonts {
    /// Discovers fonts and chooses the families of every role.
    pub fn discover(options: &FontOptions) -> Result<Fonts, FontError> {
        let shipped = options.shipped_dir.clone().unwrap_or_else(shipped_dir);
        let mut db = fontdb::Database::new();
        let mut origins: Vec<(fontdb::ID, Origin)> = Vec::new();
        let mut load =
            |db: &mut fontdb::Database, origin: Origin, f: &dyn Fn(&mut fontdb::Database)| {
                let before: HashSet<fontdb::ID> = db.faces().map(|face| face.id).collect();
                f(db);
                origins.extend(
                    db.faces()
                        .filter(|face| !before.contains(&face.id))
                        .map(|face| (face.id, origin)),
                );
            };
        for dir in &options.font_paths {
            if !dir.exists() {
                return Err(FontError::MissingDir(dir.clone()));
            }
            load(&mut db, Origin::FontPath, &|db| {
                if dir.is_file() {
                    let _ = db.load_font_file(dir);
                } else {
                    db.load_fonts_dir(dir);
                }
            });
        }
        if options.system_fonts {
            load(&mut db, Origin::System, &|db| db.load_system_fonts());
        }
        load(&mut db, Origin::Shipped, &|db| db.load_fonts_dir(&shipped));

        let mut searched = options.font_paths.clone();
        searched.push(shipped);
        let found = Arc::new(Found {
            db,
            origins,
            searched,
        });
        Fonts::choose(found, &[])
    }

    /// The same fonts with `preferred` families tried first for their roles
    /// (an issue's `[layout.fonts]`). Names no found font has are dropped,
    /// so the font book holds only families that exist.
    pub fn with_preferred(&self, preferred: &[(Role, Vec<String>)]) -> Fonts {
        Fonts::choose(self.found.clone(), preferred)
            .expect("the built-in candidates were found before, so every role has a font")
    }

    fn choose(found: Arc<Found>, preferred: &[(Role, Vec<String>)]) -> Result<Fonts, FontError> {
        let mut chooser = Chooser {
            db: &found.db,
            origins: &found.origins,
            book: FontBook::new(),
            slots: Vec::new(),
            known: Vec::new(),
        };
        let mut roles = Vec::new();
        for role in Role::ALL {
            let extra = preferred
                .iter()
                .filter(|(r, _)| *r == role)
                .flat_map(|(_, names)| names.iter().map(String::as_str));
            let names = extra
                .chain(installed_names(role).iter().copied())
                .chain(shipped_names(role).iter().copied())
                .chain([FALLBACK]);
            let mut choices: Vec<Choice> = Vec::new();
            for name in names {
                if let Some(choice) = chooser.choose(name, role.weight())
                    && !choices.iter().any(|c| c.family == choice.family)
                {
                    choices.push(choice);
                }
            }
            if choices.is_empty() {
                return Err(FontError::NoFont {
                    role,
                    searched: found.searched.clone(),
                });
            }
            roles.push((role, choices));
        }
        let (book, slots) = (chooser.book, chooser.slots);
        Ok(Fonts {
            book,
            slots,
            roles,
            found,
        })
    }

    /// Typst's font book: every face of every chosen family.
    pub fn book(&self) -> &FontBook {
        &self.book
    }

    /// The face with the given index in the book, parsed on first use.
    pub fn font(&self, index: usize) -> Option<Font> {
        let slot = self.slots.get(index)?;
        slot.font
            .get_or_init(|| {
                let data = map_file(&slot.path).ok()?;
                Font::new(data, slot.index)
            })
            .clone()
    }

    /// The files of every face in the book, each once.
    pub fn files(&self) -> Vec<PathBuf> {
        let mut files: Vec<PathBuf> = self.slots.iter().map(|s| s.path.clone()).collect();
        files.sort();
        files.dedup();
        files
    }

    /// The families a role may use, best first.
    pub fn role(&self, role: Role) -> &[Choice] {
        self.roles
            .iter()
            .find(|(r, _)| *r == role)
            .map(|(_, c)| c.as_slice())
            .unwrap_or_default()
    }

    /// Every family in the book, each once, in order of preference.
    pub fn families(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for (_, choices) in &self.roles {
            for c in choices {
                if !out.contains(&c.family.as_str()) {
                    out.push(&c.family);
                }
            }
        }
        out
    }
}

struct Chooser<'a> {
    db: &'a fontdb::Database,
    origins: &'a [(fontdb::ID, Origin)],
    book: FontBook,
    slots: Vec<Slot>,
    /// Faces already in the book, with their Typst family.
    known: Vec<(fontdb::ID, String)>,
}

impl Chooser<'_> {
    /// Finds the faces a name stands for, adds them to the book (best origin
    /// first) and returns the choice, or `None` if no font has that name.
    fn choose(&mut self, name: &str, weight: u16) -> Option<Choice> {
        let wanted = name.to_lowercase();
        let mut faces: Vec<(Origin, &fontdb::FaceInfo)> = self
            .db
            .faces()
            .filter(|face| {
                face.post_script_name.to_lowercase() == wanted
                    || face
                        .families
                        .iter()
                        .any(|(family, _)| family.to_lowercase() == wanted)
            })
            .filter_map(|face| {
                let origin = self.origins.iter().find(|(id, _)| *id == face.id)?.1;
                Some((origin, face))
            })
            .collect();
        faces.sort_by_key(|(origin, _)| *origin);
        let best = faces
            .iter()
            .min_by_key(|(origin, face)| (*origin, face.weight.0.abs_diff(weight)))
            .map(|(_, face)| face.id);
        let mut first: Option<Choice> = None;
        for (origin, face) in faces {
            let family = match self.known.iter().find(|(id, _)| *id == face.id) {
                Some((_, family)) => family.clone(),
                None => {
                    let info = self.db.with_face_data(face.id, FontInfo::new).flatten()?;
                    let family = info.family.clone();
                    let fontdb::Source::File(path) = &face.source else {
                        continue;
                    };
                    self.book.push(info);
                    self.slots.push(Slot {
                        path: path.clone(),
                        index: face.index,
                        font: OnceLock::new(),
                    });
                    self.known.push((face.id, family.clone()));
                    family
                }
            };
            if Some(face.id) == best
                && let fontdb::Source::File(path) = &face.source
            {
                first = Some(Choice {
                    requested: name.to_owned(),
                    family,
                    origin,
                    path: path.clone(),
                });
            }
        }
        first
    }
}

/// Memory-maps a font file. CJK fonts are 10–20 MB each: mapping lets the
/// operating system read only the pages shaping touches, and share them
/// between the processes of a batch (eager reading cost ~140 ms and ~90 MB).
#[allow(unsafe_code)]
fn map_file(path: &Path) -> std::io::Result<Bytes> {
    let file = std::fs::File::open(path)?;
    // Safety: font files are not modified while yuebao runs; a font replaced
    // on disk during a render is outside what the program can guard against,
    // the same assumption fontdb and every font-using program make.
    let map = unsafe { memmap2::Mmap::map(&file)? };
    Ok(Bytes::new(map))
}
