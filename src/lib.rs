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
//! - [`compile`]: Typst compilation and the check for missing glyphs;
//! - [`inspect`]: the laid-out document read back (lines, heading pages), used by
//!   [`typography`] (the clreq checker) and [`provenance`] (pages against the original);
//! - [`export`]: PDF and page images, written atomically; [`impose`]: crop marks and
//!   saddle-stitch imposition; [`check`]: preflight of a PDF or an issue;
//! - [`compare`]: page images compared with a tolerance, and the report; [`proof`]:
//!   a contact sheet of every page;
//! - [`batch`]: many issues in one process, in parallel and incrementally.
#![deny(unsafe_code)]

pub mod batch;
pub mod check;
pub mod compare;
pub mod compile;
pub mod export;
pub mod fonts;
pub mod import;
pub mod impose;
pub mod inspect;
pub mod layouts;
mod locate;
pub mod model;
pub mod profile;
pub mod proof;
pub mod provenance;
pub mod typography;
pub mod world;

pub use compile::{CompileError, Compiled, Compiler, MissingGlyph};
pub use fonts::{FontOptions, Fonts, Role};
pub use layouts::Layout;
pub use model::{Issue, ModelError};
pub use profile::Profile;
