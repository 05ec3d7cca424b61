//! Batch rendering for the archive: many issues in one process, in
//! parallel, skipping what is up to date, and never letting one bad issue
//! stop the rest.
//!
//! One process means the fonts are discovered once and shared, and Typst's
//! memoisation is shared between issues (evicted between issues so memory
//! does not grow with the number of issues).
//!
//! An output is up to date when a stamp beside it (`.NAME.pdf.yuebao`) holds
//! the hash of everything the PDF depends on: the issue's content, the layout
//! sources, the font files in the render's font book and yuebao's version.
//! File times play no part: a copied archive stays up to date, a changed font
//! does not.

use std::collections::BTreeMap;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::compile::Compiler;
use crate::export;
use crate::fonts::Fonts;
use crate::layouts::{self, Layout};
use crate::model::{Format, Issue};
use crate::profile::Profile;

/// What happened to one issue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Rendered and written, with its page count.
    Rendered { pages: usize },
    /// The output was up to date.
    Skipped,
    /// It failed: the reason, in Chinese.
    Failed(String),
    /// Not started: the batch was interrupted (Ctrl-C) before its turn.
    Interrupted,
}

/// The result for one input file.
#[derive(Debug, Clone)]
pub struct Report {
    pub input: PathBuf,
    /// Where the PDF goes (known once the issue was read).
    pub output: Option<PathBuf>,
    pub outcome: Outcome,
    pub time: Duration,
}

/// Why a batch could not start at all.
#[derive(Debug)]
pub enum BatchError {
    /// Two issues would write the same file.
    SameOutput {
        output: PathBuf,
        first: PathBuf,
        second: PathBuf,
    },
    /// A path given is neither an issue file nor a folder.
    NotFound(PathBuf),
    Io(PathBuf, std::io::Error),
}

impl std::error::Error for BatchError {}

impl fmt::Display for BatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BatchError::SameOutput {
                output,
                first,
                second,
            } => write!(
                f,
                "{} 和 {} 会写入同一个文件 {}（同年同期号）；请先更正期号",
                first.display(),
                second.display(),
                output.display()
            ),
            BatchError::NotFound(path) => write!(f, "{}: 既不是期刊文件也不是目录", path.display()),
            BatchError::Io(path, e) => write!(f, "{}: {e}", path.display()),
        }
    }
}

/// Options of a batch run.
pub struct Batch {
    pub layout: Layout,
    pub fonts: Arc<Fonts>,
    pub out_dir: PathBuf,
    /// Render even what is up to date.
    pub force: bool,
    /// Set from outside (Ctrl-C) to stop taking new issues.
    pub stop: Arc<AtomicBool>,
    /// Issues rendered at the same time; 0 means one per CPU.
    pub jobs: usize,
    /// Print, archive (PDF/A-2u) or screen, as for `yuebao render`.
    pub profile: Profile,
    /// Also write every page as a PNG image at this resolution, into a
    /// folder beside the PDF named like it (`2023-09/page-001.png`).
    pub png_dpi: Option<f32>,
}

/// The issue files among `paths`: files as given, folders searched
/// (recursively) for `*.toml` and `*.json`, sorted.
pub fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>, BatchError> {
    let mut found = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut found)?;
        } else if path.is_file() {
            found.push(path.clone());
        } else {
            return Err(BatchError::NotFound(path.clone()));
        }
    }
    found.sort();
    found.dedup();
    Ok(found)
}

fn walk(dir: &Path, found: &mut Vec<PathBuf>) -> Result<(), BatchError> {
    let entries = std::fs::read_dir(dir).map_err(|e| BatchError::Io(dir.to_owned(), e))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, found)?;
        } else if Format::of(&path).is_some() {
            found.push(path);
        }
    }
    Ok(())
}

/// The PDF name of an issue: `2023-09.pdf`.
pub fn output_name(issue: &Issue) -> String {
    format!("{}-{:02}.pdf", issue.masthead.year, issue.masthead.number)
}

