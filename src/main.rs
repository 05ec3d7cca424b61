//! The `yuebao` command line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};
use yuebao::{Compiler, FontOptions, Fonts, Issue, Layout, Role, export};

/// 平顶山月报等内部资料的排版与印前工具。
#[derive(Parser)]
#[command(name = "yuebao", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 排版一期刊物，输出 PDF（及页面图像）。
    Render(RenderArgs),
    /// 列出每种字体角色实际选用的字体及其来源。
    Fonts(FontArgs),
    /// 批量排版：多期刊物并行排版，跳过已是最新的，单期出错不影响其余。
    Batch(BatchArgs),
}

#[derive(Args)]
struct BatchArgs {
    /// 期刊文件或目录（目录中查找 *.toml、*.json）。
    #[arg(required = true)]
    paths: Vec<PathBuf>,
    /// 输出目录；文件名取自刊物，如 2023-09.pdf。
    #[arg(short, long, value_name = "OUTDIR")]
    output: PathBuf,
    /// 并行排版的期数（默认：CPU 核数）。
    #[arg(short, long, value_name = "N")]
    jobs: Option<usize>,
    /// 全部重新排版，不跳过已是最新的输出。
    #[arg(long)]
    force: bool,
    /// 版式名称。
    #[arg(long, default_value = "monthly", value_name = "NAME")]
    layout: String,
    #[command(flatten)]
    fonts: FontArgs,
}

#[derive(Args)]
struct FontArgs {
    /// 额外的字体目录（可重复），优先于系统字体和随附字体。
    #[arg(long = "font-path", value_name = "DIR")]
    font_paths: Vec<PathBuf>,
    /// 不使用本机安装的字体，只用 --font-path 和随附字体。
    #[arg(long)]
    no_system_fonts: bool,
}

impl FontArgs {
    fn options(&self) -> FontOptions {
        FontOptions {
            font_paths: self.font_paths.clone(),
            system_fonts: !self.no_system_fonts,
            shipped_dir: None,
        }
    }
}

#[derive(Args)]
struct RenderArgs {
    /// 期刊文件（.toml 或 .json）。
    issue: PathBuf,
    /// 输出的 PDF 文件；默认与期刊文件同名同目录。
    #[arg(short, long, value_name = "OUT.pdf")]
    output: Option<PathBuf>,
    /// 同时把每一页输出为 PNG 图像到此目录。
    #[arg(long, value_name = "DIR")]
    png: Option<PathBuf>,
    /// PNG 图像的分辨率。
    #[arg(long, default_value_t = 150.0, value_name = "DPI")]
    dpi: f32,
    /// 版式名称。
    #[arg(long, default_value = "monthly", value_name = "NAME")]
    layout: String,
    /// 缺字时只警告而不报错（缺字处会印成空白方框）。
    #[arg(long)]
    allow_missing_glyphs: bool,
    #[command(flatten)]
    fonts: FontArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Render(args) => render(&args),
        Command::Fonts(args) => fonts(&args),
        Command::Batch(args) => batch(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("错误: {message}");
            ExitCode::FAILURE
        }
    }
}

fn render(args: &RenderArgs) -> Result<(), String> {
    let layout = Layout::named(&args.layout).ok_or_else(|| {
        format!(
            "没有名为 “{}” 的版式；可用的版式: {}",
            args.layout,
            Layout::names()
        )
    })?;
    let issue = Issue::load(&args.issue).map_err(|e| e.to_string())?;
    let fonts = Arc::new(Fonts::discover(&args.fonts.options()).map_err(|e| e.to_string())?);
    let mut compiler = Compiler::new(layout, fonts, &issue);
    let compiled = compiler
        .compile(&issue, args.allow_missing_glyphs)
        .map_err(|e| format!("{}: {e}", args.issue.display()))?;
    for warning in &compiled.warnings {
        eprintln!("{}: {warning}", args.issue.display());
    }
    for missing in &compiled.missing {
        eprintln!("警告: {}: {missing}", args.issue.display());
    }
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| args.issue.with_extension("pdf"));
    let pdf = export::pdf(&compiled.document, &issue).map_err(|e| e.to_string())?;
    export::write_atomic(&output, &pdf).map_err(|e| e.to_string())?;
    let pages = compiled.document.pages().len();
    eprintln!("已写入 {}（{pages} 页）", output.display());
    if let Some(dir) = &args.png {
        write_pngs(&compiled.document, dir, args.dpi)?;
        eprintln!("已写入 {pages} 张页面图像到 {}", dir.display());
    }
    Ok(())
}

