//! The `yuebao` command line.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::error::ErrorKind;
use clap::{Args, CommandFactory, Parser, Subcommand};
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
    /// 批量排版：多期刊物并行排版，跳过已是最新的，单期出错不影响其余。
    Batch(BatchArgs),
    /// 逐页比较两份刊物（PDF、期刊文件或页面图像目录）。退出码：0 相同，1 有页面不同，2 出错。
    Diff(DiffArgs),
    /// 把一期刊物的所有页面缩印在一张总览图上（样张总览）。
    Proof(ProofArgs),
    /// 从往期 PDF 提取的文字生成期刊文件（TOML）。
    Import(ImportArgs),
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
    /// 只检查期刊的中文排版（避头尾、破折号与省略号、数字与单位、孤字、栏目标题不落页末），逐页逐行列出。
    #[arg(long)]
    typography: bool,
    /// 版式名称（检查期刊时用）。
    #[arg(long, default_value = "monthly", value_name = "NAME", value_parser = named_layout)]
    layout: Layout,
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
    #[arg(long, default_value = "monthly", value_name = "NAME", value_parser = named_layout)]
    layout: Layout,
    /// 输出方案，同 render：print（印刷）、archive（存档：PDF/A-2u）、screen（屏幕）。
    #[arg(long, default_value = "print", value_name = "PROFILE")]
    profile: Profile,
    /// 同时把每期的每一页输出为 PNG 图像，放在与 PDF 同名的目录中（如 2023-09/page-001.png）。
    #[arg(long)]
    png: bool,
    /// PNG 图像的分辨率。
    #[arg(long, default_value_t = 150.0, value_name = "DPI")]
    dpi: f32,
    #[command(flatten)]
    fonts: FontArgs,
}

#[derive(Args)]
struct DiffArgs {
    /// 原样：PDF、期刊文件（.toml/.json）或页面 PNG 目录。
    a: PathBuf,
    /// 新样：同上。
    b: PathBuf,
    /// 把比较报告（index.html 及图像）写到此目录；不给则不写报告。
    #[arg(short, long, value_name = "REPORT_DIR")]
    output: Option<PathBuf>,
    /// 比较时的分辨率。
    #[arg(long, default_value_t = 72.0, value_name = "DPI")]
    dpi: f32,
    /// 每个像素允许的灰度差（0–255）。
    #[arg(long, default_value_t = 32, value_name = "T")]
    tolerance: u8,
    /// 版式名称（比较期刊文件时用）。
    #[arg(long, default_value = "monthly", value_name = "NAME", value_parser = named_layout)]
    layout: Layout,
    #[command(flatten)]
    fonts: FontArgs,
}

#[derive(Args)]
struct ProofArgs {
    /// 期刊文件（.toml 或 .json）。
    issue: PathBuf,
    /// 输出的 PNG 文件。
    #[arg(short, long, value_name = "OUT.png")]
    output: PathBuf,
    /// 版式名称。
    #[arg(long, default_value = "monthly", value_name = "NAME", value_parser = named_layout)]
    layout: Layout,
    #[command(flatten)]
    fonts: FontArgs,
}

#[derive(Args)]
struct ImportArgs {
    /// 从印刷版 PDF 提取的文字（UTF-8、UTF-16 或 GB18030）。
    text: PathBuf,
    /// 输出的期刊文件；默认与文字文件同名、扩展名 .toml。
    #[arg(short, long, value_name = "ISSUE.toml")]
    output: Option<PathBuf>,
    /// 保留数字与汉字之间的空格（如“9月 16 日”），默认删去。
    #[arg(long)]
    keep_spaces: bool,
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
    /// The fonts these options find, shared by every compile of a command.
    fn discover(&self) -> Result<Arc<Fonts>, String> {
        Fonts::discover(&self.options())
            .map(Arc::new)
            .map_err(|e| e.to_string())
    }

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
    #[arg(long, default_value = "monthly", value_name = "NAME", value_parser = named_layout)]
    layout: Layout,
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
        Command::Batch(args) => batch(&args),
        Command::Proof(args) => proof(&args),
        Command::Diff(args) => return diff(&args),
        Command::Import(args) => import(&args),
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
    if args.marks && args.profile != Profile::Print {
        // A usage error, as clap reports its own (exit code 2), before
        // anything is read.
        let mut cli = Cli::command();
        cli.build();
        let render = cli
            .find_subcommand_mut("render")
            .expect("render is a subcommand");
        render
            .error(
                ErrorKind::ArgumentConflict,
                "--marks 只用于 --profile print",
            )
            .exit();
    }
    let layout = args.layout;
    let issue = Issue::load_for(&args.issue, layout).map_err(|e| e.to_string())?;
    let fonts = args.fonts.discover()?;
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
        "已写入 {}（{pages} 页，{}方案）",
        output.display(),
        args.profile.chinese()
    );
    report_provenance(&issue, &compiled.document);
    if let Some(dir) = &args.png {
        write_pngs(&compiled.document, dir, args.dpi)?;
        eprintln!("已写入 {pages} 张页面图像到 {}", dir.display());
    }
    Ok(())
}

