//! One file per command; each returns how the run ends.

pub mod build;
pub mod check;
pub mod new;
pub mod serve;
pub mod translations;
