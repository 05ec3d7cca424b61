//! Layout parameters (`[layout]` in an issue file) and the second layout
//! (简报, `--layout brief`): what an editor sees when changing them.

mod common;

use common::*;
use yuebao::model::Format;
use yuebao::{Compiled, Compiler, Issue, Layout, inspect};

/// The sample's TOML with `extra` appended (a `[layout]` table).
fn sample_with(extra: &str) -> String {
    let text = std::fs::read_to_string(sample_path()).unwrap();
    format!("{text}\n{extra}\n")
}

fn parse(text: &str) -> Issue {
    Issue::parse(text, Format::Toml).expect("the issue is valid")
}

fn render(layout: Layout, issue: &Issue) -> Compiled {
    Compiler::new(layout, fonts(), issue)
        .compile(issue, false)
        .expect("the issue renders")
}

/// The most Chinese characters on one line of the body (after the front
/// matter). Punctuation and digits are left out: compressed marks and
/// half-width digits let a line carry a little beyond its grid.
fn widest_body_line(compiled: &Compiled) -> usize {
    let first = inspect::headings(&compiled.document)
        .into_iter()
        .find(|h| h.level == 2)
        .unwrap()
        .page;
    let han = |c: &char| matches!(c, '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}');
    inspect::lines(&compiled.document)[first - 1..]
        .iter()
        .flatten()
        .map(|l| l.text.chars().filter(han).count())
        .max()
        .unwrap()
}

#[test]
fn a_narrower_grid_sets_fewer_characters_a_line() {
    let narrow = parse(&sample_with("[layout.grid]\nchars_per_line = 24"));
    let house = widest_body_line(sample_compiled());
    let narrow = widest_body_line(&render(Layout::default(), &narrow));
    assert_eq!(house, 28, "house grid: {house} characters");
    assert_eq!(narrow, 24, "24 a line: the widest line has {narrow}");
}

#[test]
fn paper_and_margins_change_the_page() {
    let issue = parse(&sample_with(
        "[layout]\npaper = \"B5\"\n[layout.margins]\ntop = \"25mm\"\nbottom = \"25mm\"\ninside = \"20mm\"\noutside = \"20mm\"\n[layout.grid]\nchars_per_line = 22\nlines_per_page = 20",
    ));
    let compiled = render(Layout::default(), &issue);
    let size = compiled.document.pages()[0].frame.size();
    let mm = |pt: f64| pt * 25.4 / 72.0;
    assert!((mm(size.x.to_pt()) - 176.0).abs() < 0.1, "{size:?}");
    assert!((mm(size.y.to_pt()) - 250.0).abs() < 0.1, "{size:?}");
}

#[test]
fn switching_the_toc_off_removes_it() {
    let issue = parse(&sample_with("[layout.front_matter]\ntoc = false"));
    let compiled = render(Layout::default(), &issue);
    let has_toc = |c: &Compiled| {
        inspect::lines(&c.document)
            .iter()
            .flatten()
            .any(|l| l.text.contains('·') && l.text.ends_with(|c: char| c.is_ascii_digit()))
    };
    assert!(has_toc(sample_compiled()));
    assert!(!has_toc(&compiled));
    assert!(compiled.document.pages().len() < sample_compiled().document.pages().len());
}

#[test]
fn preferred_fonts_come_first_and_absent_ones_are_dropped() {
    let issue = parse(&sample_with(
        "[layout.fonts]\nbody = [\"No Such Font\", \"FandolKai\"]",
    ));
    let compiled = render(Layout::default(), &issue);
    assert!(compiled.warnings.is_empty(), "{:?}", compiled.warnings);
    // The first paragraph of the body is set in the preferred family.
    let first = inspect::headings(&compiled.document)
        .into_iter()
        .find(|h| h.level == 2)
        .unwrap()
        .page;
    let families = text_families(&compiled.document.pages()[first - 1].frame);
    assert!(families.iter().any(|f| f == "FandolKai"), "{families:?}");
    assert!(!families.iter().any(|f| f == "FandolFang"), "{families:?}");
}

