//! How many times Typst lays the sample out before its page numbers settle.
//! Each pass costs about as much as the first layout of the body, so a proof
//! after an edit, and every issue of a batch, pays for every extra one.
//!
//! A test binary of its own: the timing records are process-wide, and a
//! compile in a neighbouring test would add its passes to the count.

mod common;

use common::*;
use yuebao::{Compiler, Layout, Profile};

/// The layout passes of one compile of `issue` with `layout` for
/// `profile`, read from Typst's own timing records (one `iter` span per
/// pass).
fn passes(issue: &yuebao::Issue, layout: Layout, profile: Profile) -> usize {
    typst_timing::clear();
    typst_timing::enable();
    Compiler::new(layout, fonts(), issue)
        .with_profile(profile)
        .compile(issue, false)
        .expect("the issue renders");
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
///
/// For print, the second pass also adds the blank pages that pad the issue
/// to a multiple of 4 (the first does not know the page count yet). Those
/// pages show no folio: a folio asks where its page is, and pages new in a
/// pass that ask would need a third pass to confirm the answers.
///
/// One test, not one per case: the timing records are process-wide.
#[test]
fn the_sample_settles_in_two_layout_passes_in_every_profile_and_layout() {
    let sample = sample();
    for layout in ["monthly", "brief"] {
        for profile in Profile::ALL {
            let layout = Layout::named(layout).unwrap();
            assert_eq!(
                passes(&sample, layout, profile),
                2,
                "{} layout, {profile} profile",
                layout.name
            );
        }
    }
}
