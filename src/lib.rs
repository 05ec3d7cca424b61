//! yuebao: typesetting and print pipeline for Chinese government periodicals
//! (月报, 简报, 内部资料).
//!
//! The modules follow the pipeline, in the order data flows through it:
//!
//! - [`model`]: the issue as editors write it (TOML or JSON), validated up front;
//!   [`import`] makes one from the extracted text of a printed back issue;
//! - [`fonts`]: font discovery and the font roles of a layout;
//! - [`layouts`]: the Typst layouts embedded in the binary; [`profile`]: print,
//!   archive or screen output;
//! - [`world`]: our `typst::World`, serving only the layouts and the issue data;
//!   [`headlines`] gives layouts with standalone headlines the words a headline
//!   may break between;
//! - [`compile`]: Typst compilation and the check for missing glyphs;
//! - [`inspect`]: the laid-out document read back (lines, heading pages), used by
//!   [`typography`] (the clreq checker) and [`provenance`] (pages against the original);
//! - [`export`]: PDF and page images, written atomically; [`impose`]: crop marks and
//!   saddle-stitch imposition; [`check`]: preflight of a PDF or an issue;
//! - [`compare`]: page images compared with a tolerance, and the report; [`proof`]:
//!   a contact sheet of every page;
//! - [`batch`]: many issues in one process, in parallel and incrementally.
//!
//! Everything after `model`, `import` and `layouts` (the layouts' names, grids
//! and sources, which the model checks `[layout]` against) is behind the
//! default feature `render`; `default-features = false` leaves only those three
//! (and their small dependencies: serde, toml, encoding_rs), for the importer's
//! fuzz target. The default feature
//! `mimalloc` makes mimalloc the global allocator of every program linking the
//! library (the reasons and figures are in `alloc.rs`).
#![deny(unsafe_code)]

#[cfg(feature = "mimalloc")]
mod alloc;
#[cfg(feature = "render")]
pub mod batch;
#[cfg(feature = "render")]
pub mod check;
#[cfg(feature = "render")]
pub mod compare;
#[cfg(feature = "render")]
pub mod compile;
#[cfg(feature = "render")]
pub mod export;
#[cfg(feature = "render")]
pub mod fonts;
#[cfg(feature = "render")]
pub mod headlines;
pub mod import;
#[cfg(feature = "render")]
pub mod impose;
#[cfg(feature = "render")]
pub mod inspect;
pub mod layouts;
mod locate;
pub mod model;
#[cfg(feature = "render")]
pub mod profile;
#[cfg(feature = "render")]
pub mod proof;
#[cfg(feature = "render")]
pub mod provenance;
#[cfg(feature = "render")]
pub mod typography;
#[cfg(feature = "render")]
pub mod world;

#[cfg(feature = "render")]
pub use compile::{CompileError, Compiled, Compiler, MissingGlyph};
#[cfg(feature = "render")]
pub use fonts::{FontOptions, Fonts};
pub use layouts::Layout;
pub use model::{Issue, ModelError, Role};
#[cfg(feature = "render")]
pub use profile::Profile;
