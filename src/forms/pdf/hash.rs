//! A tiny, stable hash for deterministic identifiers (file /ID, subset tags).
//!
//! `std`'s `DefaultHasher` makes no promise of stability across Rust
//! releases, so we use FNV-1a, which is fixed by definition.

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// FNV-1a over `data`, starting from `seed` mixed into the offset basis.
pub fn fnv64(seed: u64, data: &[u8]) -> u64 {
    data.iter().fold(OFFSET ^ seed, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(PRIME)
    })
}

/// Sixteen bytes of hash, as the PDF trailer /ID wants.
pub fn digest16(data: &[u8]) -> Vec<u8> {
    let mut out = fnv64(0, data).to_be_bytes().to_vec();
    out.extend(fnv64(0x9e37_79b9_7f4a_7c15, data).to_be_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stable_values() {
        assert_eq!(fnv64(0, b""), OFFSET);
        assert_eq!(fnv64(0, b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(digest16(b"abc").len(), 16);
    }
}
