//! Detecting and decoding the encoding of an extracted text.
//!
//! Chinese back-issue texts come as UTF-8 (with or without BOM), as UTF-16
//! (Windows “Unicode”, often without BOM) or as GB18030/GBK (“ANSI” on a
//! Chinese Windows). The order of the checks matters: a BOM is certain, a
//! NUL-byte pattern is near-certain for UTF-16, valid UTF-8 is very unlikely
//! to be anything else, and GB18030 is the fallback that decodes almost
//! any byte sequence.

use encoding_rs::{Encoding, GB18030, UTF_16BE, UTF_16LE};

/// The text, and the name of the encoding it was read in.
pub(super) fn decode(bytes: &[u8]) -> (String, &'static str) {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return (
            String::from_utf8_lossy(rest).into_owned(),
            "UTF-8（带 BOM）",
        );
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return (utf16(UTF_16LE, rest), "UTF-16LE（带 BOM）");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return (utf16(UTF_16BE, rest), "UTF-16BE（带 BOM）");
    }
    if let Some(encoding) = utf16_by_nul_pattern(bytes) {
        let name = if encoding == UTF_16LE {
            "UTF-16LE"
        } else {
            "UTF-16BE"
        };
        return (utf16(encoding, bytes), name);
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return (text.to_owned(), "UTF-8");
    }
    let (text, _, _) = GB18030.decode(bytes);
    (text.into_owned(), "GB18030")
}

fn utf16(encoding: &'static Encoding, bytes: &[u8]) -> String {
    encoding.decode_without_bom_handling(bytes).0.into_owned()
}

/// UTF-16 text has a NUL in every ASCII character's high byte (newlines,
/// digits, tabs): many NULs on one parity and almost none on the other.
/// Chinese-only UTF-16 has few NULs, but an extracted issue always has its
/// line breaks and digits.
fn utf16_by_nul_pattern(bytes: &[u8]) -> Option<&'static Encoding> {
    if bytes.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for pair in bytes.chunks_exact(2) {
        even += usize::from(pair[0] == 0);
        odd += usize::from(pair[1] == 0);
    }
    let pairs = bytes.len() / 2;
    // Chinese characters with a zero low byte (一 U+4E00, 丁 U+4E01, …) put
    // some NULs on the other parity: about 1 % of the seed's characters.
    let enough = pairs / 50 + 1;
    if odd >= enough && even * 3 < odd {
        Some(UTF_16LE)
    } else if even >= enough && odd * 3 < even {
        Some(UTF_16BE)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_encoding_of_the_same_text_decodes_to_it() {
        let text = "平顶山月报\n2023年第09期\n(总第213期)\n";
        let (gb, _, _) = GB18030.encode(text);
        let utf16le: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        let utf16be: Vec<u8> = text.encode_utf16().flat_map(u16::to_be_bytes).collect();
        let mut bom = vec![0xFF, 0xFE];
        bom.extend(&utf16le);
        let mut utf8bom = b"\xEF\xBB\xBF".to_vec();
        utf8bom.extend(text.as_bytes());
        for (bytes, name) in [
            (text.as_bytes().to_vec(), "UTF-8"),
            (utf8bom, "UTF-8（带 BOM）"),
            (gb.into_owned(), "GB18030"),
            (utf16le, "UTF-16LE"),
            (utf16be, "UTF-16BE"),
            (bom, "UTF-16LE（带 BOM）"),
        ] {
            assert_eq!(decode(&bytes), (text.to_owned(), name));
        }
    }
}
