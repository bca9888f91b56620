//! Work on all cores, results in input order (the loader's texts and annotation files).

use std::collections::BTreeMap;

/// Threads for loading: the machine's cores, at most 8.
fn load_threads() -> usize {
    std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 8)
}

/// Runs `work` over `items` on several threads and hands each result to `consume` in input
/// order, on the calling thread, as soon as it and all before it are ready (so consuming
/// overlaps with the work on the rest).
pub(super) fn for_each_ordered<T: Sync, R: Send>(
    items: &[T],
    work: impl Fn(&T) -> R + Sync,
    mut consume: impl FnMut(usize, R),
) {
    let threads = load_threads().min(items.len().max(1));
    if threads <= 1 {
        for (i, item) in items.iter().enumerate() {
            consume(i, work(item));
        }
        return;
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, R)>(threads * 2);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            let (tx, next, work) = (tx.clone(), &next, &work);
            scope.spawn(move || {
                loop {
                    let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    if i >= items.len() || tx.send((i, work(&items[i]))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(tx);
        let mut waiting = BTreeMap::new();
        let mut due = 0;
        for (i, r) in rx {
            waiting.insert(i, r);
            while let Some(r) = waiting.remove(&due) {
                consume(due, r);
                due += 1;
            }
        }
    });
}

/// `work` over `items` on several threads; results in input order.
pub(super) fn parallel_map<T: Sync, R: Send>(items: &[T], work: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let mut out = Vec::with_capacity(items.len());
    for_each_ordered(items, work, |_, r| out.push(r));
    out
}
