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
}

/// The lines of every page, top to bottom.
pub fn lines(document: &PagedDocument) -> Vec<Vec<Line>> {
    document
        .pages()
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let mut runs: Vec<(f64, f64, f64, String)> = Vec::new();
            collect_runs(&page.frame, Transform::identity(), &mut runs);
            group_lines(i + 1, runs)
        })
        .collect()
}

/// Runs of text as (baseline y, x, right edge, text), in page coordinates.
fn collect_runs(frame: &Frame, ts: Transform, runs: &mut Vec<(f64, f64, f64, String)>) {
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
                runs.push((
                    start.y.to_pt(),
                    start.x.to_pt(),
                    end.x.to_pt(),
                    text.text.to_string(),
                ));
            }
            FrameItem::Shape(shape, _) => {
                // Leaders drawn as a dotted rule read as the dots a reader
                // sees, on the baseline of the box that draws them.
                if let Some((dots, from, width)) = dotted_rule(shape) {
                    let start = Point::new(pos.x + from, frame.baseline()).transform(ts);
                    let end = Point::new(pos.x + from + width, frame.baseline()).transform(ts);
                    runs.push((
                        start.y.to_pt(),
                        start.x.to_pt(),
                        end.x.to_pt(),
                        LEADER_DOT.to_string().repeat(dots),
                    ));
                }
            }
            _ => {}
        }
    }
}

/// How a leader's dot reads in a [`Line`]'s text.
pub const LEADER_DOT: char = '·';

/// A horizontal rule stroked with dots (dashes of length zero, a gap
/// between them): how many dots it draws, where it starts (from the shape's
/// position) and its length.
fn dotted_rule(shape: &Shape) -> Option<(usize, Abs, Abs)> {
    let dash = shape.stroke.as_ref()?.dash.as_ref()?;
    let [on, pitch] = dash.array.as_slice() else {
        return None;
    };
    let (on, pitch) = (on.to_pt(), pitch.to_pt());
    if on != 0.0 || pitch <= 0.0 {
        return None;
    }
    let (from, size) = match &shape.geometry {
        Geometry::Line(to) => (to.x.min(Abs::zero()), Size::new(to.x.abs(), to.y.abs())),
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
    Some((dots, from, size.x))
}

/// Runs whose baselines are within half a point form one line.
fn group_lines(page: usize, mut runs: Vec<(f64, f64, f64, String)>) -> Vec<Line> {
    runs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
    let mut lines: Vec<Line> = Vec::new();
    let mut current: Vec<(f64, f64, f64, String)> = Vec::new();
    let flush = |current: &mut Vec<(f64, f64, f64, String)>, lines: &mut Vec<Line>| {
        if current.is_empty() {
            return;
        }
        current.sort_by(|a, b| a.1.total_cmp(&b.1));
        lines.push(Line {
            page,
            y: current[0].0,
            x: current[0].1,
            end: current.iter().map(|r| r.2).fold(f64::MIN, f64::max),
            text: current.iter().map(|r| r.3.as_str()).collect(),
        });
        current.clear();
    };
    for run in runs {
        if current
            .first()
            .is_some_and(|first| (run.0 - first.0).abs() > 0.5)
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
