//! One feed over HTTP: a conditional GET, redirects followed hop by hop
//! (so a permanent move can be told from a temporary one, and https is
//! never followed down to http), the status turned into what the engine
//! does next, the body read through a cap.

use std::path::Path;
use std::time::{Duration, Instant};

use crate::import::fetch::{Body, BodyError, SPOOL_ABOVE, read_capped};
use crate::store::state::FeedState;

/// The most redirects followed for one feed.
pub const MAX_HOPS: usize = 5;

/// `gogai/<version> (…)`, sent with every request, so a server's owner can
/// see who asks. (The project has no public home page yet; when it has,
/// it goes in the brackets as `+URL`.)
pub const USER_AGENT: &str = concat!("gogai/", env!("CARGO_PKG_VERSION"), " (feed reader)");

pub const ACCEPT: &str = "application/rss+xml, application/atom+xml, application/feed+json, \
                      application/xml;q=0.9, text/xml;q=0.9, text/html;q=0.8, */*;q=0.5";

/// The agents of one refresh: one shared by every feed (its connections
/// are reused), and, when the environment names a proxy, one without it for
/// loopback addresses.
pub struct Agents {
    shared: ureq::Agent,
    direct: ureq::Agent,
}

impl Agents {
    pub fn new() -> Self {
        let config = || {
            ureq::Agent::config_builder()
                .max_redirects(0)
                .http_status_as_error(false)
                .user_agent(USER_AGENT)
        };
        Self {
            shared: config().build().into(),
            direct: config().proxy(None).build().into(),
        }
    }

    fn for_url(&self, url: &url::Url) -> &ureq::Agent {
        let loopback = match url.host() {
            Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
            Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
            Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
            None => false,
        };
        if loopback { &self.direct } else { &self.shared }
    }
}

impl Default for Agents {
    fn default() -> Self {
        Self::new()
    }
}

/// What the server's answer means for the feed.
#[derive(Debug)]
pub enum Answer {
    /// 2xx: a body to read (a large one in a file, see [`read_capped`]).
    Body {
        body: Body,
        /// Where it came from, after redirects (the base for links).
        url: String,
        content_type: Option<String>,
        charset: Option<String>,
        etag: Option<String>,
        last_modified: Option<String>,
    },
    /// 304: nothing changed since the validators sent.
    NotModified {
        etag: Option<String>,
        last_modified: Option<String>,
    },
    /// 410: the feed is gone for good.
    Gone,
    /// 429 or 503: come back later; the seconds the server asked for, if
    /// it said.
    Later { status: u16, after: Option<u64> },
    /// Anything else that went wrong, said for the user.
    Failed { status: Option<u16>, why: String },
}

/// An answer and where permanent redirects led on the way to it.
#[derive(Debug)]
pub struct Got {
    pub answer: Answer,
    /// The last address reached by permanent redirects (301/308) only,
    /// from the feed's own: the address to subscribe to instead.
    pub moved_to: Option<String>,
}

/// How one feed is fetched.
#[derive(Debug, Clone, Copy)]
pub struct Limits<'a> {
    /// For all hops and the body.
    pub timeout: Duration,
    /// The most bytes read of a response (after decompression).
    pub max_bytes: u64,
    /// Where a large response is spooled.
    pub spool_dir: &'a Path,
}

/// Fetches `state.url` (or where it redirects), sending the stored
/// validators, within the limits. A feed file is read from disk, with no
/// cap: a large one is handed over open, to be read item by item.
pub fn get(agents: &Agents, state: &FeedState, limits: Limits<'_>) -> Got {
    if let Some(path) = local_path(&state.url) {
        return Got {
            answer: read_local(&path, state, limits.spool_dir),
            moved_to: None,
        };
    }
    let mut moved_to = None;
    let answer = follow(agents, state, limits, &mut moved_to);
    Got { answer, moved_to }
}

/// A subscription to a feed file (an absolute path, as `--subscribe FILE`
/// writes it, or a `file://` URL): its path.
fn local_path(source: &str) -> Option<std::path::PathBuf> {
    if source.starts_with('/') {
        return Some(std::path::PathBuf::from(source));
    }
    let url = url::Url::parse(source).ok()?;
    (url.scheme() == "file")
        .then(|| url.to_file_path().ok())
        .flatten()
}

