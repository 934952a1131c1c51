//! The docs of one `short` row: which docs of a run, starting at the row's
//! `first` doc, have a token starting with the row's key.
//!
//! A row is written per key for the docs of one transaction (their ids are
//! consecutive, see `sync.rs`), so a blob is small; it holds the docs
//! either as a bitmap from `first` or as the gaps between them (varints),
//! whichever is shorter: a key most docs have (`s`) costs a bit per doc,
//! a rare one a byte or two per doc that has it.

/// First byte of a blob of gaps.
const GAPS: u8 = 0;
/// First byte of a bitmap.
const BITS: u8 = 1;

/// The blob for `docs` (ascending, the first one `docs[0]`).
pub(super) fn encode(docs: &[i64]) -> Vec<u8> {
    let Some(&first) = docs.first() else {
        return vec![GAPS];
    };
    let span = docs.last().map_or(0, |&last| last - first) as usize + 1;
    let mut gaps = Vec::with_capacity(docs.len() + 1);
    gaps.push(GAPS);
    let mut at = first;
    for &doc in docs {
        push_varint(&mut gaps, (doc - at) as u64);
        at = doc;
    }
    if gaps.len() <= 1 + span.div_ceil(8) {
        return gaps;
    }
    let mut bits = vec![0u8; 1 + span.div_ceil(8)];
    bits[0] = BITS;
    for &doc in docs {
        let i = (doc - first) as usize;
        bits[1 + i / 8] |= 1 << (i % 8);
    }
    bits
}

/// Calls `f` with each doc of the blob of the row starting at `first`,
/// ascending. A blob that is not one of ours (a damaged row) yields what
/// it can and stops: the docs it gives are still only docs the index
/// holds, as the caller looks each one up.
pub(super) fn decode(first: i64, blob: &[u8], mut f: impl FnMut(i64)) {
    match blob.split_first() {
        Some((&GAPS, mut rest)) => {
            let mut at = first;
            while let Some((gap, tail)) = read_varint(rest) {
                at = at.saturating_add_unsigned(gap);
                f(at);
                rest = tail;
            }
        }
        Some((&BITS, bytes)) => {
            for (i, &byte) in bytes.iter().enumerate() {
                let mut byte = byte;
                while byte != 0 {
                    let bit = byte.trailing_zeros();
                    f(first + (i * 8) as i64 + i64::from(bit));
                    byte &= byte - 1;
                }
            }
        }
        _ => {}
    }
}

fn push_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

fn read_varint(bytes: &[u8]) -> Option<(u64, &[u8])> {
    let mut v = 0u64;
    for (i, &b) in bytes.iter().enumerate().take(10) {
        v |= u64::from(b & 0x7f) << (7 * i);
        if b & 0x80 == 0 {
            return Some((v, &bytes[i + 1..]));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round(docs: &[i64]) -> (Vec<i64>, u8) {
        let blob = encode(docs);
        let mut out = Vec::new();
        decode(docs.first().copied().unwrap_or(0), &blob, |d| out.push(d));
        (out, blob[0])
    }

    #[test]
    fn dense_docs_are_bits_and_sparse_ones_gaps() {
        let dense: Vec<i64> = (1000..1256).filter(|d| d % 3 != 0).collect();
        assert_eq!(round(&dense), (dense.clone(), BITS));
        let sparse = [7, 300, 70_000, 70_001, 5_000_000_000];
        assert_eq!(round(&sparse), (sparse.to_vec(), GAPS));
        assert_eq!(round(&[42]), (vec![42], GAPS));
        assert_eq!(round(&[]), (vec![], GAPS));
    }

    #[test]
    fn a_damaged_blob_gives_what_it_can() {
        let mut out = Vec::new();
        decode(5, &[GAPS, 1, 0x80], |d| out.push(d));
        assert_eq!(out, [6]);
        decode(5, &[9, 1, 2], |d| out.push(d));
        decode(5, &[], |d| out.push(d));
        assert_eq!(out, [6]);
    }
}