impl Batch {
    /// Renders every input; `progress` is called after each issue (from the
    /// worker threads) with the report and the number done so far.
    pub fn run(
        &self,
        inputs: &[PathBuf],
        progress: &(dyn Fn(&Report, usize) + Sync),
    ) -> Result<Vec<Report>, BatchError> {
        // Read every issue first: names are checked before anything renders.
        let loaded: Vec<(PathBuf, Result<Issue, String>)> = inputs
            .par_iter()
            .map(|path| {
                (
                    path.clone(),
                    Issue::load_for(path, self.layout).map_err(|e| e.to_string()),
                )
            })
            .collect();
        let mut names: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
        for (path, issue) in &loaded {
            if let Ok(issue) = issue {
                let output = self.out_dir.join(output_name(issue));
                if let Some(first) = names.insert(output.clone(), path.clone()) {
                    return Err(BatchError::SameOutput {
                        output,
                        first,
                        second: path.clone(),
                    });
                }
            }
        }
        std::fs::create_dir_all(&self.out_dir)
            .map_err(|e| BatchError::Io(self.out_dir.clone(), e))?;
        let environment = self.environment_hash();
        // Our own worker threads, each taking the next issue: not rayon's
        // pool, which Typst uses inside a compile — a worker waiting there
        // would steal the next issue and keep both in memory, so memory grew
        // with the number of issues.
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let jobs = if self.jobs == 0 { cores } else { self.jobs };
        // Each worker has a rayon pool of its own, of its share of the
        // cores, for the parallel parts of its compile (Typst lays page runs
        // out in parallel; page images are encoded in parallel). With one
        // global pool, a worker blocked on its page runs waited behind the
        // other worker's, and a core was idle 12% of a batch.
        let pool_threads = (cores / jobs).max(1);
        let queue = std::sync::Mutex::new(loaded.into_iter().enumerate());
        let done = std::sync::atomic::AtomicUsize::new(0);
        let mut reports: Vec<(usize, Report)> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..jobs)
                .map(|_| {
                    scope.spawn(|| {
                        let pool = rayon::ThreadPoolBuilder::new()
                            .num_threads(pool_threads)
                            .build()
                            .ok();
                        let mut mine = Vec::new();
                        // One compiler per worker, for all its issues: the
                        // world (parsed layouts, standard library, font
                        // book) is built once, not once per issue.
                        let mut compiler = None;
                        // The PDF being written (and flushed to disk) while
                        // the worker renders its next issue: at most one.
                        let mut writing = None;
                        let mut finish = |index, report: Report| {
                            progress(&report, done.fetch_add(1, Ordering::Relaxed) + 1);
                            mine.push((index, report));
                        };
                        loop {
                            let next = queue.lock().expect("queue lock").next();
                            let Some((index, (input, issue))) = next else {
                                break;
                            };
                            let render = || self.one(&mut compiler, input, issue, environment);
                            let (report, write) = match &pool {
                                Some(pool) => pool.install(render),
                                None => render(),
                            };
                            if let Some((index, report)) = written(writing.take()) {
                                finish(index, report);
                            }
                            match write {
                                Some(write) => {
                                    writing = Some((index, report, scope.spawn(|| write.run())));
                                }
                                None => finish(index, report),
                            }
                        }
                        if let Some((index, report)) = written(writing) {
                            finish(index, report);
                        }
                        mine
                    })
                })
                .collect();
            workers
                .into_iter()
                .flat_map(|w| w.join().expect("a worker never panics: renders are caught"))
                .collect()
        });
        reports.sort_by_key(|(index, _)| *index);
        let reports = reports.into_iter().map(|(_, r)| r).collect();
        Ok(reports)
    }

    /// One input: interrupted, failed to load, or rendered (or skipped).
    /// A rendered issue comes with the write still to do; its report says
    /// `Rendered` once the write has succeeded.
    fn one(
        &self,
        compiler: &mut Option<Compiler>,
        input: PathBuf,
        issue: Result<Issue, String>,
        environment: u128,
    ) -> (Report, Option<Write>) {
        let start = Instant::now();
        let (output, outcome, write) = match issue {
            _ if self.stop.load(Ordering::Relaxed) => (None, Outcome::Interrupted, None),
            Err(message) => (None, Outcome::Failed(message), None),
            Ok(issue) => {
                let output = self.out_dir.join(output_name(&issue));
                match self.render_one(compiler, &issue, &output, environment) {
                    Ok(write) => {
                        let pages = write.pages;
                        (Some(output), Outcome::Rendered { pages }, Some(write))
                    }
                    Err(outcome) => (Some(output), outcome, None),
                }
            }
        };
        let report = Report {
            input,
            output,
            outcome,
            time: start.elapsed(),
        };
        (report, write)
    }

    /// The hash of what every output depends on besides its issue.
    fn environment_hash(&self) -> u128 {
        let fonts: Vec<(PathBuf, u64)> = self
            .fonts
            .files()
            .into_iter()
            .map(|path| {
                let bytes = std::fs::read(&path).unwrap_or_default();
                let hash = typst::utils::hash128(&bytes) as u64;
                (path, hash)
            })
            .collect();
        typst::utils::hash128(&(
            env!("CARGO_PKG_VERSION"),
            self.layout,
            layouts::FILES,
            fonts,
            self.profile,
            self.png_dpi.map(f32::to_bits),
        ))
    }

    /// Renders an issue that is not up to date; the PDF and its stamp are
    /// returned to be written. `Err` is the outcome when there is nothing to
    /// write: skipped or failed.
    fn render_one(
        &self,
        compiler: &mut Option<Compiler>,
        issue: &Issue,
        output: &Path,
        environment: u128,
    ) -> Result<Write, Outcome> {
        let stamp_path = stamp_path(output);
        let stamp = format!(
            "{:032x}\n",
            typst::utils::hash128(&(environment, issue.to_json()))
        );
        let images = self.png_dpi.map(|_| png_dir(output));
        if !self.force
            && output.exists()
            && images.as_ref().is_none_or(|dir| dir.is_dir())
            && std::fs::read_to_string(&stamp_path).is_ok_and(|s| s == stamp)
        {
            return Err(Outcome::Skipped);
        }
        // A panic inside the engine is reported as this issue's failure.
        let result = catch_unwind(AssertUnwindSafe(|| -> Result<Rendered, String> {
            let compiler = compiler.get_or_insert_with(|| {
                Compiler::new(self.layout, self.fonts.clone(), issue).with_profile(self.profile)
            });
            let compiled = compiler.compile(issue, false).map_err(|e| e.to_string())?;
            let pdf = export::pdf_for(&compiled.document, issue, self.profile)
                .map_err(|e| e.to_string())?;
            let pngs = match self.png_dpi {
                Some(dpi) => export::pngs(&compiled.document, dpi).map_err(|e| e.to_string())?,
                None => Vec::new(),
            };
            Ok((pdf, pngs, compiled.document.pages().len()))
        }));
        // Keep memory flat: drop what this issue memoised.
        comemo::evict(2);
        let (pdf, pngs, pages) = match result {
            Ok(Ok(done)) => done,
            Ok(Err(message)) => return Err(Outcome::Failed(message)),
            Err(panic) => {
                // The next issue gets a fresh compiler.
                *compiler = None;
                let what = panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
                    .unwrap_or_default();
                return Err(Outcome::Failed(format!(
                    "排版引擎内部错误（panic）：{what}"
                )));
            }
        };
        Ok(Write {
            output: output.to_owned(),
            pdf,
            images: images.map(|dir| (dir, pngs)),
            stamp_path,
            stamp,
            pages,
        })
    }
}

