//! Batch rendering as the archive uses it: parallel, resilient, incremental.

mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::*;
use yuebao::batch::{Batch, BatchError, Outcome, collect_inputs};
use yuebao::{Layout, Profile};

/// Writes `count` small distinct issues (two sections of the sample each,
/// consecutive numbers) into `dir` and returns their paths.
fn write_issues(dir: &Path, count: u32) -> Vec<PathBuf> {
    std::fs::create_dir_all(dir).unwrap();
    (0..count)
        .map(|i| {
            let mut issue = sample();
            issue.sections.truncate(2);
            issue.masthead.number = i + 1;
            issue.masthead.total_number = 200 + i + 1;
            let path = dir.join(format!("issue-{i}.json"));
            std::fs::write(&path, issue.to_json()).unwrap();
            path
        })
        .collect()
}

fn batch(out: &Path) -> Batch {
    Batch {
        layout: Layout::default(),
        fonts: fonts(),
        out_dir: out.to_owned(),
        force: false,
        stop: Arc::default(),
        jobs: 2,
        // What `yuebao render` and `yuebao batch` make by default.
        profile: Profile::Print,
        png_dpi: None,
    }
}

fn outcomes(batch: &Batch, inputs: &[PathBuf]) -> Vec<(String, Outcome)> {
    let mut reports = batch.run(inputs, &|_, _| {}).unwrap();
    reports.sort_by(|a, b| a.input.cmp(&b.input));
    reports
        .into_iter()
        .map(|r| {
            (
                r.input.file_name().unwrap().to_string_lossy().into_owned(),
                r.outcome,
            )
        })
        .collect()
}

fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn one_bad_issue_never_stops_the_rest() {
    let dir = scratch("batch-bad");
    let mut inputs = write_issues(&dir.join("in"), 3);
    let bad = dir.join("in/broken.toml");
    std::fs::write(&bad, "[masthead]\ntitle = \"平顶山月报\"\nyear = \n").unwrap();
    inputs.push(bad);
    let out = dir.join("out");
    let results = outcomes(&batch(&out), &collect_inputs(&[dir.join("in")]).unwrap());
    assert_eq!(results.len(), 4);
    let failed: Vec<_> = results
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::Failed(_)))
        .collect();
    assert_eq!(failed.len(), 1, "{results:?}");
    assert_eq!(failed[0].0, "broken.toml");
    let Outcome::Failed(why) = &failed[0].1 else {
        unreachable!()
    };
    assert!(
        why.contains("broken.toml:3:"),
        "the reason names file and line: {why}"
    );
    for n in 1..=3 {
        assert!(out.join(format!("2023-{n:02}.pdf")).is_file());
    }
    let leftovers: Vec<_> = std::fs::read_dir(&out)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file is left behind");
}

#[test]
fn up_to_date_issues_are_skipped_and_a_changed_one_is_rendered_again() {
    let dir = scratch("batch-incremental");
    let inputs = write_issues(&dir.join("in"), 3);
    let out = dir.join("out");
    let first = outcomes(&batch(&out), &inputs);
    assert!(
        first
            .iter()
            .all(|(_, o)| matches!(o, Outcome::Rendered { .. })),
        "{first:?}"
    );
    let second = outcomes(&batch(&out), &inputs);
    assert!(
        second.iter().all(|(_, o)| *o == Outcome::Skipped),
        "{second:?}"
    );

    // An editor corrects one paragraph of issue 2.
    let text = std::fs::read_to_string(&inputs[1])
        .unwrap()
        .replacen("9月8日", "9月9日", 1);
    std::fs::write(&inputs[1], text).unwrap();
    let third = outcomes(&batch(&out), &inputs);
    let rendered: Vec<&str> = third
        .iter()
        .filter(|(_, o)| matches!(o, Outcome::Rendered { .. }))
        .map(|(name, _)| name.as_str())
        .collect();
    assert_eq!(rendered, vec!["issue-1.json"]);

    // --force renders everything.
    let forced = Batch {
        force: true,
        ..batch(&out)
    };
    assert!(
        outcomes(&forced, &inputs)
            .iter()
            .all(|(_, o)| matches!(o, Outcome::Rendered { .. }))
    );
}

#[test]
fn two_issues_for_the_same_file_are_an_error_before_anything_renders() {
    let dir = scratch("batch-clash");
    let inputs = write_issues(&dir.join("in"), 2);
    let copy = dir.join("in/copy.json");
    std::fs::copy(&inputs[0], &copy).unwrap();
    let out = dir.join("out");
    let error = batch(&out)
        .run(&[inputs[0].clone(), inputs[1].clone(), copy], &|_, _| {})
        .unwrap_err();
    assert!(matches!(error, BatchError::SameOutput { .. }));
    assert!(error.to_string().contains("2023-01.pdf"), "{error}");
    assert!(!out.exists(), "nothing was written");
}

