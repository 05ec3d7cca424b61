//! yuebao patch (see vendor/README.md): zlib streams coded with Huffman
//! codes only, without LZ77 matching.
//!
//! Embedded font programs are the bulk of a Chinese PDF (about 0.7 MB of CFF
//! outlines an issue), and outlines hardly repeat: libdeflate's fastest level
//! makes them only a fifth smaller, and most of its time goes into looking
//! for matches that are not there. Coding each byte with a Huffman code made
//! for the block gets almost all of that fifth (an order-0 entropy coder is
//! within a few percent of it on CFF) for a fraction of the work: one pass
//! to count the bytes, one to write their codes.
//!
//! The output is an ordinary zlib stream (RFC 1950) of dynamic-Huffman
//! deflate blocks (RFC 1951), with stored blocks where coding would not pay.

/// Bytes per deflate block: each block gets codes fitted to its own bytes;
/// at most what one stored block holds.
const BLOCK: usize = 65_535;
/// The longest code deflate allows for literals and for code lengths.
const MAX_LITERAL_BITS: usize = 15;
const MAX_LENGTH_BITS: usize = 7;
/// End of block.
const END: usize = 256;
/// The order in which the code-length code's lengths are sent.
const LENGTH_ORDER: [usize; 19] = [
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
];

/// `data` as a zlib stream of literal-only deflate blocks.
pub fn zlib_huffman_only(data: &[u8]) -> Vec<u8> {
    let mut out = Bits::with_capacity(data.len() + data.len() / 8 + 64);
    // CMF: deflate with a 32 KiB window; FLG: fastest compression, no
    // dictionary, and the check bits that make 0x7801 a multiple of 31.
    out.bytes(&[0x78, 0x01]);
    if data.is_empty() {
        block(&mut out, &[], true);
    }
    let mut chunks = data.chunks(BLOCK).peekable();
    while let Some(chunk) = chunks.next() {
        block(&mut out, chunk, chunks.peek().is_none());
    }
    let mut out = out.finish();
    out.extend_from_slice(&libdeflater::adler32(data).to_be_bytes());
    out
}

/// One deflate block holding `chunk`: dynamic Huffman codes, or the bytes
/// as they are where the codes and their description would take more.
fn block(out: &mut Bits, chunk: &[u8], last: bool) {
    let mut freq = [0u32; END + 1];
    let mut fours = chunk.chunks_exact(4);
    for four in &mut fours {
        for i in 0..4 {
            freq[four[i] as usize] += 1;
        }
    }
    for &byte in fours.remainder() {
        freq[byte as usize] += 1;
    }
    freq[END] = 1;
    let lengths = code_lengths(&freq, MAX_LITERAL_BITS);

    // The literal/length code's lengths (257: literals and end of block),
    // then the distance code's (2 codes of one bit, none used: zlib sends
    // the same, and some inflaters want at least one distance code), run-
    // length coded with the code-length alphabet.
    let mut all = lengths.to_vec();
    all.extend_from_slice(&[1, 1]);
    let runs = run_lengths(&all);
    let mut length_freq = [0u32; 19];
    for &(symbol, _) in &runs {
        length_freq[symbol as usize] += 1;
    }
    let length_lengths = code_lengths(&length_freq, MAX_LENGTH_BITS);
    // How many of the code-length code's lengths are sent (at least 4).
    let sent = LENGTH_ORDER
        .iter()
        .rposition(|&s| length_lengths[s] != 0)
        .map_or(0, |i| i + 1)
        .max(4);

    let header_bits: u64 = 3
        + 5
        + 5
        + 4
        + 3 * sent as u64
        + runs
            .iter()
            .map(|&(s, _)| u64::from(length_lengths[s as usize]) + extra_bits(s))
            .sum::<u64>();
    let coded_bits: u64 = header_bits
        + freq
            .iter()
            .zip(&lengths)
            .map(|(&f, &l)| u64::from(f) * u64::from(l))
            .sum::<u64>();
    // A stored block: 3 bits, up to 7 of padding, LEN and NLEN, the bytes.
    let stored_bits = 3 + 7 + 32 + 8 * chunk.len() as u64;
    if coded_bits > stored_bits {
        out.put(u64::from(last), 3);
        out.align();
        let len = chunk.len() as u16;
        out.bytes(&len.to_le_bytes());
        out.bytes(&(!len).to_le_bytes());
        out.bytes(chunk);
        return;
    }

    out.put(u64::from(last) | 0b10 << 1, 3);
    out.put(0, 5); // HLIT: 257 literal/length codes
    out.put(2 - 1, 5); // HDIST: 2 distance codes
    out.put(sent as u64 - 4, 4); // HCLEN
    for &symbol in &LENGTH_ORDER[..sent] {
        out.put(u64::from(length_lengths[symbol]), 3);
    }
    let length_codes = canonical_codes(&length_lengths);
    for &(symbol, extra) in &runs {
        let (code, len) = length_codes[symbol as usize];
        out.put(code, len);
        let extra_len = extra_bits(symbol) as u32;
        if extra_len > 0 {
            out.put(u64::from(extra), extra_len);
        }
    }

    let codes = canonical_codes(&lengths);
    // Code and length of each byte in one word: the code in the low 16 bits.
    let table: [u32; 256] = std::array::from_fn(|b| codes[b].0 as u32 | codes[b].1 << 16);
    out.codes(chunk, &table, coded_bits - header_bits);
    let (code, len) = codes[END];
    out.put(code, len);
}