/// Reads a feed file as a fetch would answer: unchanged since the last
/// refresh (by its modification time) is a 304; a large file is handed
/// over open rather than read.
fn read_local(path: &Path, state: &FeedState, spool_dir: &Path) -> Answer {
    let shown = path.display();
    let file = match crate::store::fsio::open_regular(path) {
        Ok(file) => file,
        Err(e) => return failed(format!("cannot read {shown}: {e}")),
    };
    let meta = file.metadata();
    // The modification time stands for the validators a server sends.
    let stamp = meta
        .as_ref()
        .ok()
        .and_then(|m| m.modified().ok())
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map(|d| format!("file {}.{:09}", d.as_secs(), d.subsec_nanos()));
    if stamp.is_some() && stamp == state.last_modified {
        return Answer::NotModified {
            etag: None,
            last_modified: stamp,
        };
    }
    let len = meta.map_or(0, |m| m.len());
    let body = if len > SPOOL_ABOVE {
        Body::File { file, len }
    } else {
        // Read through no cap but the file's end: one that grows while it
        // is read goes to a spool file rather than into memory.
        match read_capped(file, u64::MAX, spool_dir) {
            Ok(body) => body,
            Err(BodyError::Read(e) | BodyError::Spool(e)) => {
                return failed(format!("cannot read {shown}: {e}"));
            }
            Err(BodyError::TooLarge) => return failed(format!("cannot read {shown}: too large")),
        }
    };
    let url =
        url::Url::from_file_path(path).map_or_else(|()| path.display().to_string(), String::from);
    Answer::Body {
        body,
        url,
        content_type: None,
        charset: None,
        etag: None,
        last_modified: stamp,
    }
}

fn failed(why: String) -> Answer {
    Answer::Failed { status: None, why }
}

/// The hops of [`get`]; `moved_to` is kept up to date on the way.
fn follow(
    agents: &Agents,
    state: &FeedState,
    limits: Limits<'_>,
    moved_to: &mut Option<String>,
) -> Answer {
    let timeout = limits.timeout;
    let started = Instant::now();
    let mut permanent_so_far = true;
    let mut current = match url::Url::parse(&state.url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => u,
        Ok(u) => {
            return failed(format!(
                "only http and https are fetched, not {}",
                u.scheme()
            ));
        }
        Err(e) => return failed(format!("not a valid address: {e}")),
    };
    for _ in 0..=MAX_HOPS {
        let Some(left) = timeout.checked_sub(started.elapsed()) else {
            return failed(timed_out(timeout));
        };
        let mut request = agents
            .for_url(&current)
            .get(current.as_str())
            .header("Accept", ACCEPT);
        if let Some(etag) = &state.etag {
            request = request.header("If-None-Match", etag);
        }
        if let Some(modified) = &state.last_modified {
            request = request.header("If-Modified-Since", modified);
        }
        let response = match request.config().timeout_global(Some(left)).build().call() {
            Ok(r) => r,
            Err(ureq::Error::Timeout(_)) => return failed(timed_out(timeout)),
            Err(e) => return failed(e.to_string()),
        };
        let status = response.status().as_u16();
        let header = |name: &str| header_of(&response, name);
        match status {
            301 | 302 | 303 | 307 | 308 => {
                let Some(location) = header("location") else {
                    return Answer::Failed {
                        status: Some(status),
                        why: format!("the server answered {status} without a Location"),
                    };
                };
                let next = match current.join(&location) {
                    Ok(next) if matches!(next.scheme(), "http" | "https") => next,
                    _ => return failed(format!("redirected to an unusable address: {location}")),
                };
                if current.scheme() == "https" && next.scheme() == "http" {
                    return failed(format!(
                        "redirected from https down to http ({next}); not followed"
                    ));
                }
                permanent_so_far &= matches!(status, 301 | 308);
                if permanent_so_far {
                    *moved_to = Some(next.to_string());
                }
                current = next;
            }
            304 => {
                return Answer::NotModified {
                    etag: header("etag"),
                    last_modified: header("last-modified"),
                };
            }
            410 => return Answer::Gone,
            429 | 503 => {
                let after = header("retry-after").and_then(|v| retry_after(&v, now_secs()));
                return Answer::Later { status, after };
            }
            200..=299 => return read_body(response, &current, limits),
            _ => {
                let reason = response.status().canonical_reason().unwrap_or("");
                return Answer::Failed {
                    status: Some(status),
                    why: format!("the server answered {status} {reason}")
                        .trim_end()
                        .to_owned(),
                };
            }
        }
    }
    failed(format!("more than {MAX_HOPS} redirects"))
}

