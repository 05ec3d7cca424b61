//! `yuebao diff` as the person who changed something runs it: exit code,
//! the pages it names, and the report.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::*;

fn tmp(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("diff-cli");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn diff(a: &Path, b: &Path, extra: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_yuebao"))
        .arg("diff")
        .arg(a)
        .arg(b)
        .arg("--no-system-fonts")
        .args(extra)
        .output()
        .expect("yuebao runs")
}

fn stdout_lines(output: &Output) -> Vec<String> {
    String::from_utf8_lossy(&output.stdout)
        .lines()
        .map(str::to_owned)
        .collect()
}

#[test]
fn one_changed_character_names_exactly_its_page() {
    let text = std::fs::read_to_string(sample_path()).unwrap();
    assert_eq!(text.matches("察看农产品展销").count(), 1);
    let changed = tmp("one-character.toml");
    std::fs::write(&changed, text.replace("察看农产品展销", "查看农产品展销")).unwrap();

    // The page that prints the changed character, found in the laid-out
    // sample (the words may run over a line or a page break).
    let lines = yuebao::inspect::lines(&sample_compiled().document);
    let printed: Vec<(usize, char)> = lines
        .iter()
        .flatten()
        .filter(|l| !l.text.starts_with('—'))
        .flat_map(|l| l.text.chars().map(move |c| (l.page, c)))
        .filter(|(_, c)| !c.is_whitespace() && *c != '\u{2060}')
        .collect();
    let text: String = printed.iter().map(|(_, c)| c).collect();
    let at = text.find("察看农产品展销").expect("the words are printed");
    let page = printed[text[..at].chars().count()].0;

    let report = tmp("report");
    let _ = std::fs::remove_dir_all(&report);
    let output = diff(&sample_path(), &changed, &["-o", report.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    let named = stdout_lines(&output);
    assert_eq!(named.len(), 1, "{named:?}");
    assert!(
        named[0].starts_with(&format!("第 {page} 页：")),
        "expected page {page}: {named:?}"
    );
    let html = std::fs::read_to_string(report.join("index.html")).unwrap();
    let image = format!("page-{page:03}-diff.png");
    assert!(html.contains(&image), "the report shows the changed page");
    assert!(report.join(image).is_file());
}

#[test]
fn sample_against_itself_exits_0() {
    let output = diff(&sample_path(), &sample_path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    assert!(stdout_lines(&output).is_empty());
}

#[test]
fn pdf_against_its_own_issue_shows_no_difference() {
    let pdf = tmp("sample.pdf");
    let bytes = yuebao::export::pdf(&sample_compiled().document, &sample()).unwrap();
    std::fs::write(&pdf, bytes).unwrap();
    let output = diff(&pdf, &sample_path(), &[]);
    assert_eq!(output.status.code(), Some(0), "{output:?}");
}

#[test]
fn the_print_pdf_render_makes_against_its_issue_shows_no_difference() {
    // What `yuebao render` writes by default has bleed and blank pages up
    // to a multiple of 4; the issue is laid out the same way to compare.
    for profile in ["print", "archive"] {
        let pdf = tmp(&format!("sample-{profile}.pdf"));
        let status = Command::new(env!("CARGO_BIN_EXE_yuebao"))
            .args(["render", "--no-system-fonts", "--profile", profile, "-o"])
            .arg(&pdf)
            .arg(sample_path())
            .stderr(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.success());
        let output = diff(&sample_path(), &pdf, &["--dpi", "30"]);
        assert_eq!(output.status.code(), Some(0), "{profile}: {output:?}");
    }
}

#[test]
fn unreadable_input_exits_2() {
    let output = diff(Path::new("/nonexistent/issue.pdf"), &sample_path(), &[]);
    assert_eq!(output.status.code(), Some(2), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("/nonexistent/issue.pdf"));
}
