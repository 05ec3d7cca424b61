//! Renders issues one after another in one process, as a batch worker
//! does (one compiler, print profile, Typst's cache evicted after each
//! issue), and prints each issue's time. The first issue pays for what a
//! fresh process pays; the later ones show a batch's steady state.
//!
//! `RAYON_NUM_THREADS=1 cargo run --release --example steady -- ISSUE…`
//! (one thread, so that the times are CPU times). Under
//! `valgrind --tool=callgrind`, the difference between runs over N and
//! N + 1 issues is the instruction count of one issue in a batch.

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use yuebao::{Compiler, FontOptions, Fonts, Issue, Layout, Profile};

fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    let Some(first) = paths.first() else {
        eprintln!("usage: steady ISSUE…");
        std::process::exit(2);
    };
    let fonts = Arc::new(Fonts::discover(&FontOptions::shipped_only()).expect("shipped fonts"));
    let first = Issue::load(Path::new(first)).expect("the first issue loads");
    let mut compiler = Compiler::new(Layout::default(), fonts, &first).with_profile(Profile::Print);
    let mut later = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        let start = Instant::now();
        let issue = Issue::load(Path::new(path)).expect("the issue loads");
        let compiled = compiler.compile(&issue, false).expect("the issue renders");
        yuebao::export::pdf_for(&compiled.document, &issue, Profile::Print).expect("PDF export");
        comemo::evict(2);
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        println!("{:>4} {ms:8.1} ms  {path}", i + 1);
        if i > 0 {
            later.push(ms);
        }
    }
    if !later.is_empty() {
        later.sort_by(f64::total_cmp);
        println!(
            "after the first: median {:.1} ms over {} issues",
            later[later.len() / 2],
            later.len()
        );
    }
}