/// The code-length alphabet's symbols with their extra-bit values: 0–15 a
/// length, 16 the previous length 3–6 times, 17 zero 3–10 times, 18 zero
/// 11–138 times.
fn run_lengths(lengths: &[u8]) -> Vec<(u8, u8)> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < lengths.len() {
        let len = lengths[i];
        let run = lengths[i..].iter().take_while(|&&l| l == len).count();
        let mut left = run;
        if len == 0 {
            while left >= 11 {
                let n = left.min(138);
                runs.push((18, (n - 11) as u8));
                left -= n;
            }
            if left >= 3 {
                runs.push((17, (left - 3) as u8));
                left = 0;
            }
        } else {
            runs.push((len, 0));
            left -= 1;
            while left >= 3 {
                let n = left.min(6);
                runs.push((16, (n - 3) as u8));
                left -= n;
            }
        }
        runs.extend(std::iter::repeat_n((len, 0), left));
        i += run;
    }
    runs
}

fn extra_bits(symbol: u8) -> u64 {
    match symbol {
        16 => 2,
        17 => 3,
        18 => 7,
        _ => 0,
    }
}

/// Huffman code lengths for `freq`, none longer than `max` bits. Always at
/// least two codes (a complete code), as inflaters expect.
fn code_lengths<const N: usize>(freq: &[u32; N], max: usize) -> [u8; N] {
    let mut lengths = [0u8; N];
    let mut used: Vec<(u32, usize)> = freq
        .iter()
        .enumerate()
        .filter(|&(_, &f)| f > 0)
        .map(|(s, &f)| (f, s))
        .collect();
    // Pad to two symbols with unused ones (frequency zero).
    for s in 0..N {
        if used.len() >= 2 {
            break;
        }
        if freq[s] == 0 {
            used.push((0, s));
        }
    }
    used.sort_unstable();

    // Code lengths by the two-queue Huffman construction over the sorted
    // frequencies: `parent` links of the leaves and the internal nodes.
    let n = used.len();
    let mut weight: Vec<u64> = used.iter().map(|&(f, _)| u64::from(f)).collect();
    let mut parent = vec![0usize; 2 * n - 1];
    let (mut leaf, mut node) = (0, n);
    for next in n..2 * n - 1 {
        let mut pick = || {
            if leaf < n && (node >= next || weight[leaf] <= weight[node]) {
                leaf += 1;
                leaf - 1
            } else {
                node += 1;
                node - 1
            }
        };
        let (a, b) = (pick(), pick());
        weight.push(weight[a] + weight[b]);
        parent[a] = next;
        parent[b] = next;
    }
    let mut depth = vec![0usize; 2 * n - 1];
    for i in (0..2 * n - 2).rev() {
        depth[i] = depth[parent[i]] + 1;
    }

    // How many codes of each length; longer than `max` are folded in and
    // the Kraft sum restored by lengthening the longest shorter codes
    // (as zlib and miniz do).
    let mut count = vec![0u32; n.max(max) + 1];
    for &d in &depth[..n] {
        count[d] += 1;
    }
    let over: u32 = count[max + 1..].iter().sum();
    if over > 0 {
        count[max] += over;
        count.truncate(max + 1);
        let mut total: u64 = (1..=max).map(|l| u64::from(count[l]) << (max - l)).sum();
        while total > 1 << max {
            count[max] -= 1;
            for l in (1..max).rev() {
                if count[l] > 0 {
                    count[l] -= 1;
                    count[l + 1] += 2;
                    break;
                }
            }
            total -= 1;
        }
    }
    // The shortest codes go to the most frequent symbols.
    let mut by_length =
        (1..count.len()).flat_map(|l| std::iter::repeat_n(l as u8, count[l] as usize));
    for &(_, symbol) in used.iter().rev() {
        lengths[symbol] = by_length.next().expect("one length per symbol");
    }
    lengths
}

