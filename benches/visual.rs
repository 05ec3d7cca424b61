//! Visual benchmarks: `cargo bench --bench visual`.
//!
//! 1. `yuebao diff` of two 39-page issues (the sample against a copy with
//!    one character changed), in a fresh process: two compiles, rasterising
//!    at 72 dpi and the comparison (target under 2 s).
//! 2. In one process: `--png` of the 39 pages at 150 dpi, rasterised and
//!    encoded in parallel (target under 0.5 s), and the comparison alone.
//!
//! Each figure is the median of several runs, with the minimum beside it.

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use yuebao::compare::{self, source};
use yuebao::{Compiler, FontOptions, Fonts, Issue, Layout, export};

const RUNS: usize = 7;

fn report(name: &str, mut samples: Vec<Duration>) {
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name:<44} median {:>8.1} ms   min {:>8.1} ms",
        ms(samples[samples.len() / 2]),
        ms(samples[0])
    );
}

fn time<T>(mut f: impl FnMut() -> T) -> Vec<Duration> {
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed()
        })
        .collect()
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sample = root.join("samples/2023-09.toml");
    let text = std::fs::read_to_string(&sample).unwrap();
    let changed = std::env::temp_dir().join("yuebao-bench-one-character.toml");
    std::fs::write(&changed, text.replace("察看农产品展销", "查看农产品展销")).unwrap();

    report(
        "yuebao diff (2 × 39-page issues, process)",
        time(|| {
            let status = Command::new(env!("CARGO_BIN_EXE_yuebao"))
                .args(["diff", "--no-system-fonts"])
                .arg(&sample)
                .arg(&changed)
                .output()
                .expect("runs");
            assert_eq!(status.status.code(), Some(1));
        }),
    );

    let issue = Issue::load(&sample).unwrap();
    let fonts = Arc::new(Fonts::discover(&FontOptions::shipped_only()).unwrap());
    let compiled = Compiler::new(Layout::default(), fonts, &issue)
        .compile(&issue, false)
        .unwrap();
    let document = &compiled.document;
    println!("threads: {}", rayon::current_num_threads());
    report(
        "--png, 39 pages at 150 dpi (parallel)",
        time(|| export::pngs(document, 150.0).unwrap()),
    );
    report(
        "--png, 39 pages at 150 dpi (sequential)",
        time(|| {
            (0..document.pages().len())
                .map(|p| export::png(document, p, 150.0).unwrap())
                .collect::<Vec<_>>()
        }),
    );
    let a = source::document_pages(document, 72.0);
    let b = a.clone();
    report(
        "rasterise 39 pages at 72 dpi (grey)",
        time(|| source::document_pages(document, 72.0)),
    );
    report(
        "compare 39 pages at 72 dpi",
        time(|| compare::compare(&a, &b, &compare::Options::default())),
    );
}