fn write_pngs(document: &typst_layout::PagedDocument, dir: &Path, dpi: f32) -> Result<(), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: 无法创建目录: {e}", dir.display()))?;
    for (page, png) in export::pngs(document, dpi)
        .map_err(|e| e.to_string())?
        .iter()
        .enumerate()
    {
        let path = dir.join(export::png_file_name(page + 1));
        export::write_atomic(&path, png).map_err(|e| e.to_string())?;
    }
    // A shorter issue than the folder's last render: its extra pages go.
    export::remove_pngs_beyond(dir, document.pages().len())
        .map_err(|e| format!("{}: 无法清除旧的页面图像: {e}", dir.display()))?;
    Ok(())
}

/// `--layout NAME`: an unknown name is a usage error (exit code 2).
fn named_layout(name: &str) -> Result<Layout, String> {
    Layout::named(name)
        .ok_or_else(|| format!("没有名为 “{name}” 的版式；可用的版式: {}", Layout::names()))
}

/// Exit code 0 when no page differs beyond the tolerance, 1 when some do,
/// 2 when the inputs cannot be read (as for usage errors).
fn diff(args: &DiffArgs) -> ExitCode {
    match diff_pages(args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("错误: {message}");
            ExitCode::from(2)
        }
    }
}

fn diff_pages(args: &DiffArgs) -> Result<bool, String> {
    use yuebao::compare::{self, source};
    let (a, b) = (
        source::Source::from_path(&args.a).map_err(|e| e.to_string())?,
        source::Source::from_path(&args.b).map_err(|e| e.to_string())?,
    );
    let rendering = source::Rendering {
        dpi: args.dpi,
        layout: args.layout,
        fonts: args.fonts.discover()?,
        rasteriser: source::Rasteriser::for_pair(&a, &b),
        profile: source::profile_of(&a, &b),
    };
    let expected = source::pages(&a, &rendering).map_err(|e| e.to_string())?;
    let actual = source::pages(&b, &rendering).map_err(|e| e.to_string())?;
    let options = compare::Options {
        tolerance: args.tolerance,
        ..Default::default()
    };
    let comparison = compare::compare(&expected, &actual, &options);
    for page in comparison.differing() {
        println!("{page}");
    }
    if let Some(dir) = &args.output {
        let labels = (&*args.a.to_string_lossy(), &*args.b.to_string_lossy());
        let index = compare::report::write(dir, labels, &expected, &actual, &comparison)
            .map_err(|e| e.to_string())?;
        eprintln!("已写入比较报告 {}", index.display());
    }
    let count = comparison.differing().count();
    if count == 0 {
        eprintln!("{} 页均无超出容差的差异", comparison.pages.len());
    } else {
        eprintln!("{count} 页不同（共 {} 页）", comparison.pages.len());
    }
    Ok(count == 0)
}

fn proof(args: &ProofArgs) -> Result<(), String> {
    use yuebao::compare::{report, source};
    let layout = args.layout;
    let issue = Issue::load_for(&args.issue, layout).map_err(|e| e.to_string())?;
    let fonts = args.fonts.discover()?;
    let compiled = Compiler::new(layout, fonts, &issue)
        .compile(&issue, false)
        .map_err(|e| format!("{}: {e}", args.issue.display()))?;
    let pages = source::document_pages(&compiled.document, 36.0);
    let thumbs: Vec<_> = pages.iter().map(report::thumbnail).collect();
    let sheet = yuebao::proof::contact_sheet(&thumbs);
    let png = sheet.to_png().map_err(|e| e.to_string())?;
    export::write_atomic(&args.output, &png).map_err(|e| e.to_string())?;
    eprintln!("已写入 {}（{} 页）", args.output.display(), pages.len());
    Ok(())
}

