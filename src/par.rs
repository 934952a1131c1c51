//! Mapping over a slice on every core, results in order: loading a folder
//! and importing a feed both spend their time in work that splits this way.

/// `f` over `items` (with each item's index), on all cores when each thread
/// would get at least `per_thread` items (starting a thread costs about as
/// much as that much work); results in order. A panic in `f` is passed on.
pub fn map_indexed<T: Sync, R: Send>(
    items: &[T],
    per_thread: usize,
    f: impl Fn(usize, &T) -> R + Sync,
) -> Vec<R> {
    let threads = std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(items.len() / per_thread.max(1))
        .max(1);
    if threads == 1 {
        return items.iter().enumerate().map(|(i, t)| f(i, t)).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = items
            .chunks(chunk)
            .enumerate()
            .map(|(c, part)| {
                scope.spawn(move || {
                    part.iter()
                        .enumerate()
                        .map(|(i, t)| f(c * chunk + i, t))
                        .collect::<Vec<R>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// `items.iter().map(f)` on every core, in order (see [`map_indexed`]).
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    // Reading and parsing a file is a fraction of a millisecond: a few
    // dozen make a thread worth starting.
    map_indexed(items, 32, |_, t| f(t))
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_come_back_in_order_with_their_indices() {
        for n in [0, 1, 31, 64, 1000] {
            let items: Vec<usize> = (0..n).collect();
            let out = super::map_indexed(&items, 8, |i, &t| (i, t * 2));
            assert_eq!(out, (0..n).map(|i| (i, i * 2)).collect::<Vec<_>>());
        }
    }
}
