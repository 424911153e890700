//! Many engagements at once (`nudj batch`): work shared out to plain worker threads.
//!
//! Not rayon: Typst lays pages out on rayon's pool, and a rayon worker that waits for that
//! inner work steals other queued reports and nests them on its stack, so many reports were
//! in flight at once and none could release its memory (measured: 16 reports, 1 thread,
//! 502 MB peak). With plain threads each worker makes one report at a time.

use std::sync::atomic::{AtomicUsize, Ordering};

use crate::error::{Error, Result};

/// `make` run on every item by `jobs` worker threads (at least one, at most one per item),
/// each taking the next item when it is done; the results in the items' order. A worker
/// only ends early by panicking on a bug: the items it had taken then fail with
/// [`Error::Internal`].
pub fn in_parallel<T, R>(
    items: &[T],
    jobs: usize,
    make: impl Fn(&T) -> Result<R> + Sync,
) -> Vec<Result<R>>
where
    T: Sync,
    R: Send,
{
    let jobs = jobs.clamp(1, items.len().max(1));
    let next = AtomicUsize::new(0);
    let mut done_by_worker: Vec<Vec<(usize, Result<R>)>> = Vec::with_capacity(jobs);
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs)
            .map(|_| {
                scope.spawn(|| {
                    let mut mine = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(i) else {
                            break mine;
                        };
                        mine.push((i, make(item)));
                    }
                })
            })
            .collect();
        for w in workers {
            done_by_worker.push(w.join().unwrap_or_default());
        }
    });
    let mut results: Vec<Option<Result<R>>> = (0..items.len()).map(|_| None).collect();
    for (i, r) in done_by_worker.into_iter().flatten() {
        if let Some(slot) = results.get_mut(i) {
            *slot = Some(r);
        }
    }
    results
        .into_iter()
        .map(|r| r.unwrap_or_else(|| Err(Error::internal("this item's worker stopped"))))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_keep_the_items_order_whatever_the_workers() {
        let items: Vec<u32> = (0..20).collect();
        for jobs in [0, 1, 3, 50] {
            let out = in_parallel(&items, jobs, |x| Ok(x * 2));
            let out: Vec<u32> = out.into_iter().map(|r| r.unwrap()).collect();
            assert_eq!(out, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        }
        assert!(in_parallel(&[] as &[u32], 4, |x| Ok(*x)).is_empty());
    }

    #[test]
    fn a_failed_item_fails_alone_and_a_lost_worker_is_an_internal_error() {
        let out = in_parallel(&[1, 2, 3], 1, |x| {
            if *x == 2 {
                Err(Error::internal("two"))
            } else {
                Ok(*x)
            }
        });
        assert!(matches!(out.as_slice(), [Ok(1), Err(_), Ok(3)]));
        // One worker that panics on its first item: every item is reported, none is lost.
        let out = in_parallel(&[1, 2], 1, |x: &i32| -> Result<i32> {
            if *x == 1 {
                panic!("a bug");
            }
            Ok(*x)
        });
        assert_eq!(out.len(), 2);
        assert!(out.iter().all(|r| matches!(r, Err(Error::Internal(_)))));
    }
}
