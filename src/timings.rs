//! How long each stage of a build took (`--timings`, the benchmark).

use std::time::{Duration, Instant};

/// How long each stage took, for `--timings` and the benchmark.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration)>,
}

impl Timings {
    pub(crate) fn time<T>(&mut self, stage: &'static str, work: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let value = work();
        self.stages.push((stage, start.elapsed()));
        value
    }

    /// One line: "load 12.0 ms, check 3.1 ms, ...".
    pub fn summary(&self) -> String {
        let stages = self.stages.iter();
        let each =
            stages.map(|(stage, took)| format!("{stage} {:.1} ms", took.as_secs_f64() * 1e3));
        each.collect::<Vec<_>>().join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_summary_names_each_stage_with_its_time() {
        let timings = Timings {
            stages: vec![
                ("load", Duration::from_micros(12_040)),
                ("search", Duration::from_micros(3_100)),
            ],
        };
        assert_eq!(timings.summary(), "load 12.0 ms, search 3.1 ms");
    }
}
