//! The cmap cache of the patched rustybuzz (`vendor/README.md`): shaping
//! must give every character the glyph the font's cmap gives it, however
//! often the characters come and whichever share a cache slot.

fn font() -> Vec<u8> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::read(root.join("fonts/FandolFang-Regular.otf")).unwrap()
}

fn shape(face: &rustybuzz::Face, text: &str) -> Vec<u32> {
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    let shaped = rustybuzz::shape(face, &[], buffer);
    shaped.glyph_infos().iter().map(|g| g.glyph_id).collect()
}

#[test]
fn shaped_glyphs_are_the_cmaps_glyphs_after_the_cache_fills_and_collides() {
    let data = font();
    let cmap = ttf_parser::Face::parse(&data, 0).unwrap();
    let face = rustybuzz::Face::from_slice(&data, 0).unwrap();
    // 8,000 ideographs: twice the cache's slots, so that every slot is
    // taken by two characters in turn; then the same text again (hits), a
    // shuffled order (slots taken by the other character), and characters
    // the font lacks (cached as missing).
    let chars: Vec<char> = ('\u{4E00}'..='\u{9FFF}').step_by(2).take(8000).collect();
    let mut shuffled = chars.clone();
    shuffled.reverse();
    shuffled.rotate_left(1234);
    let missing: Vec<char> = ['\u{E000}', '\u{10FFFD}', '\u{1F600}'].repeat(3);
    for run in [&chars, &chars, &shuffled, &missing, &chars] {
        let text: String = run.iter().collect();
        let shaped = shape(&face, &text);
        let expected: Vec<u32> = run
            .iter()
            .map(|&c| cmap.glyph_index(c).map_or(0, |g| u32::from(g.0)))
            .collect();
        assert_eq!(shaped.len(), expected.len());
        let wrong = shaped
            .iter()
            .zip(&expected)
            .zip(run.iter())
            .find(|((s, e), _)| s != e);
        assert!(wrong.is_none(), "{wrong:?}");
    }
    // The font covers most of them: the test is about real glyphs.
    let covered = chars
        .iter()
        .filter(|&&c| cmap.glyph_index(c).is_some())
        .count();
    assert!(covered > 3000, "{covered}");
}

#[test]
fn clones_of_a_face_and_threads_sharing_it_agree() {
    let data = font();
    let face = rustybuzz::Face::from_slice(&data, 0).unwrap();
    let text: String = ('\u{4E00}'..='\u{6000}').collect();
    let alone = shape(&face, &text);
    let clone = face.clone();
    std::thread::scope(|s| {
        let a = s.spawn(|| shape(&face, &text));
        let b = s.spawn(|| shape(&clone, &text));
        assert_eq!(a.join().unwrap(), alone);
        assert_eq!(b.join().unwrap(), alone);
    });
}
