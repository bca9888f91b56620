//! Speed at scale: a deterministic synthetic-corpus generator ([`corpus`], and a second annotator's
//! layer for it: [`layers`]) and the benchmark that
//! measures the figures of `docs/performance.md` ([`run`]: the command; [`measure`]: the timed
//! runs; `rows.rs`: each figure against its target, `views.rs` the timeline and graph rows;
//! `report.rs`: the Markdown), behind
//! `weft bench gen|run|open`.
//!
//! The benchmark drives the real code: the real [`crate::ui::WeftApp`] headless for frame
//! times, the real store for opening and saving, the real exporter. Timings live here and in
//! `docs/performance.md`, never in `cargo test`; `tests/perf_design.rs` guards the design
//! (counters of work done) instead.

pub mod corpus;
pub mod layers;
pub mod measure;
pub mod peers;
mod report;
mod rows;
pub mod run;
pub mod startup;
pub mod team_frames;
mod views;

/// A small, fast, seedable random number generator (SplitMix64). Not for anything secret: it
/// makes synthetic corpora reproducible from a seed.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n` > 0; the tiny modulo bias does not matter here).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
}

/// CPU time used by the calling thread, in seconds (wall time where the OS has no such clock).
pub fn thread_cpu_secs() -> f64 {
    #[cfg(unix)]
    {
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: `ts` is a valid, writable timespec; the clock id is a constant of the OS.
        let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
        if rc == 0 {
            return ts.tv_sec as f64 + ts.tv_nsec as f64 * 1e-9;
        }
    }
    use std::sync::OnceLock;
    static START: OnceLock<std::time::Instant> = OnceLock::new();
    START
        .get_or_init(std::time::Instant::now)
        .elapsed()
        .as_secs_f64()
}

/// Peak resident memory of this process (VmHWM) in bytes, from `/proc/self/status`.
pub fn peak_rss_bytes() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

#[cfg(test)]
mod tests {
    use super::Rng;

    #[test]
    fn the_generator_repeats_for_a_seed_and_differs_between_seeds() {
        let a: Vec<u64> = (0..5)
            .map({
                let mut r = Rng::new(7);
                move |_| r.next_u64()
            })
            .collect();
        let b: Vec<u64> = (0..5)
            .map({
                let mut r = Rng::new(7);
                move |_| r.next_u64()
            })
            .collect();
        let c: Vec<u64> = (0..5)
            .map({
                let mut r = Rng::new(8);
                move |_| r.next_u64()
            })
            .collect();
        assert_eq!(a, b);
        assert_ne!(a, c);
        let mut r = Rng::new(1);
        assert!((0..1000).all(|_| r.below(10) < 10));
    }
}
