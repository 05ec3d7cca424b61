//! Visual regression: every page of the sample, and small focused fixtures,
//! compared with the reference images in `tests/ref/` (grey, 40 dpi).
//!
//! On a difference the test writes expected | difference | actual images and
//! an `index.html` under `target/…/tmp/visual/NAME/` and names the pages.
//! References are rewritten only on purpose:
//! `YUEBAO_UPDATE_REFS=1 cargo test --release --test visual`.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use yuebao::compare::{self, GreyImage, report, source};

/// Resolution of the reference images: enough to see a moved line or a
/// changed character, small enough to commit every page of the sample.
const DPI: f32 = 40.0;

fn refs(name: &str) -> PathBuf {
    root().join("tests/ref").join(name)
}

fn updating() -> bool {
    std::env::var_os("YUEBAO_UPDATE_REFS").is_some_and(|v| v == "1")
}

/// Writes `pages` as the references of `name`, replacing the old ones.
fn update(dir: &Path, pages: &[GreyImage]) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    for (i, page) in pages.iter().enumerate() {
        let path = dir.join(format!("page-{:03}.png", i + 1));
        yuebao::export::write_atomic(&path, &page.to_png().unwrap()).unwrap();
    }
}

/// Compares `pages` with the references of `name`; panics naming the pages
/// that differ, after writing the report.
fn check(name: &str, pages: Vec<GreyImage>) {
    let dir = refs(name);
    if updating() {
        update(&dir, &pages);
        return;
    }
    let expected = source::png_folder(&dir).unwrap_or_else(|e| {
        panic!("{e}\n没有参考图像：如确需生成，请运行 YUEBAO_UPDATE_REFS=1 cargo test --release --test visual")
    });
    let comparison = compare::compare(&expected, &pages, &compare::Options::default());
    if comparison.is_same() {
        return;
    }
    let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join("visual")
        .join(name);
    let _ = std::fs::remove_dir_all(&out);
    let labels = (&*dir.to_string_lossy(), "本次渲染");
    let index = report::write(&out, labels, &expected, &pages, &comparison).unwrap();
    let lines: Vec<String> = comparison.differing().map(|p| p.to_string()).collect();
    panic!(
        "{name}: {} 页与参考图像不同：\n{}\n报告：{}",
        lines.len(),
        lines.join("\n"),
        index.display()
    );
}

fn fixture(name: &str) -> Vec<GreyImage> {
    let path = root().join(format!("tests/ref/fixtures/{name}.toml"));
    let issue = yuebao::Issue::load(&path).expect("fixture is valid");
    let compiled = compile(&issue).expect("fixture renders");
    source::document_pages(&compiled.document, DPI)
}

#[test]
fn every_sample_page_matches_its_reference() {
    check(
        "sample",
        source::document_pages(&sample_compiled().document, DPI),
    );
}

#[test]
fn masthead_page_matches_its_reference() {
    check("masthead", fixture("masthead"));
}

#[test]
fn wrapped_toc_title_matches_its_reference() {
    check("toc-wrap", fixture("toc-wrap"));
}

#[test]
fn run_in_headline_at_the_foot_of_a_page_matches_its_reference() {
    check("headline-foot", fixture("headline-foot"));
}

#[test]
fn rare_character_fallback_matches_its_reference() {
    check("rare-char", fixture("rare-char"));
}

#[test]
fn a_moved_page_element_fails_the_comparison() {
    // The check above must be able to fail: page 2 of the sample shifted
    // down by 4 pixels (a line moved by less than 2 pt) is a change.
    let page = &source::document_pages(&sample_compiled().document, DPI)[1];
    let shift = 4 * page.width as usize;
    let mut moved = page.clone();
    moved.pixels[shift..].copy_from_slice(&page.pixels[..page.pixels.len() - shift]);
    moved.pixels[..shift].fill(255);
    let result = compare::compare_page(2, page, &moved, &compare::Options::default());
    assert!(result.differs(), "{result}");
}
