//! Reading a laid-out document back: its lines of text page by page, and
//! the pages its headings landed on. Tests, the typography checker and the
//! page-faithfulness report all look at the document through this module,
//! never at the data that produced it.

use typst::foundations::NativeElement;
use typst::foundations::{Selector, Value};
use typst::introspection::Introspector;
use typst::layout::{Abs, Frame, FrameItem, Point, Size, Transform};
use typst::model::HeadingElem;
use typst::visualize::{Geometry, Shape};
use typst_layout::PagedDocument;

/// One laid-out line: the text of every run on the same baseline, left to right.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// Page number (1-based, the physical page).
    pub page: usize,
    /// Baseline, in points from the top of the page.
    pub y: f64,
    /// Left edge of the first run and right edge of the last, in points.
    pub x: f64,
    pub end: f64,
    /// The text, as the runs spell it; leaders drawn as a dotted rule read
    /// as one [`LEADER_DOT`] a dot.
    pub text: String,
    /// Where the line's leaders run: the centres of their first and last
    /// dots, in points from the left of the page.
    pub leaders: Option<(f64, f64)>,
    /// Each glyph of the line's text, left to right: where it starts, in
    /// points from the left of the page, and the character it shows.
    pub glyphs: Vec<(f64, char)>,
}

/// The lines of every page, top to bottom.
pub fn lines(document: &PagedDocument) -> Vec<Vec<Line>> {
    document
        .pages()
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let mut runs: Vec<Run> = Vec::new();
            collect_runs(&page.frame, Transform::identity(), &mut runs);
            group_lines(i + 1, runs)
        })
        .collect()
}

/// A run of text (or of leader dots) on one baseline, in page coordinates.
struct Run {
    y: f64,
    x: f64,
    end: f64,
    text: String,
    /// A run of leaders: its first and last dot.
    dots: Option<(f64, f64)>,
    /// Where each glyph starts, and its character.
    glyphs: Vec<(f64, char)>,
}

/// The runs of a frame and the frames in it.
fn collect_runs(frame: &Frame, ts: Transform, runs: &mut Vec<Run>) {
    for (pos, item) in frame.items() {
        match item {
            FrameItem::Group(group) => {
                let ts = ts
                    .pre_concat(Transform::translate(pos.x, pos.y))
                    .pre_concat(group.transform);
                collect_runs(&group.frame, ts, runs);
            }
            FrameItem::Text(text) => {
                let start = pos.transform(ts);
                let end = Point::new(pos.x + text.width(), pos.y).transform(ts);
                let mut x = pos.x;
                let glyphs = text
                    .glyphs
                    .iter()
                    .map(|glyph| {
                        let at = Point::new(x + glyph.x_offset.at(text.size), pos.y).transform(ts);
                        x += glyph.x_advance.at(text.size);
                        let c = text.text[glyph.range()].chars().next().unwrap_or(' ');
                        (at.x.to_pt(), c)
                    })
                    .collect();
                runs.push(Run {
                    y: start.y.to_pt(),
                    x: start.x.to_pt(),
                    end: end.x.to_pt(),
                    text: text.text.to_string(),
                    dots: None,
                    glyphs,
                });
            }
            FrameItem::Shape(shape, _) => {
                // Leaders drawn as a dotted rule read as the dots a reader
                // sees, on the baseline of the box that draws them.
                if let Some(rule) = dotted_rule(shape) {
                    let at = |x: Abs| Point::new(pos.x + x, frame.baseline()).transform(ts);
                    let (start, end) = (at(rule.from), at(rule.from + rule.length));
                    runs.push(Run {
                        y: start.y.to_pt(),
                        x: start.x.to_pt(),
                        end: end.x.to_pt(),
                        text: LEADER_DOT.to_string().repeat(rule.dots),
                        dots: (rule.dots > 0)
                            .then(|| (at(rule.first).x.to_pt(), at(rule.last).x.to_pt())),
                        glyphs: Vec::new(),
                    });
                }
            }
            _ => {}
        }
    }
}

/// How a leader's dot reads in a [`Line`]'s text.
pub const LEADER_DOT: char = '·';

