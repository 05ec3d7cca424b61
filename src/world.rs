//! Our own `typst::World`: the embedded layouts, the issue as a virtual JSON
//! file, and the fonts of the render.
//!
//! The world serves only its own files: the layout sources compiled into the binary and
//! `/data.json`. A layout cannot read any path on disk, and text in the issue is data that
//! Typst never evaluates, so `#sys.version` in an article prints as written.
//!
//! The issue travels as a file rather than through `sys.inputs`: changing `sys.inputs` changes
//! the library's hash and throws away comemo's cache, while a changed file only invalidates what
//! read it (a warm re-render after a one-paragraph edit is then a matter of milliseconds).

use std::sync::Arc;

use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use crate::fonts::Fonts;
use crate::layouts::{self, Layout};

/// The world one issue is compiled in.
pub struct IssueWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Arc<Fonts>,
    main: FileId,
    sources: Vec<Source>,
    data_id: FileId,
    data: Bytes,
    today: Option<Datetime>,
}

/// The file id of a virtual path in the project root.
pub fn file_id(path: &str) -> FileId {
    let vpath = VirtualPath::new(path).expect("layout paths are valid virtual paths");
    FileId::new(RootedPath::new(VirtualRoot::Project, vpath))
}

impl IssueWorld {
    /// A world for `layout`, with the given fonts and data (`/data.json`).
    /// `today` is what Typst's `datetime.today()` returns: the issue's date,
    /// so that a render does not depend on the day it is made.
    pub fn new(layout: Layout, fonts: Arc<Fonts>, data: Vec<u8>, today: (i32, u8, u8)) -> Self {
        crate::typography::set_line_rules();
        let sources = layouts::FILES
            .iter()
            .map(|(path, text)| Source::new(file_id(path), (*text).to_owned()))
            .collect();
        IssueWorld {
            library: LazyHash::new(Library::builder().build()),
            book: LazyHash::new(fonts.book().clone()),
            fonts,
            main: file_id(layout.entry),
            sources,
            data_id: file_id(layouts::DATA_PATH),
            data: Bytes::new(data),
            today: Datetime::from_ymd(today.0, today.1, today.2),
        }
    }

    /// Replaces the issue data, keeping everything else (and comemo's cache).
    pub fn set_data(&mut self, data: Vec<u8>) {
        self.data = Bytes::new(data);
    }

    /// Sets what `datetime.today()` returns: the date of the issue now compiled.
    pub fn set_today(&mut self, today: (i32, u8, u8)) {
        self.today = Datetime::from_ymd(today.0, today.1, today.2);
    }

    /// The fonts of this world.
    pub fn fonts(&self) -> &Fonts {
        &self.fonts
    }

    /// The source of a layout file, for diagnostics.
    pub fn layout_source(&self, id: FileId) -> Option<&Source> {
        self.sources.iter().find(|s| s.id() == id)
    }
}

impl World for IssueWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        match self.layout_source(id) {
            Some(source) => Ok(source.clone()),
            None if id == self.data_id => Err(FileError::NotSource),
            None => Err(not_found(id)),
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            return Ok(self.data.clone());
        }
        match self.layout_source(id) {
            Some(source) => Ok(Bytes::from_string(source.text().to_owned())),
            None => Err(not_found(id)),
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_without_slash().into())
}