fn text_families(frame: &typst::layout::Frame) -> Vec<String> {
    use typst::layout::FrameItem;
    let mut out = Vec::new();
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(g) => out.extend(text_families(&g.frame)),
            FrameItem::Text(t) => out.push(t.font.info().family.clone()),
            _ => {}
        }
    }
    out
}

/// The positioned message of the only problem of `extra`.
fn error(extra: &str) -> String {
    let text = sample_with(extra);
    let problems = Issue::parse(&text, Format::Toml).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    let p = &problems[0];
    let (line, column) = p.position.expect("the problem is located");
    format!(
        "{line}:{column} {} {}",
        p.field.as_deref().unwrap_or(""),
        p.message
    )
}

#[test]
fn bad_layout_values_are_positioned_errors() {
    let lines = std::fs::read_to_string(sample_path())
        .unwrap()
        .lines()
        .count();
    let table = lines + 2; // the appended table's first line
    let e = error("[layout.grid]\nchars_per_line = 40");
    assert!(
        e.starts_with(&format!("{}:18 layout.grid.chars_per_line", table + 1)),
        "{e}"
    );
    assert!(e.contains("版心"), "{e}");
    let e = error("[layout.grid]\nlines_per_page = 50");
    assert!(
        e.contains("layout.grid.lines_per_page") && e.contains("版心高"),
        "{e}"
    );
    let e = error("[layout.margins]\ntop = \"37 furlongs\"");
    assert!(
        e.starts_with(&format!("{}:7 layout.margins.top", table + 1)),
        "{e}"
    );
    let e = error("[layout.fonts]\nserif = [\"SimSun\"]");
    assert!(
        e.starts_with(&format!("{}:9 layout.fonts.serif", table + 1)),
        "{e}"
    );
    assert!(e.contains("heading"), "{e}");
    let e = error("[layout.margins]\ninside = \"110mm\"\noutside = \"110mm\"");
    assert!(
        e.contains("layout.margins") && e.contains("没有版心"),
        "{e}"
    );
}

#[test]
fn a_grid_is_checked_against_the_chosen_layouts_own_size() {
    // The brief's own grid, written out: 4号 on 31 × 28 fits the type area;
    // the same grid at the monthly's 3号 does not.
    let text = sample_with("[layout.grid]\nchars_per_line = 31\nlines_per_page = 28");
    let brief = Layout::named("brief").unwrap();
    assert!(Issue::parse_for(&text, Format::Toml, brief).is_ok());
    let problems = Issue::parse(&text, Format::Toml).unwrap_err();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0].message.contains("31 字 × 16 pt"),
        "{problems:?}"
    );
}

#[test]
fn a_paper_too_small_for_the_grid_is_blamed_on_the_paper_line() {
    // Only the paper given: the error points at it and names it, and says
    // which fields would make the grid fit.
    let lines = std::fs::read_to_string(sample_path())
        .unwrap()
        .lines()
        .count();
    let e = error("[layout]\npaper = \"16K\"");
    assert!(
        e.starts_with(&format!("{}:9 layout.paper", lines + 3)),
        "{e}"
    );
    assert!(e.contains("16K") && e.contains("layout.sizes.body"), "{e}");
    // 16K with the brief's smaller type fits.
    assert!(
        parse(&sample_with(
            "[layout]\npaper = \"16K\"\n[layout.sizes]\nbody = \"四号\""
        ))
        .layout
        .is_some()
    );
}

fn brief() -> &'static Compiled {
    static DOC: std::sync::OnceLock<Compiled> = std::sync::OnceLock::new();
    DOC.get_or_init(|| render(Layout::named("brief").unwrap(), &sample()))
}