#[test]
fn a_batch_writes_the_same_bytes_as_a_render_of_each_issue_alone() {
    // Later issues of a batch reuse the glyph programs and boxes that the
    // fonts' earlier subsets made (vendor/README.md, patches 2 and 4); the
    // archive must get exactly the PDF a single render would give. Each
    // issue has other sections of the sample, so other characters.
    let dir = scratch("batch-bytes");
    std::fs::create_dir_all(dir.join("in")).unwrap();
    let inputs: Vec<PathBuf> = (0..3u32)
        .map(|i| {
            let mut issue = sample();
            let first = 2 * i as usize;
            issue.sections = issue.sections[first..first + 2].to_vec();
            issue.masthead.number = i + 1;
            issue.masthead.total_number = 200 + i + 1;
            let path = dir.join(format!("in/issue-{i}.json"));
            std::fs::write(&path, issue.to_json()).unwrap();
            path
        })
        .collect();
    let out = dir.join("out");
    let one_at_a_time = Batch {
        jobs: 1,
        ..batch(&out)
    };
    let results = outcomes(&one_at_a_time, &inputs);
    assert!(
        results
            .iter()
            .all(|(_, o)| matches!(o, Outcome::Rendered { .. })),
        "{results:?}"
    );
    let last = yuebao::Issue::load(&inputs[2]).unwrap();
    let alone = dir.join("alone.pdf");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_yuebao"))
        .args(["render", "--no-system-fonts", "-o"])
        .arg(&alone)
        .arg(&inputs[2])
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let batched = std::fs::read(out.join(yuebao::batch::output_name(&last))).unwrap();
    assert!(
        batched == std::fs::read(&alone).unwrap(),
        "the batch's PDF of the third issue differs from a render of it alone"
    );
}

#[test]
fn page_images_come_with_the_pdf_and_never_keep_pages_of_an_earlier_render() {
    // The archive renders with --png to compare page images after a layout
    // change: the folder must hold exactly the pages of the current PDF.
    let dir = scratch("batch-png");
    let inputs = write_issues(&dir.join("in"), 1);
    let out = dir.join("out");
    let with_images = Batch {
        png_dpi: Some(20.0),
        ..batch(&out)
    };
    let pages_of = |results: &[(String, Outcome)]| match results[0].1 {
        Outcome::Rendered { pages } => pages,
        ref other => panic!("not rendered: {other:?}"),
    };
    let images = |issue: &yuebao::Issue| -> Vec<String> {
        let folder = yuebao::batch::png_dir(&out.join(yuebao::batch::output_name(issue)));
        let mut names: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    };
    let issue = yuebao::Issue::load(&inputs[0]).unwrap();
    let first = pages_of(&outcomes(&with_images, &inputs));
    let expected: Vec<String> = (1..=first).map(|p| format!("page-{p:03}.png")).collect();
    assert_eq!(images(&issue), expected);
    let png = std::fs::read(png_path(&out, &issue, 1)).unwrap();
    assert!(png.starts_with(b"\x89PNG"), "page 1 is a PNG image");

    // Up to date, images included: skipped.
    assert_eq!(outcomes(&with_images, &inputs)[0].1, Outcome::Skipped);
    // Asking for images where there were none renders again.
    let without = dir.join("out-plain");
    outcomes(&batch(&without), &inputs);
    let asked = Batch {
        png_dpi: Some(20.0),
        ..batch(&without)
    };
    assert!(matches!(
        outcomes(&asked, &inputs)[0].1,
        Outcome::Rendered { .. }
    ));

    // The issue loses a section and so pages: no page of the longer render
    // stays behind.
    let mut shorter = issue.clone();
    shorter.sections.truncate(1);
    std::fs::write(&inputs[0], shorter.to_json()).unwrap();
    let second = pages_of(&outcomes(&with_images, &inputs));
    assert!(second < first, "{second} pages after {first}");
    let expected: Vec<String> = (1..=second).map(|p| format!("page-{p:03}.png")).collect();
    assert_eq!(images(&shorter), expected);
}

fn png_path(out: &Path, issue: &yuebao::Issue, page: usize) -> PathBuf {
    yuebao::batch::png_dir(&out.join(yuebao::batch::output_name(issue)))
        .join(format!("page-{page:03}.png"))
}