/// What a render makes: the PDF, the page images (if asked for) and the
/// number of pages.
type Rendered = (Vec<u8>, Vec<Vec<u8>>, usize);

/// The folder of an output's page images: `2023-09/` beside `2023-09.pdf`.
pub fn png_dir(output: &Path) -> PathBuf {
    output.with_extension("")
}

/// A rendered issue's PDF and stamp, to be written. Writing flushes both
/// to disk, which can take tens of milliseconds on a busy disk; a worker
/// hands it to a thread of its own and renders its next issue meanwhile.
struct Write {
    output: PathBuf,
    pdf: Vec<u8>,
    /// The page images and the folder they go to.
    images: Option<(PathBuf, Vec<Vec<u8>>)>,
    stamp_path: PathBuf,
    stamp: String,
    pages: usize,
}

impl Write {
    /// Writes the page images, the PDF, then its stamp: a stamp never
    /// vouches for a PDF or images that are not there.
    fn run(self) -> Outcome {
        let images = match &self.images {
            Some((dir, pngs)) => write_images(dir, pngs),
            None => Ok(()),
        };
        match images
            .and_then(|()| export::write_atomic(&self.output, &self.pdf))
            .and_then(|()| export::write_atomic(&self.stamp_path, self.stamp.as_bytes()))
        {
            Ok(()) => Outcome::Rendered { pages: self.pages },
            Err(e) => Outcome::Failed(e.to_string()),
        }
    }
}

/// Writes page images into `dir` as a whole: into a temporary folder first,
/// which then replaces the old one, so that no page of an earlier render
/// (an issue that had more pages) is left among the new ones.
fn write_images(dir: &Path, pngs: &[Vec<u8>]) -> Result<(), export::ExportError> {
    let failed = |path: &Path, error| export::ExportError::Write {
        path: path.to_owned(),
        error,
    };
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let temporary = dir.with_file_name(format!(".{name}.png-tmp"));
    let _ = std::fs::remove_dir_all(&temporary);
    std::fs::create_dir_all(&temporary).map_err(|e| failed(&temporary, e))?;
    for (page, png) in pngs.iter().enumerate() {
        let path = temporary.join(export::png_file_name(page + 1));
        std::fs::write(&path, png).map_err(|e| failed(&path, e))?;
    }
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| failed(dir, e))?;
    }
    std::fs::rename(&temporary, dir).map_err(|e| failed(dir, e))
}

/// The report of an issue whose write has finished, with the write's outcome.
fn written(
    writing: Option<(usize, Report, std::thread::ScopedJoinHandle<'_, Outcome>)>,
) -> Option<(usize, Report)> {
    let (index, mut report, handle) = writing?;
    report.outcome = handle
        .join()
        .unwrap_or_else(|_| Outcome::Failed("写入 PDF 时内部错误（panic）".to_owned()));
    Some((index, report))
}

/// The stamp file beside an output: `.2023-09.pdf.yuebao`.
fn stamp_path(output: &Path) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    output.with_file_name(format!(".{name}.yuebao"))
}
