//! Batch benchmarks for the archive: `cargo bench --bench batch`.
//!
//! a. (see `benches/render.rs`: one issue in a fresh process vs `typst compile`)
//! b. N synthetic issues with `yuebao batch -j 2`: issues per second;
//! c. the same issues as N separate `yuebao render` processes, two running at any time
//!    (b and c alternate, `YUEBAO_BENCH_ROUNDS` times, 5 unless set: the machine drifts by
//!    a third from minute to minute, and a median of five is steadier);
//! d. peak memory (max RSS) of the batch for growing N, with `/usr/bin/time`.
//! Then a second batch run, which must skip everything.
//!
//! The load average is printed with the figures: on a busy 2-core machine
//! the throughput figures halve. The CPU time (user + system) of the
//! processes is printed beside them: it barely depends on the load, so
//! figures taken on a shared machine can still be compared.

#[allow(dead_code)]
#[path = "../examples/archive.rs"]
mod archive;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use yuebao::Issue;

const BIN: &str = env!("CARGO_BIN_EXE_yuebao");

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|s| s.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

/// CPU seconds (user + system) used so far by the finished child processes.
fn children_cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    // Fields after the command name, which ends with the last ')'.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    // cutime and cstime are fields 16 and 17 of the whole line (1-based).
    let ticks: f64 = fields
        .get(13..15)
        .map(|f| f.iter().filter_map(|v| v.parse::<f64>().ok()).sum())
        .unwrap_or(0.0);
    ticks / 100.0
}

fn write_archive(dir: &Path, count: usize) -> Vec<PathBuf> {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sample = Issue::load(&root.join("samples/2023-09.toml")).unwrap();
    (0..count)
        .map(|i| {
            let issue = archive::make(&sample, i);
            let path = dir.join(format!("{:03}.json", i + 1));
            std::fs::write(&path, issue.to_json()).unwrap();
            path
        })
        .collect()
}

/// Runs a batch; returns (seconds, peak RSS in MB) from /usr/bin/time.
fn batch(input: &Path, out: &Path, force: bool) -> (f64, f64) {
    let mut command = Command::new("/usr/bin/time");
    command
        .args(["-f", "%M"])
        .arg(BIN)
        .arg("batch")
        .arg(input)
        .arg("-o")
        .arg(out);
    command.args(["-j", "2", "--no-system-fonts"]);
    if force {
        command.arg("--force");
    }
    let start = Instant::now();
    let output = command
        .stdout(Stdio::null())
        .output()
        .expect("runs /usr/bin/time");
    let seconds = start.elapsed().as_secs_f64();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    let kb: f64 = stderr
        .lines()
        .last()
        .and_then(|l| l.trim().parse().ok())
        .unwrap_or(0.0);
    (seconds, kb / 1024.0)
}

fn main() {
    let n: usize = std::env::var("YUEBAO_BENCH_ISSUES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    let work = std::env::temp_dir().join("yuebao-bench-batch");
    let input = work.join("issues");
    let inputs = write_archive(&input, n);
    println!(
        "batch benchmarks, {n} synthetic issues; load average before: {}",
        load_average()
    );

    // b and c, side by side: the load of this shared machine changes from
    // minute to minute, so the two are timed alternately, `rounds` times,
    // and the ratio is taken within each round.
    let rounds: usize = std::env::var("YUEBAO_BENCH_ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(5)
        .max(1);
    let out = work.join("out");
    let separate = work.join("separate");
    let mut ratios = Vec::new();
    for round in 1..=rounds {
        // b. One batch process, two workers.
        let _ = std::fs::remove_dir_all(&out);
        let cpu = children_cpu();
        let (seconds, rss) = batch(&input, &out, true);
        let batch_cpu = children_cpu() - cpu;
        println!(
            "b{round}. yuebao batch -j 2: {seconds:.2} s, {:.1} issues/s, peak RSS {rss:.0} MB; CPU {batch_cpu:.1} s, {:.0} ms an issue (load {})",
            n as f64 / seconds,
            batch_cpu * 1000.0 / n as f64,
            load_average()
        );
        if round == 1 {
            // Second run: everything is up to date.
            let (again, _) = batch(&input, &out, false);
            println!("    second run (all up to date): {again:.2} s");
        }

        // c. The same issues as separate processes, two running at any time.
        let _ = std::fs::remove_dir_all(&separate);
        std::fs::create_dir_all(&separate).unwrap();
        let start = Instant::now();
        let cpu = children_cpu();
        let next = std::sync::atomic::AtomicUsize::new(0);
        std::thread::scope(|scope| {
            for _ in 0..2 {
                scope.spawn(|| {
                    while let Some(path) =
                        inputs.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
                    {
                        let status = Command::new(BIN)
                            .args(["render", "--no-system-fonts", "-o"])
                            .arg(separate.join(path.with_extension("pdf").file_name().unwrap()))
                            .arg(path)
                            .stderr(Stdio::null())
                            .status()
                            .unwrap();
                        assert!(status.success());
                    }
                });
            }
        });
        let processes = start.elapsed().as_secs_f64();
        let processes_cpu = children_cpu() - cpu;
        ratios.push(processes / seconds);
        println!(
            "c{round}. {n} separate yuebao render processes, 2 at a time: {processes:.2} s, {:.1} issues/s; batch is {:.2}× faster; CPU {processes_cpu:.1} s, {:.0} ms an issue, {:.2}× the batch's (load {})",
            n as f64 / processes,
            processes / seconds,
            processes_cpu * 1000.0 / n as f64,
            processes_cpu / batch_cpu,
            load_average()
        );
    }
    ratios.sort_by(f64::total_cmp);
    println!(
        "   batch against separate processes, median of {rounds} rounds: {:.2}×",
        ratios[ratios.len() / 2]
    );

    // d. Peak memory does not grow with the number of issues.
    for count in [n / 4, n / 2, n] {
        let dir = work.join(format!("mem-{count}"));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        for path in &inputs[..count] {
            std::fs::copy(path, dir.join(path.file_name().unwrap())).unwrap();
        }
        let (seconds, rss) = batch(&dir, &work.join(format!("mem-out-{count}")), true);
        println!("d. {count:>4} issues: peak RSS {rss:.0} MB ({seconds:.2} s)");
    }
}
