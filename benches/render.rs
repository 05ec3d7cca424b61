//! Render benchmarks: `cargo bench --bench render`.
//!
//! 1. The sample issue to PDF in a fresh process (`yuebao render`), side by
//!    side with `typst compile` of the same document (the embedded layout and
//!    the same data written to a folder), when a `typst` binary is installed
//!    (`cargo install typst-cli --version 0.15.1 --locked`).
//! 2. In one process: font discovery, a cold compile, PDF export, and a warm
//!    re-render (compile + PDF) after a one-paragraph edit.
//!
//! Each figure is the median of several runs, with the minimum beside it.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use yuebao::{Compiler, FontOptions, Fonts, Issue, Layout};

const RUNS: usize = 15;
const WARM_RUNS: usize = 61;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn stats(mut samples: Vec<Duration>) -> (f64, f64) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (ms(samples[samples.len() / 2]), ms(samples[0]))
}

fn report(name: &str, samples: Vec<Duration>) -> f64 {
    let (median, min) = stats(samples);
    println!("{name:<48} median {median:>8.1} ms   min {min:>8.1} ms");
    median
}

fn time_command(mut command: Command) -> Vec<Duration> {
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            let status = command.status().expect("runs");
            assert!(status.success(), "{command:?} failed");
            start.elapsed()
        })
        .collect()
}

fn typst_binary() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("TYPST").map(PathBuf::from),
        std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin/typst")),
        Some(PathBuf::from("typst")),
    ];
    candidates.into_iter().flatten().find(|bin| {
        Command::new(bin)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    })
}

fn main() {
    let sample = root().join("samples/2023-09.toml");
    let out = std::env::temp_dir().join("yuebao-bench");
    std::fs::create_dir_all(&out).unwrap();
    println!(
        "yuebao render benchmarks ({RUNS} runs each; load average {})",
        load_average()
    );

    // 1. Fresh process, shipped fonts only, like `typst compile --ignore-system-fonts`.
    let mut yuebao = Command::new(env!("CARGO_BIN_EXE_yuebao"));
    yuebao
        .args(["render", "--no-system-fonts", "-o"])
        .arg(out.join("yuebao.pdf"))
        .arg(&sample)
        .stderr(std::process::Stdio::null());
    let ours = report(
        "yuebao render sample → PDF (fresh process)",
        time_command(yuebao),
    );

    let issue = Issue::load(&sample).unwrap();
    let fonts = Arc::new(Fonts::discover(&FontOptions::shipped_only()).unwrap());
    match typst_binary() {
        Some(typst) => {
            let project = out.join("typst-project");
            std::fs::create_dir_all(project.join("lib")).unwrap();
            for (path, text) in yuebao::layouts::FILES {
                std::fs::write(project.join(path.trim_start_matches('/')), text).unwrap();
            }
            std::fs::write(
                project.join("data.json"),
                yuebao::compile::layout_data(&issue, &fonts),
            )
            .unwrap();
            let mut command = Command::new(&typst);
            command
                .args(["compile", "--ignore-system-fonts", "--font-path"])
                .arg(root().join("fonts"))
                .arg(project.join("monthly.typ"))
                .arg(out.join("typst.pdf"));
            let theirs = report("typst compile of the same document", time_command(command));
            println!("{:<48} {:>8.2}×", "  yuebao speed-up", theirs / ours);
        }
        None => println!(
            "typst compile: no typst binary (cargo install typst-cli --version 0.15.1 --locked)"
        ),
    }

    // 2. Phases in one process.
    report(
        "font discovery (shipped fonts)",
        (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                Fonts::discover(&FontOptions::shipped_only()).unwrap();
                start.elapsed()
            })
            .collect(),
    );
    let start = Instant::now();
    let mut compiler = Compiler::new(Layout::default(), fonts.clone(), &issue);
    let compiled = compiler.compile(&issue, false).unwrap();
    report("cold compile (first in process)", vec![start.elapsed()]);
    report(
        "PDF export (39 pages)",
        (0..RUNS)
            .map(|_| {
                let start = Instant::now();
                yuebao::export::pdf(&compiled.document, &issue).unwrap();
                start.elapsed()
            })
            .collect(),
    );

    // A warm re-render after a one-paragraph edit: each run changes the text
    // of one article's paragraph, as an editor correcting a proof would.
    // More runs than above: each is short, and a burst of load on a shared
    // machine moves the median of 15 by 20 ms or more.
    let mut compile_times = Vec::new();
    let mut total_times = Vec::new();
    for run in 0..WARM_RUNS {
        let mut edited = issue.clone();
        let paragraph = &mut edited.sections[3].articles[0].paragraphs[0];
        paragraph.push_str(&format!("（第{run}次校改）"));
        let start = Instant::now();
        let compiled = compiler.compile(&edited, false).unwrap();
        compile_times.push(start.elapsed());
        yuebao::export::pdf(&compiled.document, &edited).unwrap();
        total_times.push(start.elapsed());
    }
    report("warm re-render after an edit: compile", compile_times);
    report("warm re-render after an edit: compile + PDF", total_times);
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_else(|_| "unknown".into())
}