#[test]
fn the_brief_sets_the_sample_without_missing_glyphs_or_typography_faults() {
    let compiled = brief();
    assert!(compiled.missing.is_empty(), "{:?}", compiled.missing);
    assert!(compiled.warnings.is_empty(), "{:?}", compiled.warnings);
    let listed = violations(compiled, None);
    assert!(listed.is_empty(), "{}", listed.join("\n"));
}

#[test]
fn the_brief_has_every_heading_no_toc_and_fewer_pages() {
    let compiled = brief();
    let headings = inspect::headings(&compiled.document);
    assert_eq!(headings.len(), 77);
    assert_eq!(headings.iter().filter(|h| h.level == 2).count(), 66);
    assert!(
        !inspect::lines(&compiled.document)
            .iter()
            .flatten()
            .any(|l| l.text.contains("目　录") || l.text.contains('·'))
    );
    let (brief, monthly) = (
        compiled.document.pages().len(),
        sample_compiled().document.pages().len(),
    );
    assert!(brief < monthly, "brief {brief} pages, monthly {monthly}");
    // The body starts on page 1, under the masthead.
    assert_eq!(headings[0].page, 1);
}

/// GB/T 9704-2012 §7.3.1: a headline of several lines breaks between whole
/// words (词意完整), and its lines are about equally long (排列对称).
#[test]
fn the_briefs_long_headlines_break_between_whole_words_in_balanced_lines() {
    let lines: Vec<String> = inspect::lines(&brief().document)
        .into_iter()
        .flatten()
        .map(|l| normalise(&l.text))
        .collect();
    let mut wrapped = Vec::new();
    for (_, article) in sample().articles() {
        let headline = normalise(&article.headline);
        // The lines that spell the headline, when it takes more than one.
        let Some(start) = lines.iter().position(|l| {
            l.len() < headline.len() && !l.is_empty() && headline.starts_with(l.as_str())
        }) else {
            continue;
        };
        let (mut spelled, mut parts) = (String::new(), Vec::new());
        for line in &lines[start..] {
            if !headline[spelled.len()..].starts_with(line.as_str()) {
                break;
            }
            spelled.push_str(line);
            parts.push(line.chars().count());
        }
        if spelled != headline {
            continue;
        }
        // Every break falls between two of the pieces the layout was given.
        let mut boundaries = Vec::new();
        let mut at = 0;
        for piece in yuebao::headlines::pieces(&article.headline).pieces {
            at += normalise(piece).chars().count();
            boundaries.push(at);
        }
        let mut at = 0;
        for part in &parts[..parts.len() - 1] {
            at += part;
            assert!(
                boundaries.contains(&at),
                "“{headline}” breaks inside a word: lines of {parts:?} characters"
            );
        }
        // About equally long: two lines in three, or, where a quotation is
        // kept whole, one in two.
        let (short, long) = (parts.iter().min().unwrap(), parts.iter().max().unwrap());
        let ratio = if headline.contains('“') {
            (2, 1)
        } else {
            (3, 2)
        };
        assert!(
            short * ratio.0 >= long * ratio.1,
            "“{headline}” is set in lines of {parts:?} characters"
        );
        wrapped.push(lines[start..start + parts.len()].join(" / "));
    }
    assert!(wrapped.len() >= 3, "{wrapped:?}");
    // Only titles that may not fit on a line get pieces.
    let sample = sample();
    let overrides = sample.layout_overrides();
    let long = |layout, line| yuebao::headlines::title_pieces(&sample, layout, &overrides, line);
    let brief = Layout::named("brief").unwrap();
    let pieces = long(brief, 31.0);
    assert!(pieces.len() >= wrapped.len(), "{pieces:?}");
    assert!(long(brief, 100.0).is_empty());
    // What a reader would notice split, in the sample's headlines.
    for words in [
        "社会主义",
        "习近平",
        "“人才强院年”",
        "研究院",
        "龙门实验室",
        "智慧岛",
    ] {
        assert!(
            !wrapped
                .iter()
                .any(|w| w.replace(" / ", "").contains(words) && !w.contains(words)),
            "「{words}」 split: {wrapped:?}"
        );
    }
}

