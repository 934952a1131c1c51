//! Mapping over a slice on every core, results in order: loading a folder,
//! importing a feed and searching the text index all spend their time in
//! work that splits this way.

/// How many threads share `len` items so that each gets at least
/// `per_thread` (starting a thread costs about as much as that much work).
fn threads_for(len: usize, per_thread: usize) -> usize {
    std::thread::available_parallelism()
        .map_or(1, std::num::NonZeroUsize::get)
        .min(len / per_thread.max(1))
        .max(1)
}

/// `f` on nearly equal chunks of `items` (with the index of each chunk's
/// first item), one chunk per core when each would get at least
/// `per_thread` items; results in order. The first chunk runs on the
/// calling thread. A panic in `f` is passed on.
pub fn map_chunks<T: Sync, R: Send>(
    items: &[T],
    per_thread: usize,
    f: impl Fn(usize, &[T]) -> R + Sync,
) -> Vec<R> {
    let threads = threads_for(items.len(), per_thread);
    if threads == 1 {
        return vec![f(0, items)];
    }
    let size = items.len().div_ceil(threads);
    let mut chunks = items.chunks(size).enumerate();
    let first = chunks.next().map_or(&[][..], |(_, part)| part);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .map(|(c, part)| scope.spawn(move || f(c * size, part)))
            .collect();
        let mut out = Vec::with_capacity(threads);
        out.push(f(0, first));
        out.extend(handles.into_iter().map(|h| {
            h.join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        }));
        out
    })
}

/// `f` over `items` (with each item's index), on all cores when each thread
/// would get at least `per_thread` items; results in order (see
/// [`map_chunks`]).
pub fn map_indexed<T: Sync, R: Send>(
    items: &[T],
    per_thread: usize,
    f: impl Fn(usize, &T) -> R + Sync,
) -> Vec<R> {
    let mut parts = map_chunks(items, per_thread, |start, part| {
        part.iter()
            .enumerate()
            .map(|(i, t)| f(start + i, t))
            .collect::<Vec<R>>()
    });
    if parts.len() == 1 {
        return parts.pop().unwrap_or_default();
    }
    parts.into_iter().flatten().collect()
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

    #[test]
    fn chunks_cover_the_items_in_order() {
        for n in [0, 1, 7, 64, 1000] {
            let items: Vec<usize> = (0..n).collect();
            let parts = super::map_chunks(&items, 1, |start, part| (start, part.to_vec()));
            assert!(!parts.is_empty());
            let mut next = 0;
            for (start, part) in parts {
                assert_eq!(start, next);
                next += part.len();
                assert_eq!(part, (start..next).collect::<Vec<_>>());
            }
            assert_eq!(next, n);
        }
    }
}
