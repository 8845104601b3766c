//! Hostile cases: markdown (filled in by its own change).

#[allow(unused_imports)]
use crate::harness::Case;