#[test]
fn a_usage_error_exits_2_and_a_bad_issue_exits_1() {
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_yuebao"))
            .args(args)
            .output()
            .unwrap()
    };
    let sample = sample_path();
    let sample = sample.to_str().unwrap();
    let out = std::env::temp_dir().join("yuebao-usage-test.pdf");
    let out = out.to_str().unwrap();
    // Usage errors, found before anything is read or written: even an
    // issue file that does not exist is not looked at.
    let missing = "/nonexistent/issue.toml";
    let marks = |issue| ["render", issue, "--marks", "--profile", "screen", "-o", out];
    for args in [
        ["render", sample, "--layout", "nope", "-o", out].as_slice(),
        ["render", missing, "--layout", "nope", "-o", out].as_slice(),
        marks(sample).as_slice(),
        marks(missing).as_slice(),
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {output:?}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            stderr.contains("monthly") || stderr.contains("--profile print"),
            "{stderr}"
        );
    }
    assert!(!std::path::Path::new(out).exists());
    // A layout value the issue gets wrong is the issue's fault: exit 1.
    let dir = std::env::temp_dir().join("yuebao-usage-test");
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, sample_with("[layout.grid]\nchars_per_line = 40")).unwrap();
    let output = run(&["render", bad.to_str().unwrap(), "-o", out]);
    assert_eq!(output.status.code(), Some(1), "{output:?}");
    assert!(String::from_utf8_lossy(&output.stderr).contains("bad.toml:"));
}

/// The size of every piece of text on `pages` (1-based), with its text.
fn text_sizes(compiled: &Compiled, pages: std::ops::Range<usize>) -> Vec<(f64, String)> {
    fn walk(frame: &typst::layout::Frame, out: &mut Vec<(f64, String)>) {
        use typst::layout::FrameItem;
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(g) => walk(&g.frame, out),
                FrameItem::Text(t) => out.push((t.size.to_pt(), t.text.to_string())),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for page in &compiled.document.pages()[pages.start - 1..pages.end - 1] {
        walk(&page.frame, &mut out);
    }
    out
}

#[test]
fn the_front_matter_and_folios_follow_a_smaller_body() {
    // 五号 on A5: the contents, the colophon and the folio shrink with the
    // body (14 : 12 : 16 stays 14 : 12 : 16), rather than stay 4号 and 小4号
    // beside a body smaller than them. The masthead's title has its own
    // size (`[layout.sizes] title`) and keeps it.
    let small = parse(&sample_with(
        "[layout]\npaper = \"A5\"\n[layout.margins]\ntop = \"20mm\"\nbottom = \"20mm\"\ninside = \"18mm\"\noutside = \"15mm\"\n[layout.sizes]\nbody = \"五号\"\n[layout.grid]\nchars_per_line = 30\nlines_per_page = 30",
    ));
    let small = render(Layout::default(), &small);
    let house = text_sizes(sample_compiled(), 1..3);
    let small = text_sizes(&small, 1..3);
    let sizes = |texts: &[(f64, String)], title: bool| {
        let mut sizes: Vec<f64> = texts
            .iter()
            .filter(|(_, text)| (text == "平顶山月报") == title)
            .map(|(size, _)| *size)
            .collect();
        sizes.sort_by(f64::total_cmp);
        sizes.dedup();
        sizes
    };
    assert_eq!(sizes(&house, false), [12.0, 14.0, 16.0]);
    let scaled: Vec<f64> = sizes(&house, false)
        .iter()
        .map(|s| s * 10.5 / 16.0)
        .collect();
    assert_eq!(sizes(&small, false), scaled);
    assert_eq!(sizes(&small, true), sizes(&house, true));
}
