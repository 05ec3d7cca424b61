// Prints the laid-out lines of an issue: page, x, y, text.
fn main() {
    let path = std::env::args().nth(1).expect("issue path");
    let issue = yuebao::Issue::load(std::path::Path::new(&path)).unwrap();
    let fonts =
        std::sync::Arc::new(yuebao::Fonts::discover(&yuebao::FontOptions::shipped_only()).unwrap());
    let compiled = yuebao::Compiler::new(yuebao::Layout::default(), fonts, &issue)
        .compile(&issue, true)
        .unwrap();
    for v in yuebao::typography::check(&compiled.document) {
        eprintln!("{v}");
    }
    for page in yuebao::inspect::lines(&compiled.document) {
        for l in page {
            println!(
                "{:>2} {:>6.1} {:>6.1} {:>6.1} {}",
                l.page, l.x, l.end, l.y, l.text
            );
        }
    }
}