/// A response header as text, if it is there and readable.
fn header_of(response: &ureq::http::Response<ureq::Body>, name: &str) -> Option<String> {
    response
        .headers()
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
}

/// Reads a 2xx response's body through the cap; a large one is spooled to
/// disk as it comes.
fn read_body(
    response: ureq::http::Response<ureq::Body>,
    url: &url::Url,
    limits: Limits<'_>,
) -> Answer {
    let header = |name: &str| header_of(&response, name);
    let etag = header("etag");
    let last_modified = header("last-modified");
    let (_, mut body) = response.into_parts();
    if body.content_length().is_some_and(|n| n > limits.max_bytes) {
        return failed(too_large(url, limits.max_bytes));
    }
    let content_type = body.mime_type().map(str::to_owned);
    let charset = body.charset().map(str::to_owned);
    // ureq's own limit is lifted; `read_capped` is the cap.
    let read = read_capped(
        body.with_config().limit(u64::MAX).reader(),
        limits.max_bytes,
        limits.spool_dir,
    );
    let body = match read {
        Ok(body) => body,
        Err(BodyError::TooLarge) => return failed(too_large(url, limits.max_bytes)),
        Err(BodyError::Read(e)) => {
            return failed(if is_timeout(&e) {
                timed_out(limits.timeout)
            } else {
                format!("reading the response: {e}")
            });
        }
        Err(BodyError::Spool(e)) => {
            return failed(format!(
                "cannot make a spool file in {}: {e}",
                limits.spool_dir.display()
            ));
        }
    };
    Answer::Body {
        body,
        url: url.to_string(),
        content_type,
        charset,
        etag,
        last_modified,
    }
}

fn timed_out(timeout: Duration) -> String {
    format!("no answer within {} s", timeout.as_secs_f64())
}

/// Nothing of a response over the cap is written: it is read to the end
/// before any item is.
fn too_large(url: &url::Url, cap: u64) -> String {
    format!(
        "the response from {url} is larger than {cap} bytes (GOGAI_FETCH_MAX_BYTES); nothing of it was read"
    )
}

/// ureq reports a timeout while reading the body as an I/O error wrapping
/// its own.
fn is_timeout(e: &std::io::Error) -> bool {
    e.kind() == std::io::ErrorKind::TimedOut
        || e.get_ref()
            .and_then(|inner| inner.downcast_ref::<ureq::Error>())
            .is_some_and(|u| matches!(u, ureq::Error::Timeout(_)))
}

/// Seconds to wait from a Retry-After value: a number of seconds, or an
/// HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`) from `now` (Unix seconds).
/// A date in the past means now; anything else is not understood.
pub fn retry_after(value: &str, now: u64) -> Option<u64> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(secs);
    }
    let at = chrono::DateTime::parse_from_rfc2822(value)
        .ok()?
        .timestamp();
    Some(u64::try_from(at).unwrap_or(0).saturating_sub(now))
}

fn now_secs() -> u64 {
    crate::store::state::now_secs()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_takes_seconds_and_dates() {
        assert_eq!(retry_after("120", 0), Some(120));
        assert_eq!(retry_after(" 5 ", 0), Some(5));
        // 1994-11-06T08:49:37Z is 784111777.
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_700),
            Some(77)
        );
        assert_eq!(
            retry_after("Sun, 06 Nov 1994 08:49:37 GMT", 784_111_800),
            Some(0)
        );
        assert_eq!(retry_after("soon", 0), None);
    }
}
