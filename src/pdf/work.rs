//! Jobs spread over the cores, with results in job order whatever thread ran them (so
//! the output does not depend on scheduling).

use std::sync::atomic::{AtomicUsize, Ordering};

/// Threads to use: the cores the process may run on.
pub fn threads() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get())
}

/// Runs jobs `0..count` on up to `threads` threads (this one included), taking the next
/// job as each thread comes free; every thread keeps its own state from `init` (a
/// compressor, say). Returns the results by job index, or `None` if a thread panicked.
pub fn ordered<S, T: Send>(
    count: usize,
    threads: usize,
    init: impl Fn() -> S + Sync,
    job: impl Fn(&mut S, usize) -> T + Sync,
) -> Option<Vec<T>> {
    let next = AtomicUsize::new(0);
    let run = || {
        let mut state = init();
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            if i >= count {
                return done;
            }
            done.push((i, job(&mut state, i)));
        }
    };
    let helpers = threads.clamp(1, count.max(1)) - 1;
    let mut all: Vec<(usize, T)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..helpers).map(|_| scope.spawn(run)).collect();
        let mut all = run();
        for h in handles {
            all.extend(h.join().ok()?);
        }
        Some(all)
    })?;
    all.sort_unstable_by_key(|(i, _)| *i);
    Some(all.into_iter().map(|(_, t)| t).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_job_order() {
        for threads in [1, 2, 5] {
            let out = ordered(
                10,
                threads,
                || 0,
                |calls: &mut usize, i| {
                    *calls += 1;
                    i * i
                },
            );
            assert_eq!(out.unwrap(), (0..10).map(|i| i * i).collect::<Vec<_>>());
        }
        assert_eq!(ordered(0, 2, || (), |_, i| i).unwrap(), Vec::<usize>::new());
    }
}
