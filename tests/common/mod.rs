//! Shared by the integration tests: the sample issue, rendered once per test
//! binary with the shipped fonts only (so results do not depend on the
//! machine), and facts read from the printed original's extracted text.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use yuebao::{Compiled, Compiler, FontOptions, Fonts, Issue, Layout};

pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

pub fn sample_path() -> PathBuf {
    root().join("samples/2023-09.toml")
}

pub fn sample() -> Issue {
    Issue::load(&sample_path()).expect("the sample issue is valid")
}

pub fn fonts() -> Arc<Fonts> {
    static FONTS: OnceLock<Arc<Fonts>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            Arc::new(Fonts::discover(&FontOptions::shipped_only()).expect("shipped fonts"))
        })
        .clone()
}

/// Compiles an issue with the default layout and the shipped fonts.
pub fn compile(issue: &Issue) -> Result<Compiled, yuebao::CompileError> {
    Compiler::new(Layout::default(), fonts(), issue).compile(issue, false)
}

/// The sample, compiled once.
pub fn sample_compiled() -> &'static Compiled {
    static DOC: OnceLock<Compiled> = OnceLock::new();
    DOC.get_or_init(|| compile(&sample()).expect("the sample renders"))
}

/// The original's page of every article, in TOC order, parsed from the
/// extracted text of the printed issue (`- title (N)` or `title<TAB>(N)`).
pub fn original_toc_pages() -> Vec<usize> {
    let seed = std::fs::read_to_string(root().join("tests/fixtures/seed-2023-09.txt")).unwrap();
    let mut pages = Vec::new();
    for line in seed.lines() {
        let line = line.trim_end();
        // The colophon's 发放范围 is long; the first other long line is body text.
        if line.chars().count() > 60 && !line.starts_with("发放范围") {
            break;
        }
        let Some(open) = line.rfind('(') else {
            continue;
        };
        let number = line[open + 1..].trim_end_matches(')');
        if line.ends_with(')')
            && let Ok(n) = number.parse::<usize>()
        {
            pages.push(n);
        }
    }
    pages
}
