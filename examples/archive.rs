//! A synthetic archive for benchmarks and tests:
//! `cargo run --release --example archive -- N OUTDIR` writes N distinct,
//! valid issues (TOML) made from the sample issue's real text: articles
//! shuffled across the sections, some articles left out, paragraphs cut at a
//! sentence end, consecutive issue numbers and dates.

use std::path::{Path, PathBuf};

use yuebao::model::{Date, Issue, Section};

/// xorshift64*: deterministic, so the archive is the same on every machine.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Cuts a paragraph after one of its sentences, keeping at least one.
fn shorten(paragraph: &str, random: &mut Random) -> String {
    let ends: Vec<usize> = paragraph
        .match_indices('。')
        .map(|(i, s)| i + s.len())
        .collect();
    if ends.len() < 2 {
        return paragraph.to_owned();
    }
    let keep = 1 + random.below(ends.len());
    paragraph[..ends[keep - 1]].to_owned()
}

pub fn make(sample: &Issue, index: usize) -> Issue {
    let mut random =
        Random(0x9E37_79B9_7F4A_7C15 ^ (index as u64 + 1).wrapping_mul(0xA24B_AED4_963E_E407));
    let mut issue = sample.clone();
    // Issue 1 is 2007年第01期; one issue a month.
    let months = index as u32;
    issue.masthead.year = 2007 + months / 12;
    issue.masthead.number = months % 12 + 1;
    issue.masthead.total_number = index as u32 + 1;
    let (year, month) = if issue.masthead.number == 12 {
        (issue.masthead.year + 1, 1)
    } else {
        (issue.masthead.year, issue.masthead.number + 1)
    };
    issue.masthead.date = Date {
        year,
        month,
        day: 1 + random.below(28) as u32,
    };

    let mut articles: Vec<_> = sample.articles().map(|(_, a)| a.clone()).collect();
    for i in (1..articles.len()).rev() {
        articles.swap(i, random.below(i + 1));
    }
    articles.truncate(40 + random.below(articles.len() - 39));
    for article in &mut articles {
        for paragraph in &mut article.paragraphs {
            if random.below(3) == 0 {
                *paragraph = shorten(paragraph, &mut random);
            }
        }
    }
    let titles: Vec<String> = sample.sections.iter().map(|s| s.title.clone()).collect();
    let sections = titles.len().min(articles.len());
    let mut out: Vec<Section> = titles[..sections]
        .iter()
        .map(|title| Section {
            title: title.clone(),
            articles: Vec::new(),
        })
        .collect();
    for (i, article) in articles.into_iter().enumerate() {
        // Every section gets one article first, the rest go anywhere.
        let target = if i < sections {
            i
        } else {
            random.below(sections)
        };
        out[target].articles.push(article);
    }
    issue.sections = out;
    issue
}

fn main() {
    let mut args = std::env::args().skip(1);
    let usage = "usage: archive N OUTDIR";
    let count: usize = args.next().and_then(|n| n.parse().ok()).expect(usage);
    let dir = PathBuf::from(args.next().expect(usage));
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let sample = Issue::load(&root.join("samples/2023-09.toml")).expect("the sample is valid");
    std::fs::create_dir_all(&dir).expect("output folder");
    for index in 0..count {
        let issue = make(&sample, index);
        let text = toml::to_string(&issue).expect("serialises");
        let name = format!("{}-{:02}.toml", issue.masthead.year, issue.masthead.number);
        std::fs::write(dir.join(name), text).expect("write");
    }
    eprintln!("wrote {count} issues to {}", dir.display());
}
