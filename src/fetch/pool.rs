//! Which feed a fetching thread takes next: in the order given, at most a
//! set number at once in all and per host.

use std::collections::HashMap;
use std::sync::{Condvar, Mutex, PoisonError};

/// The feeds waiting to be fetched and the hosts being fetched from.
pub struct Queue {
    inner: Mutex<Inner>,
    freed: Condvar,
    per_host: usize,
}

struct Inner {
    /// (feed index, host), in order.
    waiting: Vec<(usize, String)>,
    busy: HashMap<String, usize>,
}

impl Queue {
    pub fn new(jobs: Vec<(usize, String)>, per_host: usize) -> Self {
        Self {
            inner: Mutex::new(Inner {
                waiting: jobs,
                busy: HashMap::new(),
            }),
            freed: Condvar::new(),
            per_host: per_host.max(1),
        }
    }

    /// The next feed whose host has room, waiting for one to be freed;
    /// `None` when there is nothing left or `stop` says to stop.
    pub fn take(&self, stop: &dyn Fn() -> bool) -> Option<(usize, String)> {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            if inner.waiting.is_empty() || stop() {
                return None;
            }
            let room = inner
                .waiting
                .iter()
                .position(|(_, host)| inner.busy.get(host).copied().unwrap_or(0) < self.per_host);
            if let Some(at) = room {
                let job = inner.waiting.remove(at);
                *inner.busy.entry(job.1.clone()).or_default() += 1;
                return Some(job);
            }
            // Woken by `done`; the timeout only lets `stop` be looked at.
            inner = self
                .freed
                .wait_timeout(inner, std::time::Duration::from_millis(200))
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }

    /// A feed of `host` is finished: its place goes to the next.
    pub fn done(&self, host: &str) {
        let mut inner = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(n) = inner.busy.get_mut(host) {
            *n = n.saturating_sub(1);
        }
        drop(inner);
        self.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_host_waits_while_others_go_first() {
        let q = Queue::new(vec![(0, "a".into()), (1, "a".into()), (2, "b".into())], 1);
        let never = || false;
        assert_eq!(q.take(&never), Some((0, "a".into())));
        assert_eq!(q.take(&never), Some((2, "b".into())));
        q.done("a");
        assert_eq!(q.take(&never), Some((1, "a".into())));
        assert_eq!(q.take(&never), None);
    }
}
