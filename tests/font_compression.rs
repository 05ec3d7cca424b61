//! The compressor of embedded font programs (patch 5 to krilla, see
//! `vendor/README.md`): Huffman codes only, no LZ77. Every stream must
//! inflate to its input with an independent inflater (miniz_oxide, which
//! also checks the Adler-32), and the font programs must still get smaller.

use krilla::huffman::zlib_huffman_only;

fn round_trip(data: &[u8]) -> Vec<u8> {
    let compressed = zlib_huffman_only(data);
    let back = miniz_oxide::inflate::decompress_to_vec_zlib(&compressed)
        .unwrap_or_else(|e| panic!("{} bytes do not inflate: {e:?}", data.len()));
    assert!(back == data, "{} bytes inflate to other bytes", data.len());
    compressed
}

/// A deterministic stream of pseudo-random numbers (xorshift).
fn random(len: usize, mut seed: u64) -> Vec<u8> {
    (0..len)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 24) as u8
        })
        .collect()
}

#[test]
fn tiny_and_degenerate_inputs_inflate_to_themselves() {
    round_trip(&[]);
    round_trip(&[0]);
    round_trip(&[255]);
    round_trip(b"ab");
    // One byte value only: the code needs a second, unused, symbol.
    let same = round_trip(&[7; 100_000]);
    assert!(same.len() < 100_000 / 7, "{} bytes", same.len());
}

#[test]
fn every_block_size_boundary_inflates_to_itself() {
    let text = "平顶山月报 2023年第09期（总第213期）".repeat(10_000);
    for len in [65_534, 65_535, 65_536, 131_070, 131_071, 200_000] {
        round_trip(&text.as_bytes()[..len]);
    }
}

#[test]
fn incompressible_data_is_stored_not_expanded() {
    let data = random(300_000, 0x9e37_79b9_7f4a_7c15);
    let compressed = round_trip(&data);
    // Stored blocks: 5 bytes a block of 65,535, plus zlib's 6.
    assert!(
        compressed.len() <= data.len() + 5 * 5 + 6,
        "{} bytes",
        compressed.len()
    );
}

#[test]
fn codes_longer_than_fifteen_bits_are_limited() {
    // Byte i appearing 2^i times (i = 0..15), with the end-of-block symbol
    // once, makes a Huffman tree that is a chain 16 deep: codes deflate
    // cannot send, so they must be shortened.
    let data: Vec<u8> = (0..16u32)
        .flat_map(|i| std::iter::repeat_n(i as u8 * 11, 1 << i))
        .collect();
    assert_eq!(data.len(), 65_535, "one block");
    let compressed = round_trip(&data);
    assert!(
        compressed.len() < data.len() / 3,
        "{} of {} bytes",
        compressed.len(),
        data.len()
    );
}

#[test]
fn all_byte_values_equally_often_use_eight_bit_codes() {
    let data: Vec<u8> = (0..64 * 256).map(|i| (i % 256) as u8).collect();
    let compressed = round_trip(&data);
    // 257 symbols: 8 or 9 bits each, so no gain, and stored is chosen or
    // the coded block is hardly larger.
    assert!(
        compressed.len() <= data.len() + 64,
        "{} bytes",
        compressed.len()
    );
}

#[test]
fn a_real_cff_font_inflates_to_itself_and_shrinks_by_a_tenth_or_more() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let font = std::fs::read(root.join("fonts/FandolFang-Regular.otf")).unwrap();
    // A slice of the outlines, as large as an issue's subset.
    let data = &font[font.len() / 3..font.len() / 3 + 800_000];
    let compressed = round_trip(data);
    let ratio = compressed.len() as f64 / data.len() as f64;
    assert!(ratio < 0.9, "ratio {ratio:.3}");
}