fn write_pngs(document: &typst_layout::PagedDocument, dir: &Path, dpi: f32) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: 无法创建目录: {e}", dir.display()))?;
    for page in 0..document.pages().len() {
        let png = export::png(document, page, dpi).map_err(|e| e.to_string())?;
        let path = dir.join(format!("page-{:03}.png", page + 1));
        export::write_atomic(&path, &png).map_err(|e| e.to_string())?;
    }
    Ok(())
}

fn fonts(args: &FontArgs) -> Result<(), String> {
    use std::fmt::Write as _;
    let fonts = Fonts::discover(&args.options()).map_err(|e| e.to_string())?;
    let mut out = String::new();
    for role in Role::ALL {
        let _ = writeln!(out, "{}（{}）", role.name(), role.chinese());
        for (i, choice) in fonts.role(role).iter().enumerate() {
            let mark = if i == 0 { "选用" } else { "备选" };
            let found_by = if choice.requested != choice.family {
                format!("（按 “{}” 找到）", choice.requested)
            } else {
                String::new()
            };
            let _ = writeln!(
                out,
                "  {mark} {}  [{}] {}{found_by}",
                choice.family,
                choice.origin,
                choice.path.display()
            );
        }
    }
    // A closed pipe (`yuebao fonts | head`) is not an error worth a panic.
    let _ = std::io::Write::write_all(&mut std::io::stdout(), out.as_bytes());
    Ok(())
}

fn batch(args: &BatchArgs) -> Result<(), String> {
    use std::io::IsTerminal;
    use yuebao::batch::{Batch, Outcome, collect_inputs};
    let layout = Layout::named(&args.layout).ok_or_else(|| {
        format!(
            "没有名为 “{}” 的版式；可用的版式: {}",
            args.layout,
            Layout::names()
        )
    })?;
    if let Some(jobs) = args.jobs {
        rayon::ThreadPoolBuilder::new()
            .num_threads(jobs.max(1))
            .build_global()
            .map_err(|e| e.to_string())?;
    }
    let inputs = collect_inputs(&args.paths).map_err(|e| e.to_string())?;
    let fonts = Arc::new(Fonts::discover(&args.fonts.options()).map_err(|e| e.to_string())?);
    let batch = Batch {
        layout,
        fonts,
        out_dir: args.output.clone(),
        force: args.force,
        stop: Default::default(),
    };
    let total = inputs.len();
    let terminal = std::io::stderr().is_terminal();
    let start = std::time::Instant::now();
    let progress = |report: &yuebao::batch::Report, done: usize| {
        let name = report
            .output
            .as_deref()
            .unwrap_or(&report.input)
            .display()
            .to_string();
        let what = match &report.outcome {
            Outcome::Rendered { pages } => format!("已排版 {pages} 页"),
            Outcome::Skipped => "已是最新，跳过".to_owned(),
            Outcome::Failed(_) => "失败".to_owned(),
        };
        if terminal {
            let width = 30;
            let filled = done * width / total.max(1);
            eprint!(
                "\r[{}{}] {done}/{total} {name} {what}\x1b[K",
                "#".repeat(filled),
                "-".repeat(width - filled)
            );
        } else {
            eprintln!(
                "[{done}/{total}] {name}: {what} ({:.2} s)",
                report.time.as_secs_f64()
            );
        }
    };
    let reports = batch.run(&inputs, &progress).map_err(|e| e.to_string())?;
    if terminal {
        eprintln!();
    }
    let elapsed = start.elapsed().as_secs_f64();
    let count = |f: &dyn Fn(&Outcome) -> bool| reports.iter().filter(|r| f(&r.outcome)).count();
    let rendered = count(&|o| matches!(o, Outcome::Rendered { .. }));
    let skipped = count(&|o| matches!(o, Outcome::Skipped));
    let failed: Vec<_> = reports
        .iter()
        .filter_map(|r| match &r.outcome {
            Outcome::Failed(why) => Some((r, why)),
            _ => None,
        })
        .collect();
    for (report, why) in &failed {
        eprintln!("失败: {}: {why}", report.input.display());
    }
    eprintln!(
        "共 {total} 期：排版 {rendered}，跳过 {skipped}，失败 {}；用时 {elapsed:.2} s（{:.1} 期/秒）",
        failed.len(),
        total as f64 / elapsed.max(1e-9)
    );
    if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("{} 期排版失败", failed.len()))
    }
}
