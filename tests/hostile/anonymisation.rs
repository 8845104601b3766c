//! Hostile cases: anonymisation (filled in by its own change).

#[allow(unused_imports)]
use crate::harness::Case;
