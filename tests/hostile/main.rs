//! Hostile input: each case edits a copy of the real site the way an attacker
//! or a careless editor would, runs the real binary, and asserts the exit
//! code, the exact located errors, and (through the harness, for every run)
//! that nothing outside the output folder changed and that a failed run left
//! the output as it was. One module per class of attack.

#[path = "../support/mod.rs"]
mod support;

mod harness;

mod anonymisation;
mod diagnostics;
mod feeds;
mod hidden;
mod languages;
mod markdown;
mod output;
mod paths;
mod search_index;
mod serve;
mod shapes;
mod survivors;
mod topics;
