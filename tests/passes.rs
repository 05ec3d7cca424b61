//! How many times Typst lays the sample out before its page numbers settle.
//! Each pass costs about as much as the first layout of the body, so a proof
//! after an edit, and every issue of a batch, pays for every extra one.
//!
//! A test binary of its own: the timing records are process-wide, and a
//! compile in a neighbouring test would add its passes to the count.

mod common;

use common::*;

/// The layout passes of one compile of `issue`, read from Typst's own
/// timing records (one `iter` span per pass).
fn passes(issue: &yuebao::Issue) -> usize {
    typst_timing::enable();
    compile(issue).expect("the issue renders");
    typst_timing::disable();
    let mut json = Vec::new();
    typst_timing::export_json(&mut json, |_| (String::new(), 0)).unwrap();
    let json = String::from_utf8(json).unwrap();
    json.matches(r#""name":"iter"#).count() / 2 // a begin and an end event
}

/// The contents take four pages, which the first pass cannot know: no
/// heading has a place yet, so the outline is empty. The layout gives that
/// pass a stand-in of the same lines, so the body starts on the right page
/// and the second pass finds every number already right. Without it (or
/// with one that takes fewer lines than the real entries) the second pass's
/// numbers are all wrong and a third is needed.
#[test]
fn the_sample_settles_in_two_layout_passes() {
    assert_eq!(passes(&sample()), 2);
}
