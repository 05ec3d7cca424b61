//! The `yuebao` command line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};
use yuebao::{Compiler, FontOptions, Fonts, Issue, Layout, Profile, Role, check, export, impose};

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
    /// 骑马钉拼版：A4 页面两两拼到 A3 横向纸上。
    Impose(ImposeArgs),
    /// 印前检查：PDF 文件或期刊（页面框、字体嵌入、颜色、页数、PDF/A、内部资料项目）。
    Check(CheckArgs),
}

#[derive(Args)]
struct CheckArgs {
    /// PDF 文件，或期刊文件（.toml / .json：先按方案排版再检查）。
    file: PathBuf,
    /// 按哪种方案检查；PDF 默认按文件推断，期刊默认 print。
    #[arg(long, value_name = "PROFILE")]
    profile: Option<Profile>,
    /// 以 JSON 输出报告。
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    fonts: FontArgs,
}

#[derive(Args)]
struct ImposeArgs {
    /// 要拼版的 PDF。
    input: PathBuf,
    /// 输出的拼版 PDF。
    #[arg(short, long, value_name = "OUT.pdf")]
    output: PathBuf,
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
    /// 输出方案：print（印刷：K100、出血 3 mm、页数补足 4 的倍数）、
    /// archive（存档：PDF/A-2u）、screen（屏幕：RGB）。
    #[arg(long, default_value = "print", value_name = "PROFILE")]
    profile: Profile,
    /// 加裁切线（仅 print 方案）。
    #[arg(long)]
    marks: bool,
    #[command(flatten)]
    fonts: FontArgs,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Render(args) => render(&args),
        Command::Fonts(args) => fonts(&args),
        Command::Impose(args) => impose(&args),
        Command::Check(args) => check(&args),
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
    if args.marks && args.profile != Profile::Print {
        return Err("--marks 只用于 --profile print".to_owned());
    }
    let mut compiler = Compiler::new(layout, fonts, &issue).with_profile(args.profile);
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
    let mut pdf =
        export::pdf_for(&compiled.document, &issue, args.profile).map_err(|e| e.to_string())?;
    if args.marks {
        pdf = impose::crop_marks(&pdf, args.profile.bleed_mm()).map_err(|e| e.to_string())?;
    }
    export::write_atomic(&output, &pdf).map_err(|e| e.to_string())?;
    let pages = compiled.document.pages().len();
    eprintln!(
        "已写入 {}（{pages} 页，{} 方案）",
        output.display(),
        args.profile.chinese()
    );
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

fn check(args: &CheckArgs) -> Result<(), String> {
    let is_pdf = args
        .file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("pdf"));
    let report = if is_pdf {
        let bytes = std::fs::read(&args.file)
            .map_err(|e| format!("{}: 无法读取: {e}", args.file.display()))?;
        let profile = args.profile.unwrap_or_else(|| check::guess_profile(&bytes));
        check::pdf(&bytes, profile).map_err(|e| format!("{}: {e}", args.file.display()))?
    } else {
        let profile = args.profile.unwrap_or(Profile::Print);
        let issue = Issue::load(&args.file).map_err(|e| e.to_string())?;
        let fonts = Arc::new(Fonts::discover(&args.fonts.options()).map_err(|e| e.to_string())?);
        let compiled = Compiler::new(Layout::default(), fonts, &issue)
            .with_profile(profile)
            .compile(&issue, true)
            .map_err(|e| format!("{}: {e}", args.file.display()))?;
        let pdf =
            export::pdf_for(&compiled.document, &issue, profile).map_err(|e| e.to_string())?;
        check::issue(&issue, &compiled.missing, &pdf, profile).map_err(|e| e.to_string())?
    };
    let out = if args.json {
        serde_json::to_string_pretty(&report).expect("reports serialise")
    } else {
        report.to_string()
    };
    let _ = std::io::Write::write_all(&mut std::io::stdout(), format!("{out}\n").as_bytes());
    if report.passed() {
        Ok(())
    } else {
        Err(format!("{}: 印前检查未通过", args.file.display()))
    }
}

fn impose(args: &ImposeArgs) -> Result<(), String> {
    let input = std::fs::read(&args.input)
        .map_err(|e| format!("{}: 无法读取: {e}", args.input.display()))?;
    let sheets =
        impose::saddle_stitch(&input).map_err(|e| format!("{}: {e}", args.input.display()))?;
    export::write_atomic(&args.output, &sheets).map_err(|e| e.to_string())?;
    eprintln!("已写入 {}", args.output.display());
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