/// Canonical codes (RFC 1951, 3.2.2) for `lengths`, bit-reversed to be sent
/// least significant bit first.
fn canonical_codes<const N: usize>(lengths: &[u8; N]) -> [(u64, u32); N] {
    let mut count = [0u32; 16];
    for &l in lengths {
        count[l as usize] += 1;
    }
    count[0] = 0;
    let mut next = [0u32; 16];
    let mut code = 0;
    for bits in 1..16 {
        code = (code + count[bits - 1]) << 1;
        next[bits] = code;
    }
    let mut codes = [(0u64, 0u32); N];
    for (symbol, &l) in lengths.iter().enumerate() {
        if l > 0 {
            let c = next[l as usize];
            next[l as usize] += 1;
            codes[symbol] = (
                u64::from(c.reverse_bits() >> (32 - u32::from(l))),
                u32::from(l),
            );
        }
    }
    codes
}

/// A little-endian bit writer.
struct Bits {
    out: Vec<u8>,
    buffer: u64,
    count: u32,
}

impl Bits {
    fn with_capacity(capacity: usize) -> Self {
        Self {
            out: Vec::with_capacity(capacity),
            buffer: 0,
            count: 0,
        }
    }

    /// Appends the low `len` bits of `bits` (at most 32).
    #[inline(always)]
    fn put(&mut self, bits: u64, len: u32) {
        self.buffer |= bits << self.count;
        self.count += len;
        if self.count >= 32 {
            self.out
                .extend_from_slice(&(self.buffer as u32).to_le_bytes());
            self.buffer >>= 32;
            self.count -= 32;
        }
    }

    /// Appends the codes of `bytes` from `table` (code in the low 16 bits,
    /// length in the high 16) that take `bits` in all: the hot loop, three
    /// codes (at most 45 bits) between stores of the whole buffer.
    fn codes(&mut self, bytes: &[u8], table: &[u32; 256], bits: u64) {
        let mut pos = self.out.len();
        self.out.resize(pos + (bits as usize + 31) / 8 + 16, 0);
        let out = &mut self.out[..];
        let (mut buffer, mut count) = (self.buffer, self.count);
        // Whole bytes leave the buffer after each store: fewer than 8 bits
        // stay, so three more codes fit in its 64.
        let mut store = |buffer: &mut u64, count: &mut u32| {
            out[pos..pos + 8].copy_from_slice(&buffer.to_le_bytes());
            let whole = *count >> 3;
            pos += whole as usize;
            *buffer >>= whole * 8;
            *count &= 7;
        };
        store(&mut buffer, &mut count);
        let mut triples = bytes.chunks_exact(3);
        for three in &mut triples {
            let entries = [0, 1, 2].map(|i| table[three[i] as usize]);
            for entry in entries {
                buffer |= u64::from(entry & 0xffff) << count;
                count += entry >> 16;
            }
            store(&mut buffer, &mut count);
        }
        for &byte in triples.remainder() {
            let entry = table[byte as usize];
            buffer |= u64::from(entry & 0xffff) << count;
            count += entry >> 16;
        }
        store(&mut buffer, &mut count);
        self.out.truncate(pos);
        self.buffer = buffer;
        self.count = count;
    }

    /// Pads with zero bits to a byte boundary and writes out what is held.
    fn align(&mut self) {
        let bytes = self.count.div_ceil(8);
        self.out
            .extend_from_slice(&self.buffer.to_le_bytes()[..bytes as usize]);
        self.buffer = 0;
        self.count = 0;
    }

    /// Byte-aligned bytes (call `align` first, or at the start).
    fn bytes(&mut self, bytes: &[u8]) {
        debug_assert_eq!(self.count, 0);
        self.out.extend_from_slice(bytes);
    }

    fn finish(mut self) -> Vec<u8> {
        self.align();
        self.out
    }
}