fn check(args: &CheckArgs) -> Result<(), String> {
    if args.typography {
        return check_typography(args);
    }
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
        let layout = args.layout;
        let issue = Issue::load_for(&args.file, layout).map_err(|e| e.to_string())?;
        let fonts = args.fonts.discover()?;
        let compiled = Compiler::new(layout, fonts, &issue)
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

/// `yuebao check --typography ISSUE`: every line that breaks a rule of
/// Chinese line composition, with page and line; exit 1 if there is one.
fn check_typography(args: &CheckArgs) -> Result<(), String> {
    let layout = args.layout;
    let issue = Issue::load_for(&args.file, layout).map_err(|e| e.to_string())?;
    let fonts = args.fonts.discover()?;
    let compiled = Compiler::new(layout, fonts, &issue)
        .with_profile(args.profile.unwrap_or(Profile::Screen))
        .compile(&issue, true)
        .map_err(|e| format!("{}: {e}", args.file.display()))?;
    let violations = yuebao::typography::check(&compiled.document);
    let mut out = String::new();
    for v in &violations {
        out.push_str(&format!("{}: {v}\n", args.file.display()));
    }
    out.push_str(&format!(
        "{}: {} 页，{} 处不合中文排版规则\n",
        args.file.display(),
        compiled.document.pages().len(),
        violations.len()
    ));
    let _ = std::io::Write::write_all(&mut std::io::stdout(), out.as_bytes());
    if violations.is_empty() {
        Ok(())
    } else {
        Err(format!("{} 处排版问题", violations.len()))
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

fn batch(args: &BatchArgs) -> Result<(), String> {
    use std::io::IsTerminal;
    use yuebao::batch::{Batch, Outcome, collect_inputs};
    let layout = args.layout;
    let inputs = collect_inputs(&args.paths).map_err(|e| e.to_string())?;
    let fonts = args.fonts.discover()?;
    // Ctrl-C: finish the issues being rendered, start no new one, report.
    // A second Ctrl-C ends at once; outputs are still never half-written
    // (atomic rename), at worst a temporary file is left behind.
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let flag = stop.clone();
    let _ = ctrlc::set_handler(move || {
        if flag.swap(true, std::sync::atomic::Ordering::SeqCst) {
            std::process::exit(130);
        }
        eprintln!("\n正在中断：完成正在排版的各期后停止（再按一次 Ctrl-C 立即退出）");
    });
    let batch = Batch {
        layout,
        fonts,
        out_dir: args.output.clone(),
        force: args.force,
        stop,
        jobs: args.jobs.unwrap_or(0),
        profile: args.profile,
        png_dpi: args.png.then_some(args.dpi),
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
            Outcome::Interrupted => "已中断，未排".to_owned(),
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
    let interrupted = count(&|o| matches!(o, Outcome::Interrupted));
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
        "共 {total} 期：排版 {rendered}，跳过 {skipped}，失败 {}，中断未排 {interrupted}；用时 {elapsed:.2} s（{:.1} 期/秒）",
        failed.len(),
        (rendered + skipped) as f64 / elapsed.max(1e-9)
    );
    if interrupted > 0 {
        Err(format!("已中断：{interrupted} 期未排"))
    } else if failed.is_empty() {
        Ok(())
    } else {
        Err(format!("{} 期排版失败", failed.len()))
    }
}

fn import(args: &ImportArgs) -> Result<(), String> {
    use yuebao::import;
    let bytes = std::fs::read(&args.text)
        .map_err(|e| format!("{}: 无法读取文件: {e}", args.text.display()))?;
    let options = import::Options {
        keep_spaces: args.keep_spaces,
    };
    let imported = import::import_bytes(&bytes, options)
        .map_err(|e| format!("{}: {e}", args.text.display()))?;
    for warning in &imported.warnings {
        eprintln!(
            "{}:{}: 警告: {}",
            args.text.display(),
            warning.line,
            warning.message
        );
    }
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| args.text.with_extension("toml"));
    export::write_atomic(&output, import::to_toml(&imported.issue).as_bytes())
        .map_err(|e| e.to_string())?;
    let articles = imported.issue.articles().count();
    eprintln!(
        "已写入 {}（{} 个栏目，{articles} 篇文章，{} 条警告；原文编码 {}）",
        output.display(),
        imported.issue.sections.len(),
        imported.warnings.len(),
        imported.encoding
    );
    Ok(())
}

/// For an imported back issue: the articles that no longer start on their original page.
fn report_provenance(issue: &Issue, document: &typst_layout::PagedDocument) {
    let recorded = yuebao::provenance::with_original_page(issue);
    if recorded == 0 {
        return;
    }
    let headings = yuebao::inspect::headings(document);
    let changes = yuebao::provenance::page_changes(issue, &headings);
    eprintln!(
        "与原刊页码对照：{} 篇有原页码，{} 篇起始页与原刊不同",
        recorded,
        changes.len()
    );
    for change in &changes {
        eprintln!(
            "  “{}”：原第{}页，现第{}页",
            change.headline, change.original_page, change.new_page
        );
    }
}