/// A horizontal rule stroked with dots (dashes of length zero, a gap
/// between them), positions from the shape's.
struct DottedRule {
    dots: usize,
    /// Where the rule starts, and its length.
    from: Abs,
    length: Abs,
    /// The first dot and the last.
    first: Abs,
    last: Abs,
}

fn dotted_rule(shape: &Shape) -> Option<DottedRule> {
    let dash = shape.stroke.as_ref()?.dash.as_ref()?;
    let [on, pitch] = dash.array.as_slice() else {
        return None;
    };
    let (on, pitch) = (on.to_pt(), pitch.to_pt());
    if on != 0.0 || pitch <= 0.0 {
        return None;
    }
    // A line drawn leftwards has its dots counted from its right end.
    let mut leftwards = false;
    let (from, size) = match &shape.geometry {
        Geometry::Line(to) => {
            leftwards = to.x < Abs::zero();
            (to.x.min(Abs::zero()), Size::new(to.x.abs(), to.y.abs()))
        }
        Geometry::Curve(curve) => {
            let bbox = curve.bbox(None);
            (bbox.min.x, bbox.size())
        }
        Geometry::Rect(_) => return None,
    };
    if size.y.to_pt().abs() > 1e-6 {
        return None;
    }
    // A dot at the start, then one every pitch up to the end; the phase
    // moves the first dot in.
    let length = size.x.to_pt();
    let first = (pitch - dash.phase.to_pt().rem_euclid(pitch)) % pitch;
    let dots = if first > length {
        0
    } else {
        ((length - first) / pitch + 1e-6).floor() as usize + 1
    };
    let last = first + dots.saturating_sub(1) as f64 * pitch;
    let (first, last) = if leftwards {
        (
            from + Abs::pt(length - last),
            from + Abs::pt(length - first),
        )
    } else {
        (from + Abs::pt(first), from + Abs::pt(last))
    };
    Some(DottedRule {
        dots,
        from,
        length: size.x,
        first,
        last,
    })
}

/// Runs whose baselines are within half a point form one line.
fn group_lines(page: usize, mut runs: Vec<Run>) -> Vec<Line> {
    runs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut lines: Vec<Line> = Vec::new();
    let mut current: Vec<Run> = Vec::new();
    let flush = |current: &mut Vec<Run>, lines: &mut Vec<Line>| {
        if current.is_empty() {
            return;
        }
        current.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut dots = current.iter().filter_map(|r| r.dots);
        let leaders = dots
            .next()
            .map(|first| dots.fold(first, |(a, b), (c, d)| (a.min(c), b.max(d))));
        lines.push(Line {
            page,
            y: current[0].y,
            x: current[0].x,
            end: current.iter().map(|r| r.end).fold(f64::MIN, f64::max),
            text: current.iter().map(|r| r.text.as_str()).collect(),
            leaders,
            glyphs: current
                .iter()
                .flat_map(|r| r.glyphs.iter().copied())
                .collect(),
        });
        current.clear();
    };
    for run in runs {
        if current
            .first()
            .is_some_and(|first| (run.y - first.y).abs() > 0.5)
        {
            flush(&mut current, &mut lines);
        }
        current.push(run);
    }
    flush(&mut current, &mut lines);
    lines
}

/// A heading and the page it landed on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadingPlace {
    pub level: usize,
    pub title: String,
    pub page: usize,
}

/// Every heading of the document in order, with its page (1-based, physical).
pub fn headings(document: &PagedDocument) -> Vec<HeadingPlace> {
    let introspector = document.introspector();
    introspector
        .query(&Selector::Elem(HeadingElem::ELEM, None))
        .iter()
        .filter_map(|heading| {
            let page = introspector.page(heading.location()?)?.get();
            let level = match heading.get_by_name("level").ok()? {
                Value::Int(level) => level as usize,
                _ => return None,
            };
            let title = heading
                .get_by_name("body")
                .ok()?
                .display()
                .plain_text()
                .to_string();
            Some(HeadingPlace { level, title, page })
        })
        .collect()
}
